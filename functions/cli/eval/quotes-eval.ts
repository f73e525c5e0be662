// Quote evaluation: runs the real digest pipeline over a quotes JSONL file and scores the quotes found
// against the human references, as ../shared/eval/README.md defines it. Also checks the sample article
// against the seed gold, and times extractQuotes. Run:
//   npx tsx functions/cli/eval/quotes-eval.ts [FILE.jsonl] [--errors]
//   npx tsx functions/cli/eval/quotes-eval.ts --bench [FILE.jsonl ...]
//
// Words for overlap are lower-case runs of letters and digits (Unicode), with apostrophes inside a word
// dropped (don't → dont) and every other character a separator (first-order → first, order). A found
// quote matches a gold quote when it covers ≥ 80% of the gold quote's words and ≥ half of its own words
// are in the gold quote (multiset counts), one-to-one, best overlaps first. The 6-word floor counts words
// as a reader does, whitespace-separated with a letter or digit in them (as the gold set was built:
// "first-order business" is two words); found quotes under it are not scored. Speakers: same surname,
// and same given name where both give one, or every word of the gold's name inside the found name; titles
// are ignored.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDigest, cleanArticle, extractQuotes } from '../../engine/index.js';

export interface GoldQuote {
  readonly text: string;
  readonly speaker: string | null;
  readonly speakerKind?: string;
}

export interface FoundQuote {
  readonly text: string;
  readonly speaker: string | null;
}

export interface ArticleScore {
  readonly id: string;
  /**
   * True when the article writes its quotations with two apostrophes (''like this'') and the gold set
   * has no quotation for it: the gold was built from double-quote characters only, so it is blind here.
   */
  readonly goldBlind: boolean;
  readonly gold: number;
  /** Found quotes of 6+ words. */
  readonly found: number;
  readonly matched: number;
  readonly namedMatched: number;
  readonly namedCorrect: number;
  readonly misses: readonly GoldQuote[];
  readonly extras: readonly FoundQuote[];
  readonly wrongSpeakers: readonly { gold: GoldQuote; found: FoundQuote }[];
}

export interface EvalSummary {
  readonly articles: number;
  readonly gold: number;
  readonly found: number;
  readonly matched: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly namedMatched: number;
  readonly speakerAccuracy: number;
  readonly msPerArticle: number;
  readonly perArticle: readonly ArticleScore[];
}

const MIN_WORDS = 6;

/** Words as a reader counts them, for the 6-word floor. */
export function readerWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Lower-case word tokens: letters and digits, apostrophes inside words dropped. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}])/gu, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function counts(ws: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of ws) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (const [w, c] of a) n += Math.min(c, b.get(w) ?? 0);
  return n;
}

/** Titles and role words ignored when comparing speakers. */
const TITLES = new Set(
  (
    'the mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father president vice prime minister ' +
    'chancellor secretary speaker leader chairman chairwoman chair sen senator rep representative congressman ' +
    'congresswoman gov governor mayor councillor cllr councilman councilwoman judge justice gen general lt col ' +
    'maj capt sgt adm admiral colonel lieutenant sergeant captain officer det inspector chief commissioner ambassador del delegate attorney spokesman ' +
    'spokeswoman spokesperson deputy former retired first interim executive press'
  ).split(' '),
);
/** Capitalised words that do not name anyone: sentence openers and common nouns. */
const NOT_NAMES = new Set(
  'a an the his her their its our my one some many only officials experts sources analysts critics'.split(
    ' ',
  ),
);
const PREPOSITIONS = new Set('at for of in on from with by to about'.split(' '));
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

export interface SpeakerKey {
  readonly surname: string;
  readonly given: ReadonlySet<string>;
  /** Every word of the name, titles left out, in the form `words` gives them. */
  readonly words: readonly string[];
}

/** Reduces a speaker string ("Rep. Jim Clyburn (D-S.C.), the assistant leader") to surname and given names. */
export function speakerKey(speaker: string): SpeakerKey | null {
  const text = speaker
    .normalize('NFKC')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/["“”][^"“”]{1,20}["“”]/g, ' ');
  const segments = text.split(/,|\s(?:of|who|whose|which)\s/);
  for (const segment of segments) {
    const tokens = segment.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t));
    let best: string[] | null = null;
    let run: string[] = [];
    const flush = (next: string | undefined) => {
      if (run.length === 0) return;
      const last = run[run.length - 1] ?? '';
      const possessive = /['’]s?$/.test(last);
      // "Scott's niece": a possessive name followed by more words is not the speaker.
      if (!(possessive && next !== undefined)) best = run;
      run = [];
    };
    let afterPreposition = false;
    tokens.forEach((t, i) => {
      const capital = /^[\p{Lu}\p{N}]/u.test(t.replace(/^[^\p{L}\p{N}]+/u, ''));
      if (capital && NOT_NAMES.has(t.toLowerCase())) {
        flush(tokens[i]);
        return;
      }
      if (capital) {
        // A name after a preposition ("partner at Lenox") is not the speaker.
        if (run.length === 0 && afterPreposition) return;
        run.push(t);
      } else {
        flush(tokens[i]);
        if (PREPOSITIONS.has(t.toLowerCase())) afterPreposition = true;
        else if (t.toLowerCase() !== 'the') afterPreposition = false;
      }
      if (/['’]s$/.test(t) && i < tokens.length - 1) flush(tokens[i + 1]);
    });
    flush(undefined);
    if (best === null) continue;
    const names = (best as string[])
      .map((w) =>
        w
          .replace(/['’]s?$/u, '')
          .replace(/\.$/, '')
          .toLowerCase(),
      )
      .filter((w) => !TITLES.has(w));
    let end = names.length - 1;
    while (end > 0 && SUFFIXES.has(names[end] ?? '')) end--;
    const surname = names[end];
    if (surname === undefined || surname === '') continue;
    const given = new Set(names.slice(0, end).filter((w) => w.replace(/[^\p{L}]/gu, '').length > 1));
    return {
      surname: surname.replace(/[^\p{L}\p{N}-]/gu, ''),
      given,
      words: names.flatMap((w) => words(w)),
    };
  }
  const all = words(speaker);
  const last = all[all.length - 1];
  return last === undefined ? null : { surname: last, given: new Set(), words: all };
}

/**
 * Same surname, and a shared given name where both give one; or every word of the gold's name inside the
 * found name ("Peabody" is right as "Peabody Energy", "Mr. Lou" as "Lou Jiwei", "Tom" as "Tom Ebeling").
 */
export function sameSpeaker(gold: string | null, found: string | null): boolean {
  if (gold === null || found === null) return false;
  const a = speakerKey(gold);
  const b = speakerKey(found);
  if (a === null || b === null) return false;
  const foundWords = new Set(words(found));
  if (a.words.length > 0 && a.words.every((w) => foundWords.has(w))) return true;
  if (a.surname !== b.surname) return false;
  if (a.given.size === 0 || b.given.size === 0) return true;
  for (const g of a.given) if (b.given.has(g)) return true;
  return false;
}

/** Scores one article's found quotes against its gold quotes. */
export function scoreArticle(
  id: string,
  gold: readonly GoldQuote[],
  foundAll: readonly FoundQuote[],
  text = '',
): ArticleScore {
  const found = foundAll.filter((f) => readerWords(f.text) >= MIN_WORDS);
  const goldCounts = gold.map((g) => counts(words(g.text)));
  const foundCounts = found.map((f) => counts(words(f.text)));
  const pairs: { g: number; f: number; score: number }[] = [];
  goldCounts.forEach((gc, g) => {
    const gn = words(gold[g]?.text ?? '').length;
    foundCounts.forEach((fc, f) => {
      const fn = words(found[f]?.text ?? '').length;
      const common = overlap(gc, fc);
      const coverage = gn === 0 ? 0 : common / gn;
      const precision = fn === 0 ? 0 : common / fn;
      if (coverage >= 0.8 && precision >= 0.5) pairs.push({ g, f, score: coverage + precision });
    });
  });
  pairs.sort((a, b) => b.score - a.score);
  const goldUsed = new Map<number, number>();
  const foundUsed = new Set<number>();
  for (const p of pairs) {
    if (goldUsed.has(p.g) || foundUsed.has(p.f)) continue;
    goldUsed.set(p.g, p.f);
    foundUsed.add(p.f);
  }
  let namedMatched = 0;
  let namedCorrect = 0;
  const wrongSpeakers: { gold: GoldQuote; found: FoundQuote }[] = [];
  for (const [g, f] of goldUsed) {
    const gq = gold[g];
    const fq = found[f];
    if (gq === undefined || fq === undefined || gq.speakerKind !== 'named') continue;
    namedMatched++;
    if (sameSpeaker(gq.speaker, fq.speaker)) namedCorrect++;
    else wrongSpeakers.push({ gold: gq, found: fq });
  }
  return {
    id,
    goldBlind: gold.length === 0 && (text.match(/''/g)?.length ?? 0) >= 2,
    gold: gold.length,
    found: found.length,
    matched: goldUsed.size,
    namedMatched,
    namedCorrect,
    misses: gold.filter((_, g) => !goldUsed.has(g)),
    extras: found.filter((_, f) => !foundUsed.has(f)),
    wrongSpeakers,
  };
}

interface EvalLine {
  readonly id: string;
  readonly text: string;
  readonly title?: string;
  readonly quotes: readonly GoldQuote[];
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Runs the digest pipeline over every article of a quotes JSONL file and scores the quotes. */
export function evaluateQuotes(file: string): EvalSummary {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const perArticle: ArticleScore[] = [];
  let elapsed = 0;
  for (const line of lines) {
    const item = JSON.parse(line) as EvalLine;
    const started = performance.now();
    const digest = buildDigest(
      item.title === undefined
        ? { text: item.text, meta: { kind: 'inline', location: item.id } }
        : { title: item.title, text: item.text, meta: { kind: 'inline', location: item.id } },
      { points: 3 },
    );
    elapsed += performance.now() - started;
    perArticle.push(scoreArticle(item.id, item.quotes, digest.quotes, item.text));
  }
  return summarise(perArticle, ratio(elapsed, perArticle.length));
}

/** Totals over articles: precision, recall and F1 over quotes, speaker accuracy over named matches. */
export function summarise(perArticle: readonly ArticleScore[], msPerArticle = 0): EvalSummary {
  const sum = (f: (a: ArticleScore) => number) => perArticle.reduce((n, a) => n + f(a), 0);
  const gold = sum((a) => a.gold);
  const found = sum((a) => a.found);
  const matched = sum((a) => a.matched);
  const precision = ratio(matched, found);
  const recall = ratio(matched, gold);
  const namedMatched = sum((a) => a.namedMatched);
  return {
    articles: perArticle.length,
    gold,
    found,
    matched,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    namedMatched,
    speakerAccuracy: ratio(
      sum((a) => a.namedCorrect),
      namedMatched,
    ),
    msPerArticle,
    perArticle,
  };
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ')).join('\n');
}

/** Scores a quotes JSONL file and returns a small printed table. */
export async function runQuotesEval(file: string): Promise<string> {
  const all = evaluateQuotes(file);
  const pct = (x: number) => (100 * x).toFixed(1);
  const row = (label: string, s: EvalSummary) => [
    label,
    String(s.articles),
    String(s.gold),
    String(s.found),
    String(s.matched),
    pct(s.precision),
    pct(s.recall),
    pct(s.f1),
    `${pct(s.speakerAccuracy)} (${s.perArticle.reduce((n, a) => n + a.namedCorrect, 0)}/${s.namedMatched})`,
  ];
  const rows = [
    ['set', 'articles', 'gold', 'found(6+)', 'matched', 'P', 'R', 'F1', 'speaker acc (named)'],
    row('all', all),
  ];
  const seeing = all.perArticle.filter((a) => !a.goldBlind);
  if (seeing.length < all.perArticle.length) {
    rows.push(row("without ''-quoted articles the gold misses", summarise(seeing)));
  }
  return `${table(rows)}\ndigest time: ${all.msPerArticle.toFixed(2)} ms/article (first call included)`;
}

/** Lists the misses, extras and wrong speakers of an evaluation, for error analysis. */
export function describeErrors(summary: EvalSummary): string {
  const out: string[] = [];
  const cut = (t: string) => (t.length > 140 ? `${t.slice(0, 137)}...` : t);
  for (const a of summary.perArticle) {
    for (const m of a.misses) out.push(`MISS   ${a.id}: ${cut(m.text)}`);
    for (const e of a.extras) out.push(`EXTRA  ${a.id}: [${e.speaker ?? '-'}] ${cut(e.text)}`);
    for (const w of a.wrongSpeakers) {
      out.push(
        `SPEAKER ${a.id}: gold=${w.gold.speaker} found=${w.found.speaker ?? 'null'} | ${cut(w.gold.text)}`,
      );
    }
  }
  return out.join('\n');
}

/**
 * Times extractQuotes alone over the articles of JSONL files (lines with a `text`): CPU time per article
 * on the first pass (cold code) and averaged over four more passes (warm), as a benchmark prints it.
 */
export function benchQuotes(files: readonly string[]): string {
  const articles = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const item = JSON.parse(l) as { text: string; title?: string };
        return cleanArticle(
          item.title === undefined ? { text: item.text } : { title: item.title, text: item.text },
        );
      }),
  );
  const pass = () => {
    const start = process.cpuUsage();
    let quotes = 0;
    for (const a of articles) quotes += extractQuotes(a).length;
    const used = process.cpuUsage(start);
    return { ms: (used.user + used.system) / 1000 / Math.max(1, articles.length), quotes };
  };
  const first = pass();
  const warm = [pass(), pass(), pass(), pass()];
  const warmMs = warm.reduce((n, p) => n + p.ms, 0) / warm.length;
  const chars = articles.reduce((n, a) => n + a.paragraphs.reduce((m, p) => m + p.length, 0), 0);
  return [
    `extractQuotes over ${articles.length} articles (${Math.round(chars / Math.max(1, articles.length))} chars each on average, ${first.quotes} quotes)`,
    `  first pass: ${first.ms.toFixed(3)} ms/article (CPU time, cold code)`,
    `  warm:       ${warmMs.toFixed(3)} ms/article (CPU time, mean of 4 passes)`,
  ].join('\n');
}

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The shared evaluation folder beside the project (or beside a worktree's parent), if present. */
export function findSharedEval(): string | null {
  for (const up of ['..', join('..', '..'), join('..', '..', '..')]) {
    const dir = resolve(projectRoot, up, 'shared', 'eval');
    if (existsSync(join(dir, 'seed-gold.json'))) return dir;
  }
  return null;
}

export interface SeedCheck {
  readonly fullFound: number;
  readonly fullTotal: number;
  readonly speakersRight: number;
  readonly partialFound: number;
  readonly partialTotal: number;
  readonly report: string;
}

/** Scores the sample article against the seed gold: full quotes and speakers, partial quotes as partial. */
export function runSeedQuoteCheck(sharedEval = findSharedEval()): SeedCheck | null {
  if (sharedEval === null) return null;
  const gold = JSON.parse(readFileSync(join(sharedEval, 'seed-gold.json'), 'utf8')) as {
    quotes: GoldQuote[];
    partialQuotes: GoldQuote[];
  };
  const text = readFileSync(join(projectRoot, 'samples', 'sample-article.txt'), 'utf8');
  const digest = buildDigest(
    { text, meta: { kind: 'sample', location: 'samples/sample-article.txt' } },
    { points: 3 },
  );
  const lines: string[] = [];
  let fullFound = 0;
  let speakersRight = 0;
  for (const g of gold.quotes) {
    const score = scoreArticle('seed', [g], digest.quotes);
    const match = digest.quotes.find((q) => scoreArticle('seed', [g], [q]).matched === 1);
    if (score.matched === 1 && match !== undefined) {
      fullFound++;
      const right = sameSpeaker(g.speaker, match.speaker);
      if (right) speakersRight++;
      lines.push(`${right ? 'ok  ' : 'SPKR'} ${match.speaker ?? 'null'} | ${g.text.slice(0, 70)}`);
    } else lines.push(`MISS ${g.speaker} | ${g.text.slice(0, 70)}`);
  }
  let partialFound = 0;
  for (const g of gold.partialQuotes) {
    const gw = counts(words(g.text));
    const match = digest.quotes.find((q) => {
      const common = overlap(gw, counts(words(q.text)));
      return common / words(g.text).length >= 0.8 && common / Math.max(1, words(q.text).length) >= 0.5;
    });
    if (match?.partial) partialFound++;
    lines.push(`${match === undefined ? 'MISS' : match.partial ? 'ok  ' : 'FULL'} partial | ${g.text}`);
  }
  lines.push(
    `full quotes ${fullFound}/${gold.quotes.length}, speakers ${speakersRight}/${gold.quotes.length}, partial ${partialFound}/${gold.partialQuotes.length}`,
  );
  return {
    fullFound,
    fullTotal: gold.quotes.length,
    speakersRight,
    partialFound,
    partialTotal: gold.partialQuotes.length,
    report: lines.join('\n'),
  };
}

/** The command line: scores a file (the dev set by default), or times extraction with --bench. */
async function main(args: readonly string[]): Promise<number> {
  const shared = findSharedEval();
  const given = args.filter((a) => !a.startsWith('--'));
  if (args.includes('--bench')) {
    const files =
      given.length > 0
        ? given
        : shared === null
          ? []
          : [join(shared, 'quotes-dev.jsonl'), join(shared, 'keypoints-dev.jsonl')];
    if (files.length === 0) {
      console.error('quotes-eval: no files given and no shared/eval folder found');
      return 2;
    }
    console.log(benchQuotes(files));
    return 0;
  }
  const target = given[0] ?? (shared === null ? null : join(shared, 'quotes-dev.jsonl'));
  if (target === null) {
    console.error('quotes-eval: no file given and no shared/eval folder found');
    return 2;
  }
  if (!existsSync(target)) {
    console.error(`quotes-eval: no such file: ${target}`);
    return 2;
  }
  console.log(await runQuotesEval(target));
  if (args.includes('--errors')) console.log(describeErrors(evaluateQuotes(target)));
  const seed = runSeedQuoteCheck(shared);
  if (seed !== null) console.log(`\nsample article:\n${seed.report}`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`quotes-eval: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
