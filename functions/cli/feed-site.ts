// A made-up news site on 127.0.0.1 for the feed benchmark (npm run bench:feed) and the feed tests: HTML story
// pages and an RSS 2.0 feed listing them (newest first), both changeable while it runs (add a story, make a page
// answer 404, slow pages down).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const TOPICS = [
  ['harbour', 'Harbour town votes to rebuild its sea wall', 'the harbour master, Tom Aldous'],
  ['library', 'Library stays open until midnight for exams', 'the head librarian, Ana Ruiz'],
  ['river', 'Volunteers clear two tonnes of rubbish from the river', 'the organiser, Grace Oyelaran'],
  ['bakery', 'Family bakery wins the county prize for its rye loaf', 'the baker, Marta Kowalczyk'],
  ['bus', 'New night bus links the estates to the hospital', 'the ward manager, Dele Adebayo'],
  ['orchard', 'Orchards bloom three weeks early after a mild winter', 'the grower, Ian Petrie'],
  ['bridge', 'Old footbridge reopens after a year of repairs', 'the engineer, Sofia Lindgren'],
  ['school', 'Primary school opens a garden run by its pupils', 'the head teacher, Rosa Mendes'],
] as const;

export interface SiteStory {
  readonly slug: string;
  readonly title: string;
  /** ISO 8601. */
  readonly publishedAt: string;
}

/** The n-th (0-based) made-up story: a different topic, headline, speaker and text for each n. */
export function siteStory(n: number): SiteStory {
  const [topic, headline] = TOPICS[n % TOPICS.length] as (typeof TOPICS)[number];
  const round = Math.floor(n / TOPICS.length);
  return {
    slug: `${topic}-${n}`,
    title: round === 0 ? headline : `${headline} (part ${round + 1})`,
    publishedAt: new Date(Date.UTC(2024, 4, 1, 8) + n * 3_600_000).toISOString(),
  };
}

function page(n: number): string {
  const story = siteStory(n);
  const [topic, , speaker] = TOPICS[n % TOPICS.length] as (typeof TOPICS)[number];
  const paragraphs = [
    `The town of Alderbury took a decision about its ${topic} on Tuesday, story number ${n}, after months of debate in the council chamber and at the market hall.`,
    `Around ${120 + n * 7} residents attended the meeting, which ran past ten in the evening. The council said the plan for the ${topic} would cost about £${(n + 2) * 3} million over five years.`,
    `“We have talked about the ${topic} for ${n + 3} years, and tonight we finally chose to act,” said ${speaker}. “People here wanted a decision, and now they have one.”`,
    `Work on the ${topic} is expected to begin in the spring of ${2025 + (n % 3)}, once the contracts have been signed and the funding confirmed by the county.`,
    `Opponents of the plan said the money for the ${topic} would be better spent on roads, and asked the council to publish its full costs before the work starts.`,
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${story.title} | Alderbury Echo</title>
<meta property="og:site_name" content="Alderbury Echo"><meta property="article:published_time" content="${story.publishedAt}">
</head><body><article><h1>${story.title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}

function feed(stories: readonly number[]): string {
  const items = [...stories]
    .reverse()
    .map((n) => {
      const s = siteStory(n);
      return `<item><title>${s.title}</title><link>stories/${s.slug}.html</link><guid isPermaLink="false">echo-${n}</guid><pubDate>${new Date(s.publishedAt).toUTCString()}</pubDate></item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Alderbury Echo</title><link>http://example.invalid/</link>\n${items}\n</channel></rss>`;
}

export interface FeedSite {
  /** `http://127.0.0.1:PORT/feed.xml` */
  readonly feedUrl: string;
  readonly base: string;
  /** The stories the feed lists, by number, oldest first. */
  stories: number[];
  /** Story pages that answer 404. */
  readonly missing: Set<number>;
  /** Milliseconds each story page waits before answering. */
  delayMs: number;
  /** Page requests answered, and the most served at once. */
  readonly stats: { requests: number; concurrent: number; peak: number };
  stop(): Promise<void>;
}

export async function startFeedSite(stories: readonly number[]): Promise<FeedSite> {
  const timers = new Set<NodeJS.Timeout>();
  const site = {
    stories: [...stories],
    missing: new Set<number>(),
    delayMs: 0,
    stats: { requests: 0, concurrent: 0, peak: 0 },
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(feed(site.stories));
      return;
    }
    const match = /^\/stories\/[a-z]+-(\d+)\.html$/.exec(path);
    const n = match ? Number(match[1]) : -1;
    if (!match || site.missing.has(n)) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>Not found</h1>');
      return;
    }
    site.stats.requests++;
    site.stats.concurrent++;
    site.stats.peak = Math.max(site.stats.peak, site.stats.concurrent);
    const answer = () => {
      timers.delete(timer);
      site.stats.concurrent--;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(n));
    };
    const timer = setTimeout(answer, site.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(site, {
    base,
    feedUrl: `${base}/feed.xml`,
    async stop() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}
