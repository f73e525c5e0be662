// Quotes: finds every direct quotation in an article, in document order, with its speaker, and picks the
// few worth featuring in the email. The work is split under quotes/: marks.ts finds quoted spans,
// tokens.ts folds them into the writer's sentences, attribution.ts reads "X said" and its kin,
// entities.ts links names, pronouns and roles to the people the article names.
import type { CleanArticle } from './clean.js';
import {
  dashSignature,
  isBarrier,
  isNonFinite,
  isPersonDescriptor,
  isPossessiveRun,
  isPossessiveWord,
  isPunct,
  isRole,
  isSpeechVerbAt,
  mainSubject,
  markOpeningParticiples,
  participleSubject,
  type Source,
  subjectAfter,
  subjectBefore,
} from './quotes/attribution.js';
import { DESCRIBED_ID, describedSpeaker } from './quotes/described.js';
import { type Entity, EntityRegistry, type ParagraphModel } from './quotes/entities.js';
import { ForeignReader } from './quotes/foreign.js';
import { isApostrophe, type QuoteSpan, scanQuotes } from './quotes/marks.js';
import {
  cleanName,
  firstNameGender,
  isNickname,
  markNameStopWords,
  nameFromWords,
  parseName,
  runEndingAt,
  runStartingAt,
} from './quotes/names.js';
import { type Sentence, type Token, tokenize, tokenSentences } from './quotes/tokens.js';
import { isWordCode } from './text/chars.js';
import {
  type ForeignLanguage,
  type ForeignLexicon,
  foreignLexicon,
  isFunctionWordInAnyLanguage,
} from './text/foreign-speech.js';
import { CLAUSE_CONJUNCTIONS, MINOR_WORDS, NOT_IN_ATTRIBUTION, VERB_MAKERS } from './text/function-words.js';
import { detectLanguage, type Language } from './text/language.js';
import { ORG_WORDS, ROLE_GENDER } from './text/name-words.js';
import {
  DOCUMENTS,
  INVERTING_VERBS,
  isSpeechVerb,
  MOUTHPIECES,
  TITLE_CUES,
  WORK_NOUNS,
} from './text/speech-words.js';

export interface Quote {
  /** The quoted words without their quotation marks. */
  readonly text: string;
  /**
   * The speaker's full name as the article gives it; for someone the article describes without naming, its
   * description when that carries a name ("a senior Cruz adviser"); null when unknown.
   */
  readonly speaker: string | null;
  /** Index into CleanArticle.paragraphs where the quotation opens. */
  readonly paragraphIndex: number;
  /** True when the quotation is a fragment inside a sentence of the writer's own. */
  readonly partial: boolean;
  /** True when this paragraph carries on a quotation opened in the previous one (left unclosed there). */
  readonly continued?: boolean;
  /** True when `speaker` is the article's description of someone it does not name ("a senior Cruz adviser"). */
  readonly described?: boolean;
}

interface Paragraph extends ParagraphModel {
  readonly spans: readonly QuoteSpan[];
  /** The quotation candidate of each quote token, by token index. */
  readonly candidates: Map<number, Candidate>;
}

/** A quotation found in the text, before it is kept or dropped. */
interface Candidate {
  readonly paragraph: Paragraph;
  /** Index of its quote token in the paragraph. */
  readonly token: number;
  readonly span: QuoteSpan;
  /** The quoted words; a Spanish aside naming the speaker ("—dice X—") is taken out. */
  text: string;
  readonly words: number;
  continuedFrom: Candidate | null;
  keep: boolean;
  /** A title, name or term in quotation marks rather than words someone said. */
  title: boolean;
  partial: boolean;
  /** Set when the text says who spoke (even if we cannot tell who that is). */
  attributed: boolean;
  /** How the attribution was found; 'after' attributions can be shared with a quote just before. */
  how: 'label' | 'after' | 'before' | 'next' | 'colon' | null;
  speaker: Entity | null;
}

/** Words of a quotation for its length rules: runs of letters and digits (text/chars.ts isWordCode). */
function countQuoteWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const w = isWordCode(text.charCodeAt(i));
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

/** A title or a name in quotation marks: every main word capitalised, no sentence inside. */
function looksLikeTitle(text: string, wordCount: number, maxWords = 12): boolean {
  if (wordCount === 0 || wordCount > maxWords) return false;
  const body = text.trim().replace(TRAILING_STOPS, '');
  if (SENTENCE_INSIDE.test(body)) return false;
  let main = 0;
  for (const w of body.split(SPACES)) {
    let lead = 0;
    while (lead < w.length && !isWordCode(w.charCodeAt(lead))) lead++;
    if (lead >= w.length || MINOR_WORDS.has(w.toLowerCase())) continue;
    main++;
    const c = w.charCodeAt(lead);
    const ch = w[lead] ?? '';
    if (!(c >= 48 && c <= 57) && ch === ch.toLowerCase()) return false;
  }
  return main > 0;
}
const TRAILING_STOPS = /[.,!?;:…]+$/;
const SENTENCE_INSIDE = /[.!?;]\s/;
const SPACES = /\s+/;

/**
 * True when the words from k, up to the end of their sentence, attribute the quotation before them:
 * "Trump said", "said Mr. Burman", "Scott's niece, state Del. Marcia Price, shouted to the crowd".
 */
function attributionAt(tokens: readonly Token[], k: number): boolean {
  for (let j = k; j < tokens.length && j < k + 25; j++) {
    const t = tokens[j];
    if (t === undefined || (t.kind === 'quote' && !isNickname(tokens, j))) return false;
    // Another verb first: a sentence of its own ("The change … is likely to placate …, who have argued").
    if (NOT_IN_ATTRIBUTION.has(t.lower)) return false;
    if (isSpeechVerbAt(tokens, j))
      return !wordOf(t).endsWith('ing') && !CLAUSE_CONJUNCTIONS.has(wordOf(tokens[k]));
    if (t.kind === 'punct' && '.!?'.includes(t.text)) {
      const prev = tokens[j - 1];
      // The stop of an abbreviation or initial does not end the sentence (Rep. G.K. Butterfield).
      if (
        t.text === '.' &&
        prev?.kind === 'word' &&
        (/^\p{Lu}[\p{L}.]{0,3}$/u.test(prev.text) || /^[A-Z]-/u.test(prev.text))
      ) {
        continue;
      }
      return false;
    }
  }
  return false;
}

/** True when a paragraph opens with a single quotation mark (a British quotation going on). */
function opensWithSingle(text: string | undefined): boolean {
  if (text === undefined) return false;
  const at = text.search(/\S/u);
  return (
    at >= 0 && "'‘’‚‛‹".includes(text[at] ?? '') && !isApostrophe(text, at) && /\S/u.test(text[at + 1] ?? ' ')
  );
}

function buildParagraphs(paragraphs: readonly string[]): Paragraph[] {
  let sentenceBase = 0;
  return paragraphs.map((text, index) => {
    const spans = scanQuotes(text, { openSingle: opensWithSingle(paragraphs[index + 1]) });
    const tokens = tokenize(text, spans);
    const sentences = tokenSentences(text, tokens, (k) => attributionAt(tokens, k));
    const p: Paragraph = { index, text, spans, tokens, sentences, sentenceBase, candidates: new Map() };
    sentenceBase += Math.max(1, sentences.length);
    return p;
  });
}

function wordOf(t: Token | undefined): string {
  return t === undefined ? '' : t.lower;
}

function sentenceOf(p: Paragraph, k: number): Sentence {
  const t = p.tokens[k];
  return p.sentences[t?.sentence ?? 0] ?? { from: 0, to: p.tokens.length };
}

/** Decides whether a quoted span is a quotation and whether it is a fragment of the writer's sentence. */
function judge(c: Candidate): void {
  const { tokens } = c.paragraph;
  const k = c.token;
  const s = sentenceOf(c.paragraph, k);
  const prev = tokens[k - 1];
  const prevWord = wordOf(prev);
  c.title = false;
  if (c.continuedFrom !== null) {
    c.keep = c.words > 0;
    c.partial = false;
    return;
  }
  if (isNickname(tokens, k) || /^\s*follow\b.{0,60}\bon (?:twitter|facebook|instagram)\b/iu.test(c.text)) {
    c.keep = false;
    c.title = true;
    return;
  }
  const startsSentence = k === s.from || isPunct(prev, ':—–(') || c.span.open === 0;
  const introduced = isPunct(prev, ',') || isSpeechVerb(prev);
  const opensUpper = /^[\s…"'“‘([]*[\p{Lu}\p{N}]/u.test(c.text);
  const endsSentence = /[.!?…]["'”’)\]]*\s*$/u.test(c.text);
  const followedByAttribution = /[,!?—–-]\s*$/u.test(c.text);
  // “It’s a good start,” Cho said, “but it is only a start.” — the same sentence of hers goes on.
  const resumes =
    isPunct(prev, ',') &&
    [2, 3, 4, 5].some(
      (d) => tokens[k - d]?.kind === 'quote' && tokens[k - d]?.sentence === tokens[k]?.sentence,
    ) &&
    tokens.slice(Math.max(0, k - 5), k).some((t) => isSpeechVerb(t));
  c.partial = !(
    startsSentence ||
    resumes ||
    (introduced && opensUpper) ||
    (opensUpper && endsSentence && c.words >= 8)
  );
  if (looksLikeTitle(c.text, c.words) && !(startsSentence && followedByAttribution && c.words >= 3)) {
    c.keep = false;
    c.title = true;
    return;
  }
  // A title or coined term: "so-called ‘experts’", a book "titled “...”".
  const cue = TITLE_CUES.has(prevWord) || TITLE_CUES.has(wordOf(tokens[k - 2]));
  // "to play ‘too many games’", "they report ‘…’": after "to" or a pronoun the word is a verb, not a work.
  const workAt = (j: number) => WORK_NOUNS.has(wordOf(tokens[j])) && !VERB_MAKERS.has(wordOf(tokens[j - 1]));
  const work = workAt(k - 1) || workAt(k - 2);
  // After "titled", a long title too: "a report titled “Accountability Delayed: A Review of ... Practices”".
  const titled = cue && (c.words <= 6 || looksLikeTitle(c.text, c.words, 30));
  if (titled || (work && !endsSentence && c.words <= 8)) {
    c.keep = false;
    c.title = true;
    return;
  }
  c.keep = c.partial ? c.words >= 5 : c.words >= 2;
}

/** The next quotation token after k in the sentence, or the sentence end. */
function clauseEnd(p: Paragraph, k: number, s: Sentence): number {
  // A title in quotation marks ("wearing “Ted Cruz” pins") is part of the writer's clause.
  for (let j = k + 1; j < s.to; j++)
    if (isBarrier(p.tokens, j) && p.candidates.get(j)?.title !== true) return j;
  return s.to;
}

/** “… right now,” as Cruz said on Monday: an "as" clause right after the quotation, its verb at j, attributes it. */
function asAfter(ctx: { tokens: readonly Token[]; sentence: Sentence }, k: number, j: number): Source | null {
  const { tokens, sentence } = ctx;
  if (wordOf(tokens[k + 1]) !== 'as') return null;
  const run = runStartingAt(tokens, k + 2, j, sentence.from);
  return run !== null && run.to === j ? { kind: 'name', run, tokens } : null;
}

/** A quotation that ends a sentence of its own ("… no classified material." / "… to stop him?"). */
function endsWithStop(text: string): boolean {
  return /[.?!…]\s*$/.test(text);
}

/** A source found after the quotation: “…,” X said / “…,” said X / “…,” according to X / “…” ― X. */
function sourceAfter(c: Candidate): Source | null {
  const { tokens } = c.paragraph;
  const k = c.token;
  const s = sentenceOf(c.paragraph, k);
  const ctx = { tokens, sentence: s };
  const hi = clauseEnd(c.paragraph, k, s);
  if (!c.partial) {
    const signed = dashSignature(ctx, k, hi);
    if (signed !== null) return signed;
  }
  let firstWord = '';
  for (let j = k + 1; j < hi && j <= k + 40; j++) {
    if (firstWord === '' && tokens[j]?.kind === 'word') firstWord = wordOf(tokens[j]);
    if (wordOf(tokens[j]) === 'according' && wordOf(tokens[j + 1]) === 'to')
      return subjectAfter(ctx, j + 1, hi);
    if (!isSpeechVerbAt(tokens, j)) continue;
    // “… no classified material.” The candidate reiterated: “…” — a new sentence whose verb opens the next quotation.
    if (endsWithStop(c.text) && tokens[k + 1]?.cap === true && isPunct(tokens[j + 1], ':')) return null;
    const as = asAfter(ctx, k, j);
    if (as !== null) return as;
    // “…,” but he said … opens a clause of its own.
    if (j > k + 1 && CLAUSE_CONJUNCTIONS.has(firstWord)) return null;
    // “…” that Sanders can catch Clinton, said Steve Elmendorf: after a comma the inverted subject speaks.
    const inverted =
      j > k + 2 && isPunct(tokens[j - 1], ',') && tokens[j + 1]?.cap === true
        ? named(subjectAfter(ctx, j, hi))
        : null;
    if (inverted !== null) return inverted;
    const sub = subjectBefore(ctx, j, k + 1);
    if (typeof sub !== 'string') return sub;
    if (sub === 'none') return subjectAfter(ctx, j, hi);
    return null;
  }
  return null;
}

/**
 * "As Tom Ridge, a former secretary, put it: “…”", "As X noted, “…”": the name right after "as" in the clause
 * of the verb at j is who spoke (the clause is scenery for other readers of the sentence).
 */
function asClause(ctx: { tokens: readonly Token[]; sentence: Sentence }, j: number): Source | null {
  const { tokens, sentence } = ctx;
  for (let i = j - 1; i >= sentence.from && i >= j - 30; i--) {
    const w = wordOf(tokens[i]);
    if (w !== 'as' || (i > sentence.from && !isPunct(tokens[i - 1], ',;—–('))) continue;
    const run = runStartingAt(tokens, i + 1, j, sentence.from);
    if (run === null || isPossessiveRun(tokens, run)) return null;
    const next = tokens[run.to];
    // The verb follows the name, or the name's apposition: "As Akhil Amar, professor of law, put it".
    return run.to === j || isPunct(next, ',(') ? { kind: 'name', run, tokens } : null;
  }
  return null;
}

/**
 * "The paradox of Nancy, says Carl Anthony, a historian, is that she was “…”": an attribution set between commas
 * inside the writer's sentence, the verb first, names the speaker of the sentence.
 */
function asideAt(ctx: { tokens: readonly Token[]; sentence: Sentence }, j: number, k: number): Source | null {
  const { tokens } = ctx;
  if (!isPunct(tokens[j - 1], ',') || !INVERTING_VERBS.has(wordOf(tokens[j]))) return null;
  const src = subjectAfter(ctx, j, k);
  return src?.kind === 'name' && isPunct(tokens[src.run.to], ',') ? src : null;
}

/** Who a verb of saying at j (before the quotation at k) has for its subject. */
function verbSubject(
  ctx: { tokens: readonly Token[]; sentence: Sentence },
  j: number,
  k: number,
): Source | null {
  if (isNonFinite(ctx.tokens, j)) return participleSubject(ctx, j);
  const sub = subjectBefore(ctx, j, ctx.sentence.from);
  if (typeof sub !== 'string') return sub;
  return (sub === 'none' ? subjectAfter(ctx, j, k) : null) ?? mainSubject(ctx, j);
}

/** "according to X" at j, before the quotation at k: a name, or a description that names someone in its own words. */
function accordingTo(
  ctx: { tokens: readonly Token[]; sentence: Sentence },
  j: number,
  k: number,
): Source | null {
  const src = subjectAfter(ctx, j + 1, k);
  if (src === null || src.kind !== 'description') return src;
  // "According to the Trump campaign, “…”"; not "according to the official".
  return describedSpeaker(src.phrase) !== null ? src : null;
}

/** A source before the quotation in its sentence: X said: “…” / X told them that it “…” / according to X. */
function sourceBefore(c: Candidate): Source | null {
  const { tokens } = c.paragraph;
  const k = c.token;
  const s = sentenceOf(c.paragraph, k);
  const ctx = { tokens, sentence: s };
  // "According to GMA News, Salceda said the “…”": the source the sentence opens on is cited for all of it.
  if (wordOf(tokens[s.from]) === 'according' && wordOf(tokens[s.from + 1]) === 'to') {
    const cited = named(subjectAfter(ctx, s.from + 1, k));
    if (cited !== null) return cited;
  }
  let fallback: Source | null = null;
  let verbs = 0;
  for (let j = k - 1; j >= s.from && verbs < 4; j--) {
    if (wordOf(tokens[j]) === 'according' && wordOf(tokens[j + 1]) === 'to') {
      const src = accordingTo(ctx, j, k);
      if (src !== null) return src;
      continue;
    }
    if (!isSpeechVerbAt(tokens, j)) continue;
    verbs++;
    const as = asClause(ctx, j) ?? asideAt(ctx, j, k);
    if (as !== null) return as;
    const src = verbSubject(ctx, j, k);
    // "which Smith claims affirmed “…”": the word before the verb is a verb of saying of its own, not a subject.
    if (src === null || (src.kind === 'description' && isSpeechVerbAt(tokens, j - 1))) continue;
    if (src.kind !== 'description') return src;
    if (!src.weak)
      return fallback !== null && fallback.kind === 'description' && !fallback.weak ? fallback : src;
    fallback ??= src;
  }
  return fallback;
}

/** The sentence before the one a quotation opens, in its paragraph or the previous one. */
function previousSentence(
  c: Candidate,
  paragraphs: readonly Paragraph[],
): { tokens: readonly Token[]; sentence: Sentence } | null {
  const p = c.paragraph;
  const si = p.tokens[c.token]?.sentence ?? 0;
  if (si > 0) {
    const sentence = p.sentences[si - 1];
    return sentence === undefined ? null : { tokens: p.tokens, sentence };
  }
  const pp = paragraphs[p.index - 1];
  const sentence = pp?.sentences[pp.sentences.length - 1];
  return pp === undefined || sentence === undefined ? null : { tokens: pp.tokens, sentence };
}

/** The paragraph whose tokens these are: the quotation's own or the one before it. */
function paragraphOf(
  tokens: readonly Token[],
  c: Candidate,
  paragraphs: readonly Paragraph[],
): Paragraph | undefined {
  if (c.paragraph.tokens === tokens) return c.paragraph;
  return paragraphs[c.paragraph.index - 1];
}

/** What a rule of findSource found: the source, and how it was found. */
interface Found {
  readonly how: NonNullable<Candidate['how']>;
  readonly source: Source;
}

/** One quotation's look-up: the quotation, the article's paragraphs, and the source after it (read once). */
interface SourceLookup {
  readonly c: Candidate;
  readonly paragraphs: readonly Paragraph[];
  readonly after: () => Source | null;
}

/** A rule of findSource: the speaker the writer's words give in one place, or null. */
type SourceRule = (look: SourceLookup) => Found | null;

function found(how: Found['how'], source: Source | null): Found | null {
  return source === null ? null : { how, source };
}

/** A transcript line: “WALLACE: Let’s start …”. */
const transcriptLabel: SourceRule = ({ c }) => {
  const label = /^\s*(\p{Lu}[\p{Lu}.'’\- ]{1,40}):\s/u.exec(c.text);
  if (label?.[1] === undefined || !/\p{Lu}{2}/u.test(label[1])) return null;
  return { how: 'label', source: { kind: 'label', label: label[1] } };
};

/**
 * A pull quote signed on the line after it, the closing mark after the signature: "“I worry that … tax cuts." /
 * "Dean Baker, Center for Economic and Policy Research.”". A name of two or three words, a comma, who they are.
 */
const signedBelow: SourceRule = ({ c, paragraphs }) => {
  if (c.span.closed !== 'open') return null;
  const next = paragraphs[c.paragraph.index + 1]?.text ?? '';
  const m = /^(\p{Lu}[\p{L}.'’-]+(?: \p{Lu}[\p{L}.'’-]+){1,2}), [^"“”]{3,100}["”]$/u.exec(next.trim());
  return m?.[1] === undefined ? null : { how: 'label', source: { kind: 'label', label: m[1] } };
};

/**
 * A quotation standing as its own paragraph, signed by a dashed line under it, as fact-checks and "quotable" boxes
 * print them: "“… pay zero taxes.”" / "- Sanders." / "-President Obama, tweeting after the speech.".
 */
const dashedBelow: SourceRule = ({ c, paragraphs }) => {
  const { tokens } = c.paragraph;
  const alone = c.token === 0 && tokens.slice(1).every((t) => t.kind === 'punct');
  if (!alone) return null;
  const next = (paragraphs[c.paragraph.index + 1]?.text ?? '').trim();
  const m = /^[-–—―]\s?(\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,3})(?:,[^"“”]{0,80})?\.?$/u.exec(next);
  return m?.[1] === undefined
    ? null
    : { how: 'label', source: { kind: 'label', label: m[1].replace(/\.$/, '') } };
};

/**
 * A full quotation is attributed after it ("…,” she said); a fragment more often before it ("X said the plan was
 * “…,” but he added"). And "X said: “…”" introduces the quotation itself: what follows it is a new sentence's.
 */
const attributionAfter: SourceRule = ({ c, after }) => {
  const { tokens } = c.paragraph;
  const k = c.token;
  const source = after();
  const introducedHere =
    isPunct(tokens[k - 1], ':,') &&
    [2, 3, 4].some((d) => isSpeechVerbAt(tokens, k - d) && tokens[k - d]?.sentence === tokens[k]?.sentence);
  return source !== null && !c.partial && !introducedHere ? { how: 'after', source } : null;
};

/**
 * A quotation tag of a name and one verb in the past, whatever the verb: "“… in January,” Hannity started." /
 * "“… about the 11 million?” Hannity pressed." Nothing follows the verb but the stop. Or a name and a verb of
 * saying right after a fragment, whatever follows: "calling Trump “an orange buffoon,” Susan said as she …".
 */
const bareTag: SourceRule = ({ c }) => {
  if (!/[,?!]\s*$/u.test(c.text)) return null;
  const { tokens } = c.paragraph;
  const k = c.token;
  const run = runStartingAt(tokens, k + 1, tokens.length, k + 1);
  if (run === null || run.to - run.from > 3) return null;
  const verb = tokens[run.to];
  // A fragment too: "calling Trump “an orange buffoon,” Susan said as she turned around."
  if (
    isSpeechVerbAt(tokens, run.to) &&
    !isNonFinite(tokens, run.to) &&
    verb?.sentence === tokens[k]?.sentence
  )
    return { how: 'after', source: { kind: 'name', run, tokens } };
  if (c.partial) return null;
  const closed = isPunct(tokens[run.to + 1], '.!') && tokens[run.to + 2]?.kind !== 'word';
  return verb?.low === true && verb.lower.endsWith('ed') && closed
    ? { how: 'after', source: { kind: 'name', run, tokens } }
    : null;
};

/** X said: “…” / X told them that it “…” / according to X, in the quotation's own sentence. */
const attributionBefore: SourceRule = ({ c }) => found('before', sourceBefore(c));

/** The source after a fragment, or after a quotation introduced by a verb, when none stands before it. */
const attributionAfterAnyway: SourceRule = ({ after }) => found('after', after());

/** The next sentence is a bare attribution: “We will win.” Smith said. */
const nextSentence: SourceRule = ({ c }) => {
  const p = c.paragraph;
  const { tokens } = p;
  const k = c.token;
  const s = sentenceOf(p, k);
  const last = k + 1 >= s.to || (k + 2 === s.to && isPunct(tokens[k + 1], '.'));
  const next = p.sentences[(tokens[k]?.sentence ?? 0) + 1];
  if (!last || next === undefined || c.span.closed !== 'mark') return null;
  for (let j = next.from; j < next.to && j < next.from + 5; j++) {
    if (tokens[j]?.kind === 'quote') break;
    if (!isSpeechVerbAt(tokens, j)) continue;
    const nctx = { tokens, sentence: next };
    if (next.to - j <= 7 && !tokens.slice(j, next.to).some((t) => wordOf(t) === 'that')) {
      const sub = subjectBefore(nctx, j, next.from);
      const src = typeof sub === 'string' ? subjectAfter(nctx, j, next.to) : sub;
      if (src !== null) return { how: 'next', source: src };
    }
    break;
  }
  return null;
};

/**
 * A name standing alone before a colon that opens the quotation, as news round-ups and transcripts write it:
 * "Pollsters agree - Carl Bialik: “…”", "More from Jones: “…”", "Pew Research: “…”". Nothing but a dash or
 * "more from" stands between the name and the sentence's start.
 */
const nameBeforeColon: SourceRule = ({ c }) => {
  const { tokens } = c.paragraph;
  const k = c.token;
  if (!isPunct(tokens[k - 1], ':')) return null;
  const s = sentenceOf(c.paragraph, k);
  const run = runEndingAt(tokens, k - 2, s.from, s.from);
  if (run === null || isPossessiveRun(tokens, run)) return null;
  const before = run.from - 1;
  const alone =
    before < s.from ||
    isPunct(tokens[before], '-—–|') ||
    (wordOf(tokens[before]) === 'from' && wordOf(tokens[before - 1]) === 'more') ||
    isRoleLabel(tokens, s.from, run.from);
  return alone ? { how: 'colon', source: { kind: 'name', run, tokens } } : null;
};

/**
 * The role before a transcript label's name: "Former secretary of state Hillary Rodham Clinton: “…”". A few
 * words from the sentence's start, the first capitalised, none a verb.
 */
function isRoleLabel(tokens: readonly Token[], from: number, to: number): boolean {
  if (to - from > 6 || tokens[from]?.cap !== true) return false;
  for (let j = from; j < to; j++) {
    const t = tokens[j];
    if (
      t?.kind !== 'word' ||
      isSpeechVerb(t) ||
      NOT_IN_ATTRIBUTION.has(t.lower) ||
      /(?:ed|ing)$/.test(t.lower)
    )
      return false;
  }
  return true;
}

/** A named source (not a description), or null. */
function named(source: Source | null): Source | null {
  if (source === null) return null;
  // A description counts when it names someone in its own words and its head is one who speaks: a person's
  // role, a mouthpiece, a document or an organisation ("a senior Cruz adviser", "Hoff’s letter", "the Sanders
  // campaign"); a clause's verb run into ("the FBI lists") is not.
  if (source.kind !== 'description') return source;
  const speaks = SPEAKING_HEAD.test(source.head) || speakingHead(source.head.replace(/s$/, ''));
  return speaks && !source.weak && describedSpeaker(source.phrase) !== null ? source : null;
}

const SPEAKING_HEAD =
  /^(?:[a-z]+-)?(?:adviser|advisor|aide|official|strategist|supporter|member|leader|source)s?$/;

function speakingHead(head: string): boolean {
  return isRole(head) || DOCUMENTS.has(head) || MOUTHPIECES.has(head) || ORG_WORDS.has(head);
}

/** The subject of the last verb of saying in a sentence, when no quotation stands after that verb. */
function lastSpeechVerbSubject(prev: { tokens: readonly Token[]; sentence: Sentence }): Source | null {
  for (let j = prev.sentence.to - 1; j >= prev.sentence.from; j--) {
    if (prev.tokens[j]?.kind === 'quote') break;
    if (!isSpeechVerbAt(prev.tokens, j)) continue;
    const sub = isNonFinite(prev.tokens, j) ? 'coordinated' : subjectBefore(prev, j, prev.sentence.from);
    // "“Safety,” said Grimm, a supporter. “…”": the subject after an inverting verb.
    const inverted = sub === 'none' ? named(subjectAfter(prev, j, prev.sentence.to)) : null;
    return inverted ?? named(typeof sub === 'string' ? mainSubject(prev, j) : sub);
  }
  return null;
}

/**
 * The sentence before introduces it: "Caddell continued:", "Sanders made the following comment:", or "…, Schiff
 * said." followed by the quotation as a sentence of its own.
 */
const sentenceBefore: SourceRule = ({ c, paragraphs }) => {
  const { tokens } = c.paragraph;
  const k = c.token;
  const s = sentenceOf(c.paragraph, k);
  const ownSentence = k === s.from || (k === s.from + 1 && isPunct(tokens[s.from], '—–-'));
  const prev = ownSentence ? previousSentence(c, paragraphs) : null;
  if (prev === null) return null;
  const colon = isPunct(prev.tokens[prev.sentence.to - 1], ':');
  const quoteIn = (t: Token, j: number) =>
    t.kind === 'quote' && !(paragraphOf(prev.tokens, c, paragraphs)?.candidates.get(j)?.title ?? false);
  const hasQuote = prev.tokens
    .slice(prev.sentence.from, prev.sentence.to)
    .some((t, i) => quoteIn(t, prev.sentence.from + i));
  if (!colon && hasQuote) return null;
  const fromVerb = lastSpeechVerbSubject(prev);
  if (fromVerb !== null) return { how: 'colon', source: fromVerb };
  return colon ? found('colon', named(mainSubject(prev, prev.sentence.to - 1))) : null;
};

/**
 * A fragment in a sentence with no verb of saying: "Reid has gone after Trump as a “human leech…”"; or a
 * quotation after a colon that ends the writer's clause: "The commissioner put it bluntly: “…”"; or a full
 * quotation that closes the sentence after a comma or a dash: "Trump issued a statement, “…”", "Trump also
 * embraced waterboarding -- “…”".
 */
const clauseSubject: SourceRule = ({ c }) => {
  const { tokens } = c.paragraph;
  const k = c.token;
  const s = sentenceOf(c.paragraph, k);
  if (!(c.partial || isPunct(tokens[k - 1], ':') || closesOnFullQuote(c, s))) return null;
  return found('before', named(mainSubject({ tokens, sentence: s }, k)));
};

/** A full quotation after a comma or a dash that ends the writer's sentence (nothing but a stop after it). */
function closesOnFullQuote(c: Candidate, s: Sentence): boolean {
  const { tokens } = c.paragraph;
  const k = c.token;
  const last = k + 1 >= s.to || (k + 2 === s.to && isPunct(tokens[k + 1], '.'));
  return last && isPunct(tokens[k - 1], ',—–-') && k - 1 > s.from;
}

/**
 * The sentence closes on an attribution of its own after a comma: "“…,” and donations picked up, Gilbert said."
 * or "… and “better reflect the party,” Mook wrote." The writer's whole sentence is the speaker's, quotation
 * and all, so the name at its end wins over a verb before the quotation or a clause that opens after it.
 */
const closingAttribution: SourceRule = ({ c }) => {
  const { tokens } = c.paragraph;
  const s = sentenceOf(c.paragraph, c.token);
  let end = s.to - 1;
  if (isPunct(tokens[end], '.!')) end--;
  if (end < c.token + 2) return null;
  const ctx = { tokens, sentence: s };
  for (let comma = end - 1; comma >= c.token && comma >= end - 6; comma--) {
    const t = tokens[comma];
    // The quotation's own closing comma counts: "… and “better reflect the party,” Mook wrote."
    const ownComma = comma === c.token && /,\s*$/u.test(c.text);
    if (t === undefined || (t.kind === 'quote' && !ownComma)) return null;
    if (!isPunct(t, ',') && !ownComma) continue;
    for (let j = c.token + 1; j < comma; j++) if (isBarrier(tokens, j)) return null;
    // ", Gilbert said." / ", said Gilbert." with nothing after it but the stop.
    if (isSpeechVerbAt(tokens, end) && !isNonFinite(tokens, end)) {
      const sub = subjectBefore(ctx, end, comma + 1);
      return typeof sub === 'string' || sub.kind === 'description' ? null : { how: 'after', source: sub };
    }
    if (isSpeechVerbAt(tokens, comma + 1)) {
      const src = subjectAfter(ctx, comma + 1, end + 1);
      return src === null || src.kind === 'description' ? null : { how: 'after', source: src };
    }
    return null;
  }
  return null;
};

/**
 * The sentence closes on ", said X, who they are.": "“…” if she wins by less, said Dan Oyelaran, an analyst at the
 * Harbour Institute." The writer's words run on past the quotation to an attribution that names the speaker of the
 * whole sentence; what follows the name is the speaker's apposition (no verb of saying, no quotation in it).
 */
const closingInverted: SourceRule = ({ c }) => {
  const { tokens } = c.paragraph;
  const s = sentenceOf(c.paragraph, c.token);
  for (let j = c.token + 2; j < s.to; j++) {
    if (isBarrier(tokens, j)) return null;
    if (!isPunct(tokens[j - 1], ',') || !INVERTING_VERBS.has(wordOf(tokens[j])) || !isSpeechVerbAt(tokens, j))
      continue;
    const run = runStartingAt(tokens, j + 1, s.to, s.from);
    return run !== null && closesSentence(tokens, run.to, s)
      ? { how: 'after', source: { kind: 'name', run, tokens } }
      : null;
  }
  return null;
};

/** Nothing but a stop, or an apposition without a quotation or a verb of saying, from k to the sentence's end. */
function closesSentence(tokens: readonly Token[], k: number, s: Sentence): boolean {
  let from = k;
  // A party tag: "said Rep. Ann Kiel (D-Ohio), a member of …".
  if (isPunct(tokens[from], '(')) while (from < s.to && !isPunct(tokens[from - 1], ')')) from++;
  const next = tokens[from];
  if (from >= s.to || isPunct(next, '.!')) return true;
  if (!isPunct(next, ',')) return false;
  for (let j = from + 1; j < s.to; j++) if (isBarrier(tokens, j) || isSpeechVerbAt(tokens, j)) return false;
  return true;
}

/**
 * A report of a report: "“…,” Sanders said, according to CNN." / "“…,” said X, reports USA Today." The
 * source the writer cites at the close of the sentence is the one the full quotation is taken from.
 */
const reportedBy: SourceRule = ({ c }) => {
  // A fragment is the writer's paraphrase: "X said it was “…,” according to Y" keeps X.
  if (c.partial) return null;
  const { tokens } = c.paragraph;
  const s = sentenceOf(c.paragraph, c.token);
  let end = s.to - 1;
  if (isPunct(tokens[end], '.')) end--;
  for (let comma = end - 1; comma > c.token + 1 && comma >= end - 9; comma--) {
    if (tokens[comma]?.kind === 'quote') return null;
    if (!isPunct(tokens[comma], ',')) continue;
    let from = comma + 1;
    if (wordOf(tokens[from]) === 'according' && wordOf(tokens[from + 1]) === 'to') from += 2;
    else if (REPORTS.has(wordOf(tokens[from]))) from++;
    // ", according to CNN." / ", reports USA Today." run to the stop; ", the Post reported." ends on its verb.
    const to = from > comma + 1 ? end + 1 : end;
    if (from === comma + 1 && !REPORTS.has(wordOf(tokens[end]))) return null;
    const phrase = { tokens, from, to };
    if (wordOf(tokens[from]) === 'the') from++;
    // The outlet's name runs to the verb or the stop, in capitals all the way ("USA Today").
    const run = runStartingAt(tokens, from, to, s.from);
    const outlet = run !== null && tokens.slice(from, to).every((t) => t.cap);
    if (outlet) return { how: 'after', source: { kind: 'name', run: { from, to }, tokens } };
    // ", according to a White House pool report.": the document, in the writer's words when a name is in them.
    return isDeterminer(wordOf(tokens[phrase.from])) && to - phrase.from <= 8
      ? { how: 'after', source: { kind: 'description', head: wordOf(tokens[to - 1]), weak: false, phrase } }
      : null;
  }
  return null;
};

function isDeterminer(w: string): boolean {
  return w === 'a' || w === 'an' || w === 'the';
}
const REPORTS: ReadonlySet<string> = new Set(['reports', 'reported']);

/** Where the writer's words may say who spoke, in the order they are tried: the first answer wins. */
const SOURCE_RULES: readonly SourceRule[] = [
  transcriptLabel,
  signedBelow,
  dashedBelow,
  reportedBy,
  attributionAfter,
  bareTag,
  closingAttribution,
  closingInverted,
  attributionBefore,
  attributionAfterAnyway,
  nextSentence,
  nameBeforeColon,
  sentenceBefore,
  clauseSubject,
];

/** Reads who spoke a quotation from the writer's words: its sentence, the next, or the one before. */
function findSource(c: Candidate, paragraphs: readonly Paragraph[]): Source | null {
  let after: Source | null | undefined;
  const look: SourceLookup = {
    c,
    paragraphs,
    after: () => {
      if (after === undefined) after = sourceAfter(c);
      return after;
    },
  };
  for (const rule of SOURCE_RULES) {
    const result = rule(look);
    if (result !== null) {
      c.how = result.how;
      return result.source;
    }
  }
  return null;
}

/** Where a quotation stands, for the registry's look-ups. */
interface Place {
  readonly paragraph: number;
  readonly sentence: number;
  readonly token: number;
}

/** Transcript labels are in capitals: WALLACE → Wallace, linked to "Chris Wallace" when named. */
function labelEntity(label: string, registry: EntityRegistry): Entity | null {
  const name = parseName(label.toLowerCase().replace(/(^|[\s\-'’])\p{L}/gu, (m) => m.toUpperCase()));
  return name === null ? null : registry.entityFor(name);
}

function nameEntity(
  source: Extract<Source, { kind: 'name' }>,
  registry: EntityRegistry,
  at: Place,
): Entity | null {
  const name = cleanName(source.tokens, source.run);
  if (name !== null) return registry.entityFor(name);
  // Only a title: "said the President" reads like a role, unless the article names someone by it ("King").
  const t = source.tokens[source.run.to - 1];
  if (t === undefined) return null;
  const bySurname = source.run.to - source.run.from === 1 ? registry.personBySurname(t.text) : undefined;
  return bySurname ?? registry.byRole(t.text, at) ?? null;
}

function pronounEntity(
  source: Extract<Source, { kind: 'pronoun' }>,
  c: Candidate,
  registry: EntityRegistry,
  paragraphs: readonly Paragraph[],
): Entity | null {
  // Salience is measured where the pronoun stands (it may come before the quotation, or in the
  // sentence before it).
  const owner = paragraphOf(source.tokens, c, paragraphs) ?? c.paragraph;
  const t = source.tokens[source.token];
  const at = {
    paragraph: owner.index,
    sentence: owner.sentenceBase + (t?.sentence ?? 0),
    token: source.token,
  };
  if (source.word === 'he') return registry.salient(at, 'male') ?? null;
  if (source.word === 'she') return registry.salient(at, 'female') ?? null;
  if (source.word === 'it') return registry.salient(at, 'org') ?? null;
  return null;
}

function descriptionEntity(
  source: Extract<Source, { kind: 'description' }>,
  c: Candidate,
  registry: EntityRegistry,
  paragraphs: readonly Paragraph[],
  at: Place,
): Entity | null {
  // "the minister" points back at a named minister; "a spokesman for X" speaks for X.
  const org = source.org === undefined ? null : resolveSource(source.org, c, registry, paragraphs);
  // "a senior Cruz adviser", "the Florida senator": the writer's own identification, not a guess at a name.
  const described = source.weak ? null : describedSpeaker(source.phrase);
  // "Trump’s campaign": the owner's own mouthpiece, given as written; "a spokesman for X" speaks for X.
  if (described !== null && isPossessiveWord(source.phrase?.tokens[source.phrase.from])) return described;
  if (source.indefinite === true) return org ?? described;
  if (described !== null) return described;
  const role = registry.byRole(source.head, at, source.former === true) ?? org;
  if (role !== null || !isPersonDescriptor(source.head)) return role;
  // "the 24-year-old said", "the grandmother-of-four said": like a pronoun, the person in view.
  const kin = source.head.split('-')[0] ?? '';
  const known = ROLE_GENDER.get(kin);
  const gender = known === 'female' || known === 'male' ? known : 'person';
  // Someone named before this sentence: names later in it ("who managed Rovers") are not who it means.
  return registry.salient({ ...at, token: 0 }, gender) ?? null;
}

/** Turns what the text says about the speaker into an entity, or null. */
function resolveSource(
  source: Source,
  c: Candidate,
  registry: EntityRegistry,
  paragraphs: readonly Paragraph[],
): Entity | null {
  const p = c.paragraph;
  const at = {
    paragraph: p.index,
    sentence: p.sentenceBase + (p.tokens[c.token]?.sentence ?? 0),
    token: c.token,
  };
  switch (source.kind) {
    case 'label':
      return labelEntity(source.label, registry);
    case 'name':
      return nameEntity(source, registry, at);
    case 'pronoun':
      return pronounEntity(source, c, registry, paragraphs);
    case 'description':
      return descriptionEntity(source, c, registry, paragraphs, at);
  }
}

/**
 * Whether an entity may be named as a speaker: a name or nothing. A place, a word the article only ever
 * capitalises to open a sentence ("Signs of ...", "Hours later, ..."), or text glued from a link card
 * ("Ocasio-CortezSanders") is nobody; null is better than a wrong name.
 */
function canSpeak(e: Entity, registry: EntityRegistry): boolean {
  const words = e.name.words;
  if (e.kind === 'place' && words.length <= 3) return false;
  if (isGlued(words)) return false;
  if (words.length !== 1 || e.kind === 'person' || e.mentions === 0) return true;
  if (e.unplacedMentions === 0) return false;
  // Only ever capitalised to open a sentence, and written in lower case elsewhere or shaped like an adverb
  // or a gerund: a common word ("Signs of …", "Specifically, …", "Recalling that moment, …").
  const only = words[0] ?? '';
  const lower = only.toLowerCase();
  return (
    e.innerMentions > 0 ||
    ACRONYM.test(only) ||
    firstNameGender(only) !== 'unknown' ||
    !(registry.lowerWords.has(lower) || /(?:ly|ing)$/.test(lower))
  );
}
const ACRONYM = /^[\p{Lu}\d&.]{2,}$/u;

/**
 * Link-card text glued to a name: "Alexandria Ocasio-CortezAlexandria Ocasio-CortezSanders". A lower-case
 * letter runs into a capital inside a word, and what stands on one side of the seam is another word of the
 * name (VanderSloot, KellyAnne and McCain have no such repeat).
 */
function isGlued(words: readonly string[]): boolean {
  for (const w of words) {
    for (const m of w.matchAll(/\p{Ll}(?=\p{Lu})/gu)) {
      const at = (m.index ?? 0) + 1;
      const head = w.slice(0, at).toLowerCase();
      const tail = w.slice(at).toLowerCase();
      if (words.some((o) => o !== w && (o.toLowerCase().endsWith(head) || o.toLowerCase().startsWith(tail))))
        return true;
    }
  }
  return false;
}

/**
 * "the Republican said", "the Saudis state": one capitalised word after "the" that names nobody the article knows
 * is the writer's description of the speaker, given as written.
 */
function theOneWord(source: Source): Entity | null {
  if (source.kind !== 'name' || source.run.to - source.run.from !== 1) return null;
  const from = source.run.from - 1;
  if (source.tokens[from]?.lower !== 'the') return null;
  return describedSpeaker({ tokens: source.tokens, from, to: source.run.to });
}

function speakerOrNull(e: Entity | null, registry: EntityRegistry): Entity | null {
  return e !== null && canSpeak(e, registry) ? e : null;
}

/** Anything that may open a quotation (an apostrophe inside or after a word cannot). */
const ANY_MARK = /["“”„‟«»‘‚‛‹›]|(?:^|[\s([—–-])['’`]|''/;

/** The quotations of an article, with their speakers (read in the article's language when not given). */
export function extractQuotes(article: CleanArticle, language?: Language): Quote[] {
  return readQuotes(article, language).quotes;
}

/** What reading the quotations learnt about the article's people, for other readers (key points' pronouns). */
export interface PeopleModel {
  readonly paragraphs: readonly ParagraphModel[];
  /** The people named, with the speakers of the quotations noted (speakers are salient for pronouns). */
  readonly registry: EntityRegistry;
}

export interface QuoteReading {
  readonly quotes: Quote[];
  /** The people model, built on first use when the article has no quotation to read. */
  readonly people: () => PeopleModel;
}

function peopleOf(texts: readonly string[]): { paragraphs: Paragraph[]; registry: EntityRegistry } {
  const paragraphs = buildParagraphs(texts);
  markOpeningParticiples(paragraphs);
  markNameStopWords(paragraphs);
  return { paragraphs, registry: EntityRegistry.build(paragraphs) };
}

/** Speakers in English: the rules of findSource read the writer's words, the registry links the names. */
function attributeEnglish(
  spoken: readonly Candidate[],
  paragraphs: readonly Paragraph[],
  registry: EntityRegistry,
): void {
  spoken.forEach((c, i) => {
    const source = findSource(c, paragraphs);
    if (source !== null) {
      c.attributed = true;
      c.speaker =
        speakerOrNull(resolveSource(source, c, registry, paragraphs), registry) ?? theOneWord(source);
    } else {
      c.speaker = speakerOrNull(inherit(c, spoken, i, registry), registry);
    }
    if (c.speaker !== null) {
      const p = c.paragraph;
      registry.noteSpeaker(c.speaker, p.index, p.sentenceBase + (p.tokens[c.token]?.sentence ?? 0), c.token);
    }
  });
  // “A.” “B,” he said. — a quotation with no attribution takes the speaker of the quotation right
  // after it when nothing of the writer's stands between them.
  for (let i = spoken.length - 2; i >= 0; i--) {
    const c = spoken[i];
    const next = spoken[i + 1];
    if (c === undefined || next === undefined || c.attributed || c.speaker !== null) continue;
    if (next.paragraph !== c.paragraph) continue;
    const between = c.paragraph.tokens.slice(c.token + 1, next.token);
    // "From Trump’s “A” in Iowa to his call for “B,” Will wrote": fragments listed before the one attribution.
    const listed =
      next.how === 'after' &&
      c.partial &&
      c.paragraph.tokens[next.token]?.sentence === c.paragraph.tokens[c.token]?.sentence &&
      !between.some((t) => isSpeechVerb(t));
    if (listed || between.every((t) => t.kind === 'punct')) c.speaker = next.speaker;
  }
}

/** Speakers in French, German and Spanish, read by quotes/foreign.ts: a name or nothing. */
function attributeForeign(
  spoken: readonly Candidate[],
  paragraphs: readonly Paragraph[],
  language: ForeignLanguage,
): void {
  const lex = foreignLexicon(language);
  const asides = spoken.map((c) => readAside(c.text, lex));
  const names = new ForeignReader(lex, paragraphs).attribute(
    spoken.map((c, i) => ({
      paragraph: c.paragraph,
      token: c.token,
      partial: c.partial,
      inside: asides[i]?.speaker,
    })),
  );
  const people = new EntityRegistry();
  spoken.forEach((c, i) => {
    const aside = asides[i];
    if (aside !== undefined) c.text = aside.text;
    const words = names[i];
    const name =
      words === null || words === undefined
        ? null
        : nameFromWords(words.map((text) => ({ text, initial: false })));
    c.speaker = name === null || isFunctionWordInAnyLanguage(name.display) ? null : people.entityFor(name);
  });
}

/**
 * A speaker set inside the quotation between dashes, as Spanish writes it: «Mi abuelo pescaba aquí —dice
 * Vicent Martí, de 62 años—. Mis hijos …». The aside names the speaker and leaves the quotation.
 */
export function readAside(
  text: string,
  lex: ForeignLexicon,
): { text: string; speaker: string[] } | undefined {
  const m = /\s?—\s?(\p{Ll}+)\s+([^—]{1,120}?)\s?—\s?/u.exec(text);
  if (m?.[1] === undefined || m[2] === undefined || !lex.verbs.has(m[1])) return undefined;
  const speaker: string[] = [];
  for (const w of (m[2].split(',')[0] ?? '').split(/\s+/)) {
    if (/^\p{Lu}/u.test(w) || (speaker.length > 0 && lex.particles.has(w))) speaker.push(w);
    else break;
  }
  while (speaker.length > 0 && lex.particles.has(speaker[speaker.length - 1] ?? '')) speaker.pop();
  if (speaker.length === 0) return undefined;
  const before = text.slice(0, m.index);
  const after = text.slice(m.index + m[0].length);
  return { text: /^[.,;]/.test(after) ? `${before}${after}` : `${before} ${after}`, speaker };
}

/**
 * The quotations of an article, and the people model they were attributed with. Speakers are read in
 * English, French, German and Spanish; in another language they are left unknown rather than guessed.
 */
export function readQuotes(article: CleanArticle, language?: Language): QuoteReading {
  // Most of the work is reading names; an article without a quotation mark needs none of it.
  if (!article.paragraphs.some((p) => ANY_MARK.test(p))) {
    let built: PeopleModel | undefined;
    return { quotes: [], people: () => (built ??= peopleOf(article.paragraphs)) };
  }
  const lang = language ?? detectLanguage(article.paragraphs);
  const model = peopleOf(article.paragraphs);
  const { paragraphs, registry } = model;
  const candidates: Candidate[] = [];
  let open: Candidate | null = null;
  for (const p of paragraphs) {
    const carried = open;
    open = null;
    for (let k = 0; k < p.tokens.length; k++) {
      const t = p.tokens[k];
      if (t === undefined || t.kind !== 'quote') continue;
      const span = p.spans[t.span];
      if (span === undefined) continue;
      const text = p.text.slice(span.start, span.end);
      const first = k === 0;
      const c: Candidate = {
        paragraph: p,
        token: k,
        span,
        text,
        words: countQuoteWords(text),
        continuedFrom: first && carried !== null && carried.span.family === span.family ? carried : null,
        keep: false,
        title: false,
        partial: false,
        attributed: false,
        how: null,
        speaker: null,
      };
      if (span.closed === 'open') open = c;
      candidates.push(c);
      p.candidates.set(k, c);
    }
  }

  for (const c of candidates) judge(c);
  // Every quotation but titles gets a speaker, so that a short one ("not meeting the demand," says X)
  // can hand its speaker on to the full one after it.
  const spoken = candidates.filter((c) => !c.title);
  if (lang === 'en') attributeEnglish(spoken, paragraphs, registry);
  else if (lang !== 'other') attributeForeign(spoken, paragraphs, lang);

  const quotes = candidates
    .filter((c) => c.keep)
    .map((c) => {
      const q: Quote = {
        text: tidyQuote(c.text),
        speaker: c.speaker === null ? null : c.speaker.name.display,
        paragraphIndex: c.paragraph.index,
        partial: c.partial,
        ...(c.speaker?.id === DESCRIBED_ID ? { described: true } : {}),
      };
      return c.continuedFrom !== null ? { ...q, continued: true } : q;
    });
  return { quotes, people: () => model };
}

/** A quotation with no attribution of its own takes its speaker from the quotation it goes on from. */
function inherit(
  c: Candidate,
  spoken: readonly Candidate[],
  i: number,
  registry: EntityRegistry,
): Entity | null {
  if (c.continuedFrom !== null) return c.continuedFrom.speaker;
  const prev = spoken[i - 1];
  // “A,” Putin said. “B.” — the same paragraph goes on.
  if (prev !== undefined && prev.paragraph === c.paragraph) return prev.speaker;
  const p = c.paragraph;
  const opensParagraph = c.token === 0;
  if (!opensParagraph) {
    // A quotation that is a sentence of its own after a sentence about someone (“Sanders identified …
    // “The younger people are …”): that sentence's subject.
    const s = sentenceOf(p, c.token);
    const si = p.tokens[c.token]?.sentence ?? 0;
    const own = c.token === s.from && (p.tokens[c.token + 1] === undefined || c.token + 2 >= s.to);
    return own && si > 0 ? (registry.subjectOf(p.sentenceBase + si - 1) ?? null) : null;
  }
  // A paragraph that opens with a quotation after a paragraph of quotations: the same speaker goes on.
  if (prev !== undefined && prev.paragraph.index === p.index - 1 && prev.speaker !== null)
    return prev.speaker;
  // A quotation standing alone after a paragraph about someone: the subject of its last sentence.
  const before = p.index > 0 ? registry.subjectOf(p.sentenceBase - 1) : undefined;
  return before ?? null;
}

/** A quotation as shown: white space collapsed, a trailing comma dropped. */
function tidyQuote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.endsWith(',') ? t.slice(0, -1).trimEnd() : t;
}

/** Chooses the few quotes worth featuring in the email (substantial, distinct speakers where possible). */
export function featureQuotes(quotes: readonly Quote[], max: number): Quote[] {
  if (max <= 0) return [];
  const scored = quotes
    .map((q, index) => ({ q, index, words: countQuoteWords(q.text) }))
    .filter(({ q, words }) => !q.partial && words >= 6)
    .map((x) => {
      const lengthScore = x.words < 10 ? x.words / 10 : x.words <= 45 ? 1 : Math.max(0.2, 45 / x.words);
      // A named speaker makes the better quote to feature; someone described ("one man") is still better than none.
      const speakerScore = x.q.speaker === null ? 0 : x.q.described === true ? 0.5 : 1;
      const positionScore = 1 / (1 + x.index / 10);
      return { ...x, score: lengthScore + speakerScore + 0.3 * positionScore - (x.q.continued ? 0.3 : 0) };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: typeof scored = [];
  const speakers = new Set<string | null>();
  for (const x of scored) {
    if (chosen.length >= max) break;
    if (speakers.has(x.q.speaker) && x.q.speaker !== null) continue;
    chosen.push(x);
    speakers.add(x.q.speaker);
  }
  // Too few speakers: fill up, first with quotes from paragraphs not yet shown (another moment, not the
  // second half of a quotation already featured), then with any.
  const shownParagraph = (x: (typeof scored)[number]) =>
    chosen.some((c) => c.q.paragraphIndex === x.q.paragraphIndex);
  for (const x of scored) {
    if (chosen.length >= max) break;
    if (!chosen.includes(x) && !shownParagraph(x)) chosen.push(x);
  }
  for (const x of scored) {
    if (chosen.length >= max) break;
    if (!chosen.includes(x)) chosen.push(x);
  }
  return chosen.sort((a, b) => a.index - b.index).map((x) => x.q);
}
