// Key points: an extractive summary of K sentences of the article, returned in article order (a short one
// together with the next sentence of its paragraph when that one carries it on), each with its range of the
// cleaned text (keypoint-text.ts).
// News is written lead first, so position carries most of the weight; the headline, how central a sentence
// is to the article's vocabulary and its shape (length, speech, questions, fragments) adjust it. A chosen
// sentence is never a near-duplicate of another, a photo caption, or only a quotation already featured.
// A key point reads on its own (keypoint-openers.ts): a leading connective is dropped, a pronoun named in
// brackets where the referent is sure; a sentence that still leans on the one before joins that one when it
// is chosen, and otherwise gives way to the next best.
import type { CleanArticle } from './clean.js';
import { mendOpening, type Opening, type Referent } from './keypoint-openers.js';
import {
  cleanedText,
  editOf,
  type KeyPoint,
  keyPointOf,
  type Located,
  locateSentences,
  tidyRange,
} from './keypoint-text.js';
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
  /** Penalty for each LENGTH_WORDS words beyond LENGTH_WORDS: a key point is read on a phone. */
  readonly length: number;
}

/**
 * Chosen on the first 150 articles of keypoints-dev (a small grid over decay, centrality, speech and form;
 * the best on those 150), then checked on the other 100; length (and LENGTH_WORDS) was chosen the same way
 * once leaning sentences were left out, the other weights checked again then. Two weights are not fitted:
 * headline (those articles come without headlines; it is a light prior for articles that have one) and
 * caption, a quality rule that keeps glued captions out even though ROUGE is indifferent to it.
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
  length: 0.1,
};

const SHORT_WORDS = 8;
/** Words from which a sentence starts to lose score for its length (see KeyPointWeights.length). */
const LENGTH_WORDS = 20;
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
  /[\p{Ll}\d)] (?:The|An|He|She|They|His|Her|Its|Their|In|On|After|But|That|This|These|Those|When|While|Although|Despite|However|Meanwhile|It|We) \p{Ll}/u;
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
 * What the character at `i` does to an open quotation: true opens one, false closes it, undefined when the
 * character is no quotation mark. A single mark opens after a space or at the start, and closes before a
 * non-letter or at the end (inside a word it is an apostrophe).
 */
function quotationMark(text: string, i: number, open: boolean): boolean | undefined {
  const c = text.charCodeAt(i);
  if (c === 0x201c) return true;
  if (c === 0x201d) return false;
  if (c === 34) return !open;
  if (c === 0x2018 || (c === 39 && (i === 0 || text.charCodeAt(i - 1) === 32))) return true;
  if (c !== 0x2019 && c !== 39) return undefined;
  return open && (i + 1 === text.length || !isLetterCode(text.charCodeAt(i + 1))) ? false : open;
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
  for (let i = 0; i < text.length; i++) {
    const mark = quotationMark(text, i, open);
    if (mark !== undefined) open = mark;
    else if (isLetterCode(text.charCodeAt(i))) {
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

/** The end of an overlong sentence's opening: about 40 words or 280 characters, cut at a word boundary. */
function openingEnd(text: string): { chars: string; cut: boolean } {
  const head = text.slice(0, 2000).split(/\s+/).slice(0, 40).join(' ');
  if (head.length <= 280 && head.length === text.trim().length) return { chars: head, cut: false };
  const cut = head.slice(0, 280);
  const space = cut.lastIndexOf(' ');
  return { chars: (space > 140 ? cut.slice(0, space) : cut).trimEnd(), cut: true };
}

/** The title's content stems, unless the title was derived from the first sentence (it then adds nothing). */
function titleStems(
  article: CleanArticle,
  sentences: readonly ArticleSentence[],
  vocabulary: Vocabulary,
): number[] {
  const first = sentences[0]?.text ?? '';
  return first.startsWith(article.title.replace(/…$/, '')) ? [] : vocabulary.idsOf(article.title);
}

/** Centrality of each candidate: how much of the article's recurring vocabulary it holds. */
function centralities(candidates: readonly Candidate[], size: number): number[] {
  // How many sentences each stem occurs in: words the article keeps returning to are its subject.
  const frequency = new Int32Array(size);
  for (const c of candidates) for (const id of c.stems) frequency[id] = (frequency[id] as number) + 1;
  let maxFrequency = 1;
  for (const f of frequency) if (f > maxFrequency) maxFrequency = f;
  return candidates.map((c) => {
    let sum = 0;
    for (const id of c.stems) sum += ((frequency[id] as number) - 1) / maxFrequency;
    return c.stems.length === 0 ? 0 : sum / Math.sqrt(c.stems.length);
  });
}

/**
 * Share of speech of each candidate. A quotation left open runs on into the next sentences, and into the next
 * paragraph when that one opens with a quotation mark again (or, in scraped text that broke a speech into
 * paragraphs, for one more).
 */
function speechShares(candidates: readonly Candidate[]): number[] {
  let open = false;
  let carried = 0;
  let paragraph = -1;
  return candidates.map((c) => {
    const { text } = c.sentence;
    if (c.sentence.paragraph !== paragraph) {
      paragraph = c.sentence.paragraph;
      const opensWithMark = /^['"‘“]/.test(text);
      // A paragraph that opens with a mark opens the quotation itself.
      open = !opensWithMark && open && ++carried <= 1;
      if (opensWithMark) carried = 0;
    }
    const spoken = speech(text, open);
    open = spoken.openAtEnd;
    return spoken.share;
  });
}

/** Penalties for a sentence's shape: short, a question or without an ending, overlong or with a glued caption. */
function shapePenalty(c: Candidate, weights: KeyPointWeights): number {
  const terminator = finalTerminator(c.sentence.text);
  const unfinished = terminator === undefined || terminator === '?' || terminator === '？';
  return (
    (c.words < SHORT_WORDS ? weights.short : 0) +
    (unfinished ? weights.form : 0) +
    (c.words > LONG_WORDS || hasGluedCaption(c.sentence.text) ? weights.caption : 0) +
    (weights.length * Math.max(0, c.words - LENGTH_WORDS)) / LENGTH_WORDS
  );
}

function scoreCandidates(
  article: CleanArticle,
  sentences: readonly ArticleSentence[],
  weights: KeyPointWeights,
  vocabulary: Vocabulary,
): Candidate[] {
  const title = titleStems(article, sentences, vocabulary);
  const candidates: Candidate[] = sentences.map((sentence) => ({
    sentence,
    stems: vocabulary.idsOf(sentence.text),
    words: countWords(sentence.text),
    score: 0,
  }));
  const central = centralities(candidates, vocabulary.size);
  const spoken = speechShares(candidates);
  candidates.forEach((c, i) => {
    const headline = title.length > 0 ? vocabulary.shared(title, c.stems) / title.length : 0;
    c.score =
      weights.position * weights.decay ** c.sentence.index +
      weights.headline * headline +
      weights.centrality * (central[i] as number) -
      weights.speech * (spoken[i] as number) -
      shapePenalty(c, weights);
  });
  return candidates;
}

/** A key point with the sentence that carries it on stays about as long as a long lead sentence. */
const SEQUEL_MAX_WORDS = 40;
/** A key point that needs the sentence before it to be understood stays within this many words with it. */
const PREQUEL_MAX_WORDS = 60;
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

/** What selection knows about one article: its sentences in the cleaned text, and the verdicts so far. */
class Article {
  readonly body: string;
  readonly sentences: readonly ArticleSentence[];
  readonly scored: readonly Candidate[];
  /** Candidates of a key point's length. */
  readonly sized: readonly Candidate[];
  readonly vocabulary = new Vocabulary();
  private readonly located: readonly Located[];
  private readonly verdicts = new Map<Candidate, boolean>();
  private readonly openings = new Map<Candidate, Opening>();
  private shownWords: ReadonlySet<string>[] | undefined;
  private readonly apostrophe: string;

  constructor(
    article: CleanArticle,
    readonly weights: KeyPointWeights,
    private readonly shownQuotes: readonly Quote[],
    private readonly referent: Referent,
  ) {
    this.body = cleanedText(article.paragraphs);
    this.sentences = candidateSentences(article);
    this.located = locateSentences(this.body, this.sentences);
    this.scored = scoreCandidates(article, this.sentences, weights, this.vocabulary);
    // Length first (cheap); the pattern tests only for the few sentences that the ranking reaches.
    this.sized = this.scored.filter((c) => c.words >= MIN_WORDS && c.words <= MAX_WORDS);
    this.apostrophe =
      (this.body.match(/’/g)?.length ?? 0) >= (this.body.match(/'/g)?.length ?? 0) ? '’' : "'";
  }

  /** Not a caption, a page's furniture or a quotation the digest already shows. */
  eligible(c: Candidate): boolean {
    let ok = this.verdicts.get(c);
    if (ok === undefined) {
      const text = c.sentence.text;
      this.shownWords ??= this.shownQuotes.map((q) => new Set(wordKey(q.text))).filter((w) => w.size > 0);
      ok =
        !CAPTION_CUE.test(text) &&
        !(text.includes(':') && CAPTION_LABEL.test(text)) &&
        !isShownQuote(text, this.shownWords);
      this.verdicts.set(c, ok);
    }
    return ok;
  }

  /** Whether a sentence reads on its own as a key point's opening (after mending), or leans on the one before. */
  opening(c: Candidate): Opening {
    let found = this.openings.get(c);
    if (found === undefined) {
      const at = this.located[c.sentence.index] as Located;
      const range = tidyRange(this.body, at.start, at.end);
      found = mendOpening(this.body, range.start, range.end, this.referent, this.apostrophe);
      this.openings.set(c, found);
    }
    return found;
  }

  repeats(a: Candidate, b: Candidate): boolean {
    return a !== b && nearDuplicate(this.vocabulary, a.stems, b.stems, this.weights.duplicate);
  }

  /** A sentence that says again what an earlier one of the article said (a caption restating the lead). */
  repeatsEarlier(c: Candidate): boolean {
    return this.sized.some(
      (d) => d.sentence.index < c.sentence.index && this.repeats(d, c) && this.eligible(d),
    );
  }

  /** The key point of the sentences [first, last]: their range tidied, its opening mended where it can be. */
  keyPoint(first: Candidate, last: Candidate): KeyPoint {
    const from = this.located[first.sentence.index] as Located;
    const to = this.located[last.sentence.index] as Located;
    const range = tidyRange(this.body, from.start, to.end);
    const opening = this.opening(first);
    const edits = [
      ...(opening.kind === 'free' ? opening.edits : []),
      ...(range.closing ? [range.closing] : []),
    ];
    return keyPointOf(this.body, range.start, range.end, edits);
  }

  /** The opening words of the first sentence, when no sentence fits (one huge sentence, no punctuation). */
  fallback(): KeyPoint[] {
    const first = this.sentences[0];
    const at = this.located[0];
    if (first === undefined || at === undefined) return [];
    const { chars, cut } = openingEnd(first.text);
    const end = locateSentences(this.body.slice(0, at.end), [{ ...first, text: chars }])[0]?.end ?? at.end;
    if (!cut) return [this.keyPoint(this.scored[0] as Candidate, this.scored[0] as Candidate)];
    return [keyPointOf(this.body, at.start, end, [editOf(this.body, 'cut', end, end, '…')])];
  }
}

/**
 * The sentences chosen so far. A chosen sentence and its sequel make one key point: the sequel is either chosen
 * on its own merit (then the two take one place, not two) or added to it at the end; so is a sentence that
 * leans on the one before it, with that one. A key point never spans three sentences.
 */
class Selection {
  readonly picked: Candidate[] = [];
  readonly sequels = new Map<Candidate, Candidate>();
  private readonly paired = new Set<Candidate>();

  constructor(private readonly article: Article) {}

  get points(): number {
    return this.picked.length - this.sequels.size;
  }

  has(c: Candidate): boolean {
    return this.picked.includes(c);
  }

  private pair(first: Candidate, second: Candidate): void {
    this.sequels.set(first, second);
    this.paired.add(first).add(second);
  }

  /** Whether `second` may join `first` as its sequel (both chosen, neither in a pair yet). */
  private joinable(first: Candidate | undefined, second: Candidate | undefined): boolean {
    return (
      first !== undefined &&
      second !== undefined &&
      !this.paired.has(first) &&
      !this.paired.has(second) &&
      this.has(first) &&
      this.has(second) &&
      sequelOf(first, this.article.scored) === second
    );
  }

  /** Adds a sentence that reads on its own, joining it with a chosen neighbour that carries it on. */
  add(c: Candidate): void {
    this.picked.push(c);
    const { scored } = this.article;
    const before = scored[c.sentence.index - 1];
    const after = scored[c.sentence.index + 1];
    if (this.joinable(before, c)) this.pair(before as Candidate, c);
    else if (this.joinable(c, after)) this.pair(c, after as Candidate);
  }

  /**
   * Joins a sentence that leans on the one before to that one when it is chosen already, so that the two make
   * one point ("The Prime Minister said … He accused …"); false when they cannot.
   */
  joinPrequel(c: Candidate): boolean {
    const d = this.article.scored[c.sentence.index - 1];
    if (d === undefined || !this.has(d) || this.paired.has(d) || !this.prequelFits(d, c)) return false;
    this.picked.push(c);
    this.pair(d, c);
    return true;
  }

  private prequelFits(d: Candidate, c: Candidate): boolean {
    const { article } = this;
    return (
      d.sentence.paragraph >= c.sentence.paragraph - 1 &&
      d.words + c.words <= PREQUEL_MAX_WORDS &&
      d.words >= MIN_WORDS &&
      finalTerminator(d.sentence.text) === '.' &&
      article.eligible(d) &&
      article.opening(d).kind === 'free'
    );
  }

  /** Too few sentences to fill K places: pairs part again rather than give fewer points than asked for. */
  partPairs(k: number): void {
    for (const [c] of [...this.sequels].reverse()) {
      if (this.points >= k) break;
      this.sequels.delete(c);
    }
  }

  /** The sequel an unpaired chosen sentence takes at the end: one that could be a key point itself and repeats none. */
  lateSequel(c: Candidate): Candidate | undefined {
    const next = sequelOf(c, this.article.scored);
    const { article } = this;
    const fits =
      next !== undefined &&
      !this.has(next) &&
      next.words >= MIN_WORDS &&
      article.eligible(next) &&
      !this.picked.some((d) =>
        nearDuplicate(article.vocabulary, d.stems, next.stems, article.weights.duplicate),
      );
    return fits ? next : undefined;
  }

  /** The key points in article order. */
  keyPoints(): KeyPoint[] {
    const joined = new Set(this.sequels.values());
    return this.picked
      .filter((c) => !joined.has(c))
      .sort((a, b) => a.sentence.index - b.sentence.index)
      .map((c) => this.article.keyPoint(c, this.sequels.get(c) ?? this.lateSequel(c) ?? c));
  }
}

/** The ranked candidates a point may be made of: eligible and not repeating the article or the points so far. */
function fresh(article: Article, selection: Selection, c: Candidate): boolean {
  return (
    article.eligible(c) &&
    !selection.has(c) &&
    !article.repeatsEarlier(c) &&
    !selection.picked.some((d) => article.repeats(d, c))
  );
}

/**
 * Picks best first. A sentence that leans on the one before it ("They …", "This is …", a pronoun the engine
 * cannot name for sure) joins that one when it is chosen and the two fit in a point, and otherwise gives way
 * to the next best; only when the article has nothing else does it stand as it is.
 */
function pick(article: Article, k: number): Selection {
  const selection = new Selection(article);
  const ranked = [...article.sized].sort((a, b) => b.score - a.score || a.sentence.index - b.sentence.index);
  const leaning: Candidate[] = [];
  for (const c of ranked) {
    if (selection.points >= k) break;
    if (!fresh(article, selection, c)) continue;
    if (article.opening(c).kind === 'free') selection.add(c);
    else if (!selection.joinPrequel(c)) leaning.push(c);
  }
  for (const c of leaning) {
    if (selection.points >= k) break;
    if (fresh(article, selection, c)) selection.add(c);
  }
  selection.partPairs(k);
  return selection;
}

/** No pronoun is named: the default when the caller has no people model. */
const NO_REFERENT: Referent = () => undefined;

/** The K key points of an article with their place in the cleaned text, in article order, with explicit weights. */
export function keyPointsWith(
  article: CleanArticle,
  k: number,
  shownQuotes: readonly Quote[],
  weights: KeyPointWeights,
  referent: Referent = NO_REFERENT,
): KeyPoint[] {
  if (k <= 0) return [];
  const state = new Article(article, weights, shownQuotes, referent);
  const points = pick(state, k).keyPoints();
  return points.length > 0 ? points : state.fallback();
}

/** The K key points of an article, in article order; pronouns named through `referent` where it is sure. */
export function keyPoints(
  article: CleanArticle,
  k: number,
  shownQuotes: readonly Quote[],
  referent: Referent = NO_REFERENT,
): KeyPoint[] {
  return keyPointsWith(article, k, shownQuotes, DEFAULT_WEIGHTS, referent);
}

/** Selects with explicit weights; the key points' text only. */
export function selectKeyPointsWith(
  article: CleanArticle,
  k: number,
  shownQuotes: readonly Quote[],
  weights: KeyPointWeights,
): string[] {
  return keyPointsWith(article, k, shownQuotes, weights).map((p) => p.text);
}

/** The K sentences that best summarise the article, in article order (text only). */
export function selectKeyPoints(article: CleanArticle, k: number, shownQuotes: readonly Quote[]): string[] {
  return selectKeyPointsWith(article, k, shownQuotes, DEFAULT_WEIGHTS);
}
