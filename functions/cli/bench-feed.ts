// `npm run bench:feed [-- --stories 20 --delay 0 --runs 5]`: how long a feed of N stories takes to become an issue
// (feed fetched and parsed, every story fetched, extracted and digested a few at a time, the email rendered), against
// a made-up news site on 127.0.0.1, beside the pages' own fetch time (the same pages fetched raw, as many at once).
// The target: the issue in under 2 s plus that fetch time. --delay makes each page wait (a slow site), to show that
// the bounded concurrency, not the digest, sets the pace then. Medians of --runs runs, after one warm-up run.
import { cpus, loadavg } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import pMap from 'p-map';
import { fetch } from 'undici';
import { articleSourceFor, documentSourceFor } from '../adapters/article-sources/index.js';
import { fileTemplates } from '../adapters/templates.js';
import { feedCandidates, STORY_LOAD_CONCURRENCY } from '../delivery/stories.js';
import { loadStories } from '../delivery/story-selection.js';
import { createStoriesRenderer } from '../email/stories.js';
import { startFeedSite } from './feed-site.js';
import { LOCAL_BRANDING } from './local-stack.js';

const TARGET_MS = 2_000;

function whole(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`a whole number, ${min} to ${max}`);
    return n;
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(options: { stories: number; delay: number; runs: number }): Promise<boolean> {
  const site = await startFeedSite(Array.from({ length: options.stories }, (_, i) => i));
  site.delayMs = options.delay;
  const render = createStoriesRenderer(fileTemplates(), LOCAL_BRANDING);
  const local = { privateNetwork: 'allow' } as const;
  try {
    const issueMs: number[] = [];
    const fetchMs: number[] = [];
    let digested = 0;
    for (let run = 0; run <= options.runs; run++) {
      // The issue: what the digest function does before it records anything.
      const t0 = performance.now();
      const document = await documentSourceFor(site.feedUrl, { ...local, feeds: true }).load();
      if (document.kind !== 'feed') throw new Error('the site did not serve a feed');
      const { candidates } = feedCandidates(document.feed);
      const loaded = await loadStories(candidates.slice(0, options.stories), (l) =>
        articleSourceFor(l, local).load(),
      );
      render(loaded.stories.map((s) => s.digest));
      const t1 = performance.now();
      // The pages' own fetch time: the feed and the same pages, fetched raw the same number at a time.
      const pages = [site.feedUrl, ...candidates.slice(0, options.stories).map((c) => c.location)];
      const t2 = performance.now();
      await pMap(pages, async (url) => (await fetch(url)).arrayBuffer(), {
        concurrency: STORY_LOAD_CONCURRENCY,
      });
      const t3 = performance.now();
      if (loaded.leftOut.length > 0) throw new Error(`stories left out: ${JSON.stringify(loaded.leftOut)}`);
      digested = loaded.stories.length;
      if (run === 0) continue; // warm-up: module loading and JIT
      issueMs.push(t1 - t0);
      fetchMs.push(t3 - t2);
    }
    const issue = median(issueMs);
    const fetched = median(fetchMs);
    const beyond = issue - fetched;
    const ok = beyond < TARGET_MS;
    const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(26)}${value}\n`);
    line('stories', `${digested} (feed of ${options.stories}, pages delayed ${options.delay} ms each)`);
    line('issue, feed to email', `${issue.toFixed(0)} ms (median of ${options.runs})`);
    line('pages fetched raw', `${fetched.toFixed(0)} ms, ${STORY_LOAD_CONCURRENCY} at a time`);
    line(
      'beyond the fetches',
      `${beyond.toFixed(0)} ms (${(beyond / Math.max(1, digested)).toFixed(1)} ms a story)`,
    );
    line('target', `under ${TARGET_MS} ms beyond the fetches: ${ok ? 'met' : 'NOT MET'}`);
    line(
      'machine',
      `${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work slows this run)`,
    );
    return ok;
  } finally {
    await site.stop();
  }
}

new Command()
  .name('npm run bench:feed --')
  .description('Time a feed of N stories becoming an issue, beside the pages’ own fetch time')
  .option('--stories <n>', 'stories in the feed', whole(1, 20), 20)
  .option('--delay <ms>', 'how long each story page waits before answering', whole(0, 10_000), 0)
  .option('--runs <n>', 'timed runs (after one warm-up)', whole(1, 50), 5)
  .action(async (options: { stories: number; delay: number; runs: number }) => {
    if (!(await main(options))) process.exitCode = 1;
  })
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
