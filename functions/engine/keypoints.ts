// Key points: an extractive summary of K sentences of the article, returned in article order (a short one
// together with the next sentence of its paragraph when that one carries it on).
// News is written lead first, so position carries most of the weight; the headline, how central a sentence
// is to the article's vocabulary and its shape (length, speech, questions, fragments) adjust it. A chosen
// sentence is never a near-duplicate of another, a photo caption, or only a quotation already featured.
import type { CleanArticle } from './clean.js';
import { scanQuotes } from './quotes/marks.js';
import type { Quote } from './quotes.js';
import { type ArticleSentence, articleSentences, finalTerminator } from './sentences.js';
import { contentStemNumbers, countWords, stemNumberCount, trimStemNumbers } from './text/words.js';

/** Weights of the sentence score (see DEFAULT_WEIGHTS for how they were chosen). */
export interface KeyPointWeights {
  /** Scale of the position prior: the score of the sentence at index i is decay^i. */
  readonly decay: number;
  readonly position: number;
  readonly headline: number;
  readonly centrality: number;
  /** Penalty for a sentence that is mostly direct speech. */
  readonly speech: number;
  /** Penalty for a sentence of fewer than SHORT_WORDS words. */
  readonly short: number;
  /** Penalty for a question or a sentence without an ending. */
  readonly form: number;
  /** Penalty for a sentence with a photo caption glued into it, or of more than LONG_WORDS words. */
  readonly caption: number;
  /** Similarity (Jaccard of content stems) from which a sentence counts as a near-duplicate. */
  readonly duplicate: number;
}

/**
 * Chosen on the first 150 articles of keypoints-dev (a small grid over decay, centrality, speech and form;
 * the best on those 150), then checked on the other 100. Two weights are not fitted: headline (those
 * articles come without headlines; it is a light prior for articles that have one) and caption, a quality
 * rule that keeps glued captions out even though ROUGE is indifferent to it.
 */
export const DEFAULT_WEIGHTS: KeyPointWeights = {
  decay: 0.9,
  position: 1,
  headline: 0.1,
  centrality: 0.2,
  speech: 0.1,
  short: 0.3,
  form: 0.3,
  caption: 0.3,
  duplicate: 0.55,
};

const SHORT_WORDS = 8;
const LONG_WORDS = 50;
/** Shorter sentences (teasers such as "Guilty across the board.") are not key points. */
const MIN_WORDS = 5;
/** Sentences longer than this are not summary material (and would swamp an email). */
const MAX_WORDS = 80;
/** Only the opening of a very long article is considered: news puts what matters first. */
const MAX_CANDIDATES = 40;

/** Caption and page-furniture cues that make a sentence unfit as a key point. */
const CAPTION_CUE =
  /\b(?:Photograph:|Photo:|Picture:|Image:|file photo|Scroll down|click here|watch the video|read more|at the top of this (?:story|page|article)|video (?:above|below))/i;

/**
 * Signs of a photo caption glued into a sentence by the scraper: a sentence opener after a word with no stop
 * before it ("... his Jack Russell Sam The retired charity worker said"), or a caption label inside it
 * ("... on Saturday Portrait: A painting of ...") that is not an attribution ("Mr Wang said: 'Big ...").
 */
const GLUED_OPENER =
  /[\p{Ll}\d)] (?:The|An|He|She|They|His|Her|Its|Their|In|On|After|But|That|This|These|Those) \p{Ll}/u;
const INNER_LABEL = /[\p{Ll}\d)] ([A-Z][\p{Ll}'’-]*(?: [\p{Ll}'’-]+){0,3}): [A-Z]/gu;
const SPEECH_LABEL =
  /\b(?:said|says|told|tells|added|adds|explained|wrote|writes|asked|replied|continued|insisted|tweeted|posted|reads|reported|reports|warned|admitted|claimed|declared|announced|stated|include|includes)\b/;

/** "Nauru guards pictured with ..." reads as a caption; "were pictured with", "Smith, pictured, said" do not. */
const CAPTION_PICTURED = /\bpictured\b/i;
const REPORTED_PICTURED =
  /(?:,|\(|\b(?:was|were|is|are|been|be|being|had|has|have|got|get|gets|and|who|which|as|not|also|often|once|recently|previously|first|later|then|shown|seen))\s*pictured\b/i;

function hasGluedCaption(text: string): boolean {
  if (GLUED_OPENER.test(text)) return true;
  if (CAPTION_PICTURED.test(text) && !REPORTED_PICTURED.test(text)) return true;
  if (!text.includes(': ')) return false;
  INNER_LABEL.lastIndex = 0;
  for (let m = INNER_LABEL.exec(text); m !== null; m = INNER_LABEL.exec(text)) {
    if (!SPEECH_LABEL.test(m[1] as string)) return true;
  }
  return false;
}

interface Candidate {
  readonly sentence: ArticleSentence;
  /** Distinct content stems, as numbers of the article's vocabulary. */
  readonly stems: readonly number[];
  readonly words: number;
  score: number;
}

/**
 * The content vocabulary of one article: stems numbered from 0, so that sentences are small arrays of
 * distinct numbers and comparing two of them needs no hashing.
 */
class Vocabulary {
  /** This vocabulary's number for each process-wide stem number, valid where `owner` holds its serial. */
  private static local = new Int32Array(1024);
  private static owner = new Int32Array(1024);
  private static serials = 0;
  private readonly serial: number;
  private count = 0;
  private marks = new Int32Array(256);
  private stamp = 0;
  private readonly scratch: number[] = [];

  constructor() {
    // Between articles no stem number is held: the process-wide tables may start again here.
    trimStemNumbers();
    if (Vocabulary.serials === 0x7fffffff) {
      // Serials must fit the Int32Array; starting again, no old serial may be left in it.
      Vocabulary.owner.fill(0);
      Vocabulary.serials = 0;
    }
    this.serial = ++Vocabulary.serials;
  }

  /** Distinct stem numbers of a text's content words, in order of first occurrence. */
  idsOf(text: string): number[] {
    const out: number[] = [];
    const global = this.scratch;
    global.length = 0;
    contentStemNumbers(text, global);
    if (stemNumberCount() > Vocabulary.local.length) {
      const size = Math.max(stemNumberCount(), Vocabulary.local.length * 2);
      const local = new Int32Array(size);
      local.set(Vocabulary.local);
      const owner = new Int32Array(size);
      owner.set(Vocabulary.owner);
      Vocabulary.local = local;
      Vocabulary.owner = owner;
    }
    const { local, owner } = Vocabulary;
    this.stamp++;
    for (const g of global) {
      let id: number;
      if (owner[g] === this.serial) id = local[g] as number;
      else {
        id = this.count++;
        owner[g] = this.serial;
        local[g] = id;
        if (id >= this.marks.length) {
          const grown = new Int32Array(this.marks.length * 2);
          grown.set(this.marks);
          this.marks = grown;
        }
      }
      if (this.marks[id] === this.stamp) continue;
      this.marks[id] = this.stamp;
      out.push(id);
    }
    return out;
  }

  get size(): number {
    return this.count;
  }

  /** How many numbers two distinct-number lists share. */
  shared(a: readonly number[], b: readonly number[]): number {
    this.stamp++;
    for (const id of a) this.marks[id] = this.stamp;
    let n = 0;
    for (const id of b) if (this.marks[id] === this.stamp) n++;
    return n;
  }
}

/** Whether two sentences say the same: similar overall (Jaccard), or one nearly contained in the other. */
function nearDuplicate(
  vocabulary: Vocabulary,
  a: readonly number[],
  b: readonly number[],
  threshold: number,
): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const shared = vocabulary.shared(a, b);
  const smaller = Math.min(a.length, b.length);
  return shared / (a.length + b.length - shared) >= threshold || (smaller >= 5 && shared / smaller >= 0.8);
}

/** A photo caption's label before the caption: "Caught on camera: YouTube videos show ..." */
const CAPTION_LABEL =
  /^[A-Z][\p{L}'’-]*(?: [\p{L}'’-]+){0,3}: (?=[A-Z‘“'"])(?<!\b(?:said|says|told|added|explained|wrote|asked|replied|continued|insisted|tweeted|posted|reads|reported|warned|admitted|claimed|declared|announced|stated):\s)/u;

const QUOTE_MARKS = /["“”‘’']/;

/** Letters for this purpose: ASCII ones and anything from Latin-1 letters up, bar general punctuation. */
function isLetterCode(code: number): boolean {
  return (
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code >= 0xc0 && (code < 0x2000 || code > 0x206f))
  );
}

/**
 * Share of a sentence's letters that stand inside quotation marks, given whether a quotation is already open
 * when the sentence starts (a quotation of several sentences); also whether one is open at its end.
 */
function speech(text: string, openAtStart: boolean): { share: number; openAtEnd: boolean } {
  if (!QUOTE_MARKS.test(text)) return { share: openAtStart ? 1 : 0, openAtEnd: openAtStart };
  let inside = 0;
  let total = 0;
  let open = openAtStart;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // “ ” "
    if (c === 0x201c || c === 0x201d || c === 34) {
      open = c === 0x201c ? true : c === 0x201d ? false : !open;
      continue;
    }
    // A single quotation mark opens after a space or at the start, and closes before one or at the end.
    if (c === 0x2018 || (c === 39 && (i === 0 || text.charCodeAt(i - 1) === 32))) {
      open = true;
      continue;
    }
    if (c === 0x2019 || c === 39) {
      if (open && (i + 1 === n || !isLetterCode(text.charCodeAt(i + 1)))) open = false;
      continue;
    }
    if (isLetterCode(c)) {
      total++;
      if (open) inside++;
    }
  }
  return { share: total === 0 ? 0 : inside / total, openAtEnd: open };
}

function wordKey(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether the sentence is essentially one of the quotations the digest already shows (as their word sets). */
function isShownQuote(text: string, shown: readonly ReadonlySet<string>[]): boolean {
  if (shown.length === 0) return false;
  const words = wordKey(text);
  if (words.length === 0) return false;
  for (const quoteWords of shown) {
    let covered = 0;
    for (const w of words) if (quoteWords.has(w)) covered++;
    if (covered / words.length >= 0.6) return true;
  }
  return false;
}

/** The opening of an overlong sentence: about 40 words or 280 characters, cut at a word boundary. */
function opening(text: string): string {
  const head = text.slice(0, 2000).split(/\s+/).slice(0, 40).join(' ');
  if (head.length <= 280 && head.length === text.trim().length) return tidy(head);
  const cut = head.slice(0, 280);
  const space = cut.lastIndexOf(' ');
  return `${(space > 140 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const CLOSING_MARK: Readonly<Record<string, string>> = { '“': '”', '‘': '’', '"': '"', "'": "'", '«': '»' };

/** Presents an extracted sentence on its own: no stray quotation marks left from the paragraph around it. */
function tidy(text: string): string {
  // A closing mark left at the start by the sentence before ('" Those five words ...'), or an opening mark
  // left at the end for the sentence after ("... sea. '").
  let out = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["”’'] (?=\S)/, '')
    .replace(/ ["“‘']$/, '');
  // A quotation mark stranded at either end (the quotation opened or closed in another sentence).
  const opens = (out.match(/[“‘]|(?:^|\s)['"]/g) ?? []).length;
  const closes = (out.match(/[”’](?=[\s,.;:!?]|$)|['"](?=[\s,.;:!?]|$)/g) ?? []).length;
  if (opens > closes && /^[“‘'"]/.test(out)) out = out.slice(1);
  else if (closes > opens && /[.!?,]["”’']$/.test(out)) out = out.slice(0, -1);
  // A quotation opened inside the sentence and closed only in the next one: close it here, with the mark that
  // pairs with its opening one (the scan tells apostrophes, as in rock ’n’ roll, from quotation marks).
  const spans = scanQuotes(out, { openSingle: true });
  const last = spans[spans.length - 1];
  if (last?.closed === 'open') out = `${out}${CLOSING_MARK[out[last.open] ?? ''] ?? ''}`;
  return out;
}

function scoreCandidates(
  article: CleanArticle,
  sentences: readonly ArticleSentence[],
  weights: KeyPointWeights,
  vocabulary: Vocabulary,
): Candidate[] {
  // A title derived from the first sentence (no headline given) says nothing the position prior does not.
  const first = sentences[0]?.text ?? '';
  const derived = first.startsWith(article.title.replace(/…$/, ''));
  const titleStems = derived ? [] : vocabulary.idsOf(article.title);
  const candidates: Candidate[] = sentences.map((sentence) => ({
    sentence,
    stems: vocabulary.idsOf(sentence.text),
    words: countWords(sentence.text),
    score: 0,
  }));
  // How many sentences each stem occurs in: words the article keeps returning to are its subject.
  const frequency = new Int32Array(vocabulary.size);
  for (const c of candidates) for (const id of c.stems) frequency[id] = (frequency[id] as number) + 1;
  let maxFrequency = 1;
  for (const f of frequency) if (f > maxFrequency) maxFrequency = f;

  // A quotation left open runs on into the next sentences, and into the next paragraph when that one opens
  // with a quotation mark again (or, in scraped text that broke a speech into paragraphs, for one more).
  let open = false;
  let carried = 0;
  let paragraph = -1;
  for (const c of candidates) {
    const { text, index } = c.sentence;
    if (c.sentence.paragraph !== paragraph) {
      paragraph = c.sentence.paragraph;
      if (/^['"‘“]/.test(text)) {
        // The mark opens the quotation itself.
        open = false;
        carried = 0;
      } else if (open) open = ++carried <= 1;
    }
    const spoken = speech(text, open);
    open = spoken.openAtEnd;
    let centrality = 0;
    for (const id of c.stems) centrality += ((frequency[id] as number) - 1) / maxFrequency;
    centrality = c.stems.length === 0 ? 0 : centrality / Math.sqrt(c.stems.length);
    const headline = titleStems.length > 0 ? vocabulary.shared(titleStems, c.stems) / titleStems.length : 0;
    const terminator = finalTerminator(text);
    const ended = terminator !== undefined;
    const question = terminator === '?' || terminator === '？';
    c.score =
      weights.position * weights.decay ** index +
      weights.headline * headline +
      weights.centrality * centrality -
      weights.speech * spoken.share -
      (c.words < SHORT_WORDS ? weights.short : 0) -
      (!ended || question ? weights.form : 0) -
      (c.words > LONG_WORDS || hasGluedCaption(text) ? weights.caption : 0);
  }
  return candidates;
}

/** A key point with the sentence that carries it on stays about as long as a long lead sentence. */
const SEQUEL_MAX_WORDS = 40;
/** Openers that refer back to the sentence before ("The sit down at ...", "It ...", "Their ..."). */
const REFERS_BACK = /^(?:The|This|That|These|Those|It|Its|He|She|They|His|Her|Their)\s/;

/**
 * The sentence that finishes a short one, if any: the next in its paragraph, opening with a word that refers
 * back, without quotation or question, and short enough that the two read as one key point ("Xi and Putin
 * were meeting ... since the invasion began. The sit down at the SCO summit, in Samarkand, is Xi's first trip
 * since the pandemic."). Without it such a key point tells half the news.
 */
function sequelOf(c: Candidate, candidates: readonly Candidate[]): Candidate | undefined {
  const next = candidates[c.sentence.index + 1];
  if (next === undefined || next.sentence.paragraph !== c.sentence.paragraph) return undefined;
  const text = next.sentence.text;
  if (c.words + next.words > SEQUEL_MAX_WORDS || !REFERS_BACK.test(text)) return undefined;
  // A sequel that quotes someone belongs with the quotes (apostrophes, as in Xi’s or the players’ union, do not count).
  if (scanQuotes(text, { openSingle: true }).length > 0) return undefined;
  return finalTerminator(text) === '.' && !hasGluedCaption(text) ? next : undefined;
}

/**
 * The sentences key points are chosen from. In plain text a sentence may run on into the next paragraph (a
 * scraper broke it); on a web page each paragraph is whole, and only story text counts: headings, list items,
 * table rows and block quotations are not key points, unless the page has nothing else.
 */
export function candidateSentences(article: CleanArticle): ArticleSentence[] {
  const { kinds, paragraphs } = article;
  if (kinds === undefined) return articleSentences(paragraphs, MAX_CANDIDATES);
  const prose = kinds.includes('text');
  const out: ArticleSentence[] = [];
  for (let p = 0; p < paragraphs.length && out.length < MAX_CANDIDATES; p++) {
    if (prose && kinds[p] !== 'text') continue;
    for (const s of articleSentences([paragraphs[p] as string])) {
      out.push({ text: s.text, paragraph: p, index: out.length });
    }
  }
  return out.slice(0, MAX_CANDIDATES);
}

/** Selects with explicit weights; selectKeyPoints uses the fitted defaults. */
export function selectKeyPointsWith(
  article: CleanArticle,
  k: number,
  shownQuotes: readonly Quote[],
  weights: KeyPointWeights,
): string[] {
  if (k <= 0) return [];
  const sentences = candidateSentences(article);
  const vocabulary = new Vocabulary();
  const scored = scoreCandidates(article, sentences, weights, vocabulary);
  // Length first (cheap); the pattern tests only for the few sentences that the ranking reaches.
  const sized = scored.filter((c) => c.words >= MIN_WORDS && c.words <= MAX_WORDS);
  const verdicts = new Map<Candidate, boolean>();
  let shownWords: ReadonlySet<string>[] | undefined;
  const eligible = (c: Candidate): boolean => {
    let ok = verdicts.get(c);
    if (ok === undefined) {
      const text = c.sentence.text;
      shownWords ??= shownQuotes.map((q) => new Set(wordKey(q.text))).filter((w) => w.size > 0);
      ok =
        !CAPTION_CUE.test(text) &&
        !(text.includes(':') && CAPTION_LABEL.test(text)) &&
        !isShownQuote(text, shownWords);
      verdicts.set(c, ok);
    }
    return ok;
  };
  // Best first; a sentence that repeats an earlier one of the article (a caption restating the lead) or one
  // already chosen never makes it.
  const ranked = [...sized].sort((a, b) => b.score - a.score || a.sentence.index - b.sentence.index);
  const picked: Candidate[] = [];
  // A chosen sentence and its sequel make one key point: the sequel is either chosen on its own merit (then
  // the two take one place, not two) or added to it at the end. A key point never spans three sentences.
  const sequels = new Map<Candidate, Candidate>();
  const paired = new Set<Candidate>();
  const pair = (first: Candidate, second: Candidate) => {
    sequels.set(first, second);
    paired.add(first).add(second);
  };
  const points = () => picked.length - sequels.size;
  for (const c of ranked) {
    if (points() === k) break;
    if (!eligible(c)) continue;
    const repeats = (d: Candidate) =>
      d !== c && nearDuplicate(vocabulary, d.stems, c.stems, weights.duplicate);
    if (
      sized.some((d) => d.sentence.index < c.sentence.index && repeats(d) && eligible(d)) ||
      picked.some(repeats)
    ) {
      continue;
    }
    picked.push(c);
    const before = scored[c.sentence.index - 1];
    const after = scored[c.sentence.index + 1];
    if (
      before !== undefined &&
      !paired.has(before) &&
      picked.includes(before) &&
      sequelOf(before, scored) === c
    ) {
      pair(before, c);
    } else if (
      after !== undefined &&
      !paired.has(after) &&
      picked.includes(after) &&
      sequelOf(c, scored) === after
    ) {
      pair(c, after);
    }
  }
  // Too few sentences to fill K places: pairs part again rather than give fewer points than asked for.
  for (const [c] of [...sequels].reverse()) {
    if (points() >= k) break;
    sequels.delete(c);
  }
  const joined = new Set(sequels.values());
  const chosen = picked
    .filter((c) => !joined.has(c))
    .sort((a, b) => a.sentence.index - b.sentence.index)
    .map((c) => {
      let sequel = sequels.get(c);
      if (sequel === undefined) {
        const next = sequelOf(c, scored);
        // An unchosen sequel joins only when it could be a key point itself and repeats no other point.
        if (
          next !== undefined &&
          !picked.includes(next) &&
          next.words >= MIN_WORDS &&
          eligible(next) &&
          !picked.some((d) => nearDuplicate(vocabulary, d.stems, next.stems, weights.duplicate))
        ) {
          sequel = next;
        }
      }
      return tidy(sequel === undefined ? c.sentence.text : `${c.sentence.text} ${sequel.sentence.text}`);
    });
  if (chosen.length > 0 || sentences.length === 0) return chosen;
  // Nothing fit (one huge sentence, text without punctuation): its opening words rather than nothing.
  return [opening(sentences[0]?.text ?? '')];
}

/** The K sentences that best summarise the article, in article order. */
export function selectKeyPoints(article: CleanArticle, k: number, shownQuotes: readonly Quote[]): string[] {
  return selectKeyPointsWith(article, k, shownQuotes, DEFAULT_WEIGHTS);
}
