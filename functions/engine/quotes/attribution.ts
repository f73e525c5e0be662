// Attribution: reads the writer's words around a quotation for who said it. Knows the forms news uses:
// "…,” X said / “…,” said X / X said: “…” / X told reporters “…” / according to X / X, a spokesman, said /
// X said in a statement that it “…” / The Post reports that … / "he said", "the minister said".
// Returns what the text says (a name run, a pronoun, a description); entities.ts resolves it.
import {
  AUXILIARIES,
  DESCRIPTION_DETERMINERS,
  INDEFINITE,
  INTRO_WORDS,
  INVERTED_SUBJECT_DETERMINERS,
  isPreposition,
  LY_NOUNS,
  NOUN_MAKERS,
  PRONOUNS,
  SKIP_BEFORE_VERB,
} from '../text/function-words.js';
import { PERSON_NOUNS, ROLE_GENDER, TITLE_GENDER } from '../text/name-words.js';
import {
  DOCUMENTS,
  INVERTING_VERBS,
  isSpeechVerb,
  MOUTHPIECES,
  PHRASAL_SPEECH_VERBS,
  SPEECH_VERBS,
} from '../text/speech-words.js';
import {
  cleanName,
  isNameWord,
  isNickname,
  isStopCap,
  type Run,
  runEndingAt,
  runStartingAt,
} from './names.js';
import type { Sentence, Token } from './tokens.js';

export type Source =
  | { readonly kind: 'name'; readonly run: Run; readonly tokens: readonly Token[] }
  | {
      readonly kind: 'pronoun';
      readonly word: string;
      /** Where the pronoun stands: names after it do not count as what it refers to. */
      readonly token: number;
      readonly tokens: readonly Token[];
    }
  | {
      readonly kind: 'description';
      readonly head: string;
      /** "a spokesman" brings in someone new; "the spokesman" points back at someone named before. */
      readonly indefinite?: boolean;
      /** "the former governor". */
      readonly former?: boolean;
      /** From a relative clause ("a woman who suggested"): used only when nothing better is found. */
      readonly weak: boolean;
      /** The organisation a mouthpiece speaks for ("A White House spokeswoman"), when given. */
      readonly org?: Source;
      /** The words as written, determiner to head and any short complement ("one adviser to Bill Clinton"). */
      readonly phrase?: Phrase;
    }
  | { readonly kind: 'label'; readonly label: string };

/** Tokens [from, to) of a paragraph: the words of a description as the writer gave them. */
export interface Phrase {
  readonly tokens: readonly Token[];
  readonly from: number;
  readonly to: number;
}

const DASHES = '―—–-';

/** Adjectives that stand after a noun and open a complement: "one Democrat familiar (with …)". */
export const POSTPOSED = new Set(['familiar', 'involved', 'close', 'aware', 'present', 'responsible']);

/** Words that may stand between a preposition and the name after it in a description's complement. */
const DETERMINERS_BEFORE_NAME = new Set(['the', 'both', 'a', 'an']);

/** Longest description kept as written, in tokens: past it the phrase is a clause, not a speaker's label. */
const MAX_PHRASE = 10;

/**
 * The description whose head is at k, as written: back over its modifiers ("senior", "Cruz", "Trump’s",
 * "24-year-old") to its determiner, which it keeps ("a senior Cruz adviser"); null past MAX_PHRASE.
 */
function phraseEndingAt(tokens: readonly Token[], k: number, lo: number): Phrase | null {
  let j = k - 1;
  while (j >= lo && k - j < MAX_PHRASE) {
    const t = tokens[j];
    if (t === undefined || t.kind !== 'word') break;
    const w = t.lower;
    if (DESCRIPTION_DETERMINERS.has(w)) return { tokens, from: j, to: k + 1 };
    // "the Vermont senator and Democratic presidential candidate": two roles of one person.
    const joinsRoles = w === 'and' && isRole(word(tokens[j - 1]));
    if (isPreposition(w) || AUXILIARIES.has(w) || SPEECH_VERBS.has(w) || w === 'or') break;
    if (w === 'and' && !joinsRoles) break;
    j--;
  }
  return k - j < MAX_PHRASE ? { tokens, from: j + 1, to: k + 1 } : null;
}

/** A phrase carried on over a preposition and what follows it: "one longtime adviser" + "to Bill Clinton". */
function extendPhrase(phrase: Phrase | undefined, to: number): Phrase | undefined {
  if (phrase === undefined || to <= phrase.to || to - phrase.from > MAX_PHRASE + 4) return phrase;
  return { ...phrase, to };
}

/** A speech verb used as a verb at k (not "the states", "Trump's remarks"). */
export function isSpeechVerbAt(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (t === undefined) return false;
  const particle = PHRASAL_SPEECH_VERBS.get(t.lower);
  // "went on, “…”" but not "the Senate goes on recess".
  if (particle !== undefined && t.low && word(tokens[k + 1]) === particle) {
    return particle !== 'on' || tokens[k + 2]?.kind !== 'word';
  }
  if (!isSpeechVerb(t) || t.surname) return false;
  // A capital inside a sentence makes a name (the United States), not a verb; "Said Ellis:" opens one.
  if (t.cap && k > 0 && tokens[k - 1]?.sentence === t.sentence) return false;
  const w = word(t);
  if (!/s$/.test(w) || /(?:ss|ed)$/.test(w)) return true;
  const prev = tokens[k - 1];
  // A plural noun, not a verb: "the states", "Trump's remarks", "states can pass", "had received offers".
  if (PLURAL_AFTER.has(word(tokens[k + 1])) || (prev?.low === true && /ed$/.test(prev.lower))) return false;
  return !(NOUN_MAKERS.has(word(prev)) || isPossessiveWord(prev));
}

/** Words after a plural noun that cannot follow a verb of saying: "states can", "claims were". */
const PLURAL_AFTER: ReadonlySet<string> = new Set(
  'are were have had will would can could should may might must do did'.split(' '),
);

/** "to say", "saying", "adding": forms whose subject is the clause's, not a word right before them. */
export function isNonFinite(tokens: readonly Token[], k: number): boolean {
  return isParticiple(tokens[k]) || word(tokens[k - 1]) === 'to';
}

/** True when the word is a present participle of a speech verb ("saying", "adding"). */
export function isParticiple(t: Token | undefined): boolean {
  return isSpeechVerb(t) && word(t).endsWith('ing');
}

/** A word without a contraction: he’s → he, she'd → she. */
function bare(w: string): string {
  const i = w.search(/['’]/);
  return i > 0 ? w.slice(0, i) : w;
}

export function word(t: Token | undefined): string {
  return t === undefined ? '' : t.lower;
}

export function isPunct(t: Token | undefined, chars: string): boolean {
  return t !== undefined && t.kind === 'punct' && chars.includes(t.text);
}

/** A word token in lower case. */
function isLowerWord(t: Token | undefined): boolean {
  return t?.low === true;
}

/** "24-year-old", "grandmother-of-four": a word that describes a person by age or family, as a noun. */
const PERSON_DESCRIPTOR = /^(?:\d+-(?:year|month)-old|\p{Ll}+-of-(?:\d+|\p{Ll}+))$/u;

export function isPersonDescriptor(head: string): boolean {
  return PERSON_DESCRIPTOR.test(head);
}

/** A lower-case word, or an age such as "24-year-old" (a digit first, yet a common noun). */
function isLowerOrAge(t: Token | undefined): boolean {
  return isLowerWord(t) || (t !== undefined && t.kind === 'word' && PERSON_DESCRIPTOR.test(t.lower));
}

function isCapitalWord(t: Token | undefined): boolean {
  return t?.cap === true;
}

/** A quotation token that bounds the writer's clauses (a nickname inside a name does not). */
export function isBarrier(tokens: readonly Token[], k: number): boolean {
  return tokens[k]?.kind === 'quote' && !isNickname(tokens, k);
}

export interface Context {
  readonly tokens: readonly Token[];
  readonly sentence: Sentence;
}

function name(ctx: Context, run: Run): Source {
  return { kind: 'name', run, tokens: ctx.tokens };
}

/** Skips back over a parenthesis ending at k (a party tag such as "(D-Wis.)"); returns the index before it. */
function skipParenBack(tokens: readonly Token[], k: number, lo: number): number {
  if (!isPunct(tokens[k], ')')) return k;
  let j = k - 1;
  while (j >= lo && !isPunct(tokens[j], '(')) j--;
  return j - 1;
}

/** The name a document or mouthpiece speaks for: "the IMF report", "Trump’s statement". */
function ownerBefore(ctx: Context, k: number, lo: number): Source | null {
  // Walk back over lower-case modifiers to a capitalised modifier or a possessive name.
  let j = k - 1;
  while (
    j >= lo &&
    isLowerWord(ctx.tokens[j]) &&
    !DESCRIPTION_DETERMINERS.has(word(ctx.tokens[j])) &&
    !isPreposition(word(ctx.tokens[j]))
  ) {
    j--;
  }
  if (j < lo || !isCapitalWord(ctx.tokens[j])) return null;
  const run = runEndingAt(ctx.tokens, j, lo, ctx.sentence.from);
  return run === null ? null : name(ctx, run);
}

/** A noun phrase with a lower-case head that ends at k: "the minister", "a spokesman for the company". */
function descriptionEndingAt(ctx: Context, k: number, lo: number, weak = false): Source | null {
  const { tokens } = ctx;
  let head = word(tokens[k]);
  if (head === '' || DESCRIPTION_DETERMINERS.has(head) || isPreposition(head)) return null;
  head = head.replace(/['’]s?$/u, '');
  const indefinite = isIndefiniteBefore(tokens, k, lo);
  if (DOCUMENTS.has(head) || MOUTHPIECES.has(head)) {
    const owner = ownerBefore(ctx, k, lo);
    // "Trump’s campaign said", "Hoff’s letter makes the case": the campaign or the letter speaks, as written.
    if (owner?.kind === 'name' && isPossessiveRun(tokens, owner.run)) {
      const phrase = { tokens, from: owner.run.from, to: k + 1 };
      return { kind: 'description', head, weak, org: owner, indefinite, phrase };
    }
    if (owner !== null && DOCUMENTS.has(head)) return owner;
    if (owner !== null) return { kind: 'description', head, weak, org: owner, indefinite };
  }
  // "a spokesman for Northbrook Water", "officials at the agency": the organisation speaks.
  let j = k;
  while (j >= lo && (isLowerWord(tokens[j]) || isCapitalWord(tokens[j])) && !isPreposition(word(tokens[j])))
    j--;
  if (j > lo && isPreposition(word(tokens[j])) && isCapitalWord(tokens[k])) {
    const inner = word(tokens[j - 1]);
    if (MOUTHPIECES.has(inner)) {
      const run = runEndingAt(tokens, k, j + 1, ctx.sentence.from);
      if (run !== null) return name(ctx, run);
    }
  }
  if (j > lo && isPreposition(word(tokens[j]))) {
    const inner = descriptionBeforeComplement(ctx, j, k, lo, weak);
    if (inner !== null) return inner;
  }
  if (INDEFINITE.has(head)) return null;
  const former = word(tokens[k - 1]) === 'former' || word(tokens[k - 2]) === 'former';
  const phrase = phraseEndingAt(tokens, k, lo) ?? undefined;
  return { kind: 'description', head, weak, indefinite, former, phrase };
}

/** "an adviser to the governor": the description before the preposition at j, with its complement up to k. */
function descriptionBeforeComplement(
  ctx: Context,
  j: number,
  k: number,
  lo: number,
  weak: boolean,
): Source | null {
  const inner = descriptionEndingAt(ctx, j - 1, lo, weak);
  if (inner === null || inner.kind !== 'description') return inner;
  // "a spokesperson for the regulator": the mouthpiece speaks for the body described after it.
  if (MOUTHPIECES.has(inner.head) && inner.org === undefined) {
    const head = word(ctx.tokens[k]).replace(/['’]s?$/u, '');
    return { ...inner, org: { kind: 'description', head, weak: false, indefinite: false } };
  }
  return { ...inner, phrase: extendPhrase(inner.phrase, k + 1) };
}

/** Determiners that bring in someone new: "a spokesman", "one official", "another adviser". */
const INDEFINITE_DETERMINERS: ReadonlySet<string> = new Set(['a', 'an', 'one', 'another']);

/** Whether the noun phrase ending at k opens with "a", "an", "one" or "another". */
function isIndefiniteBefore(tokens: readonly Token[], k: number, lo: number): boolean {
  for (let j = k - 1; j >= lo && j > k - 5; j--) {
    const w = word(tokens[j]);
    if (INDEFINITE_DETERMINERS.has(w)) return true;
    if (w === '' || DESCRIPTION_DETERMINERS.has(w) || isPreposition(w)) return false;
  }
  return false;
}

export type Subject = Source | 'none' | 'coordinated';

/** A lower-case word that may be a noun: not a preposition, auxiliary, verb of saying or -ed form. */
function isNounLike(t: Token | undefined): boolean {
  if (t === undefined || !t.low) return false;
  const w = t.lower;
  return !isPreposition(w) && !AUXILIARIES.has(w) && !SPEECH_VERBS.has(w) && !w.endsWith('ed');
}

/** Adverbs, auxiliaries and time words between a subject and its verb. */
function skippable(t: Token | undefined): boolean {
  if (t === undefined || t.surname) return false;
  const w = t.lower;
  // A capitalised -ly word is a name (Kelly, Skelly, Connolly), not an adverb.
  if (SKIP_BEFORE_VERB.has(w) || (t.low && isLyAdverb(w))) return true;
  // "she hadn’t yet called", "but now said": a negated auxiliary, "yet", "now".
  return t.low && (w === 'yet' || w === 'now' || NEGATED_AUXILIARY.test(w));
}

const NEGATED_AUXILIARY = /^(?:has|have|had|did|does|do|was|is|were|are|would|could|should|wo|ca)n['’]t$/;

/** The speaker phrase that ends right before a verb at index v (not reaching before lo). */
export function subjectBefore(ctx: Context, v: number, lo: number): Subject {
  const { tokens, sentence } = ctx;
  let i = v - 1;
  while (i >= lo && (skippable(tokens[i]) || /^\d+$/.test(tokens[i]?.text ?? ''))) i--;
  // A number skipped as a date may end an organisation's name: "Transit Union Local 1422 said".
  const orgNumber =
    i + 1 < v && /^\d/.test(tokens[i + 1]?.text ?? '') && runEndingAt(tokens, i + 1, lo, sentence.from);
  if (orgNumber) i++;
  i = skipParenBack(tokens, i, lo);
  if (i < lo) return 'none';
  const t = tokens[i];
  if (t === undefined || t.kind === 'quote') return 'none';
  if (t.kind === 'punct')
    return t.text === ',' ? (clauseApposed(ctx, i, lo) ?? appositiveSubject(ctx, i, lo)) : 'none';
  const w = word(t);
  if (PRONOUNS.has(bare(w))) return { kind: 'pronoun', word: bare(w), token: i, tokens };
  if (w === 'who' || w === 'which' || w === 'that') return relativeClauseSubject(ctx, i, lo);
  if (w === 'and' || w === 'but' || w === 'or') return 'coordinated';
  const apposed = unclosedAppositive(ctx, i, lo);
  if (apposed !== null) return apposed;
  if (orgNumber || isNameWord(tokens, i, sentence.from)) {
    const run = runEndingAt(tokens, i, lo, sentence.from);
    if (run !== null) return nameBeforeVerb(ctx, run, lo);
  }
  if (isLowerOrAge(t)) return restrictedSubject(ctx, i, lo) ?? descriptionEndingAt(ctx, i, lo) ?? 'none';
  return 'none';
}

/**
 * "a White House official who spoke anonymously to discuss internal strategy said": a relative clause between the
 * subject and its verb, without commas; the verb's subject is what "who" follows, not the clause's last noun.
 */
function restrictedSubject(ctx: Context, i: number, lo: number): Source | null {
  const { tokens, sentence } = ctx;
  for (let w = i - 1; w > lo && i - w <= 12; w--) {
    const t = tokens[w];
    if (t === undefined || t.kind !== 'word') return null;
    if (t.lower !== 'who') continue;
    const run = runEndingAt(tokens, w - 1, lo, sentence.from);
    if (run !== null) return nameBeforeVerb(ctx, run, lo) as Source | null;
    const described = descriptionEndingAt(ctx, w - 1, lo);
    return described?.kind === 'description' ? described : null;
  }
  return null;
}

/**
 * "…, while Mike Huckabee, the former Arkansas governor, proposed …", "after Mr. Trump, asked about it, had said":
 * the apposition closing at the comma i follows the name that opens its clause, after the sentence's start or a
 * conjunction. That name is the verb's subject, not the sentence's first.
 */
function clauseApposed(ctx: Context, i: number, lo: number): Source | null {
  const { tokens, sentence } = ctx;
  let c = i - 1;
  while (c > lo && i - c < 20 && (tokens[c]?.kind === 'word' || isPunct(tokens[c], '.-'))) c--;
  const opener = tokens[c + 1];
  if (c === i - 1 || !isPunct(tokens[c], ',') || opener === undefined) return null;
  const apposition = APPOSITION_OPENERS.has(opener.lower) || /^\p{Ll}+(?:ed|ing)$/u.test(opener.text);
  const run = apposition ? runEndingAt(tokens, c - 1, lo, sentence.from) : null;
  if (run === null || isPossessiveRun(tokens, run)) return null;
  const before = word(tokens[run.from - 1]);
  return run.from === lo || CLAUSE_STARTERS.has(before) ? name(ctx, run) : null;
}
const CLAUSE_STARTERS: ReadonlySet<string> = new Set(
  'while after and but when as because since whereas though although before until where'.split(' '),
);

/**
 * "Katie Ross, who chairs the Bay PAC said", "Ana Cole, president and CEO of the Harbour Trust stated": an
 * apposition whose closing comma the writer left out, ending at i. The name before its opening comma, which opens
 * the clause, is the subject (not the organisation or the role in the apposition).
 */
function unclosedAppositive(ctx: Context, i: number, lo: number): Source | null {
  const { tokens, sentence } = ctx;
  let c = i;
  while (c > lo && i - c < 16 && (tokens[c]?.kind === 'word' || isPunct(tokens[c], '.-&'))) c--;
  const opener = tokens[c + 1];
  if (c === i || !isPunct(tokens[c], ',') || opener === undefined || !opensApposition(opener)) return null;
  const run = runEndingAt(tokens, c - 1, lo, sentence.from);
  if (run === null || run.from !== lo || isPossessiveRun(tokens, run)) return null;
  return name(ctx, run);
}

/** A word that opens an apposition after a name: "who", "the", "a", or a role ("president and CEO of …"). */
function opensApposition(t: Token): boolean {
  const w = t.lower;
  return (
    APPOSITION_OPENERS.has(w) ||
    (isNounLike(t) && !skippable(t) && !PRONOUNS.has(w) && !CLAUSE_OPENERS.has(w))
  );
}
/** Words that open an apposition after a name: ", who …", ", the chairman …", ", a lawyer …". */
const APPOSITION_OPENERS: ReadonlySet<string> = new Set(['who', 'whose', 'the', 'a', 'an']);
const CLAUSE_OPENERS: ReadonlySet<string> = new Set([
  'and',
  'but',
  'or',
  'so',
  'then',
  'which',
  'that',
  'if',
  'when',
  'while',
  'as',
]);

/**
 * A relative clause at i: "…a young woman who suggested that…" — weak, since the quotation more often belongs
 * to the main verb before it.
 */
function relativeClauseSubject(ctx: Context, i: number, lo: number): Subject {
  const { tokens, sentence } = ctx;
  let j = i - 1;
  if (isPunct(tokens[j], ',')) j--;
  j = skipParenBack(tokens, j, lo);
  const run = runEndingAt(tokens, j, lo, sentence.from);
  if (run !== null) return name(ctx, run);
  return descriptionEndingAt(ctx, j, lo, true) ?? 'none';
}

/** A name run right before the verb; "Jones of the Sierra Club said": the person before the preposition speaks. */
function nameBeforeVerb(ctx: Context, run: Run, lo: number): Subject {
  const { tokens } = ctx;
  const described = indefiniteBeforeName(tokens, run, lo);
  if (described !== null) return described;
  let b = run.from - 1;
  if (word(tokens[b]) === 'the') b--;
  const before = tokens[b];
  if (before?.kind === 'word' && isPreposition(before.text) && b - 1 >= lo) {
    const owner = subjectBefore(ctx, b, lo);
    // "Speaker of the House Rep. Paul Ryan said": a title before the phrase names no one; the name after it speaks.
    if (typeof owner !== 'string' && owner.kind !== 'description')
      return isTitleOnly(owner) ? name(ctx, run) : owner;
    if (typeof owner !== 'string' && MOUTHPIECES.has(owner.head)) return name(ctx, run);
    // "one longtime adviser to Bill Clinton said": the description speaks, written with its complement.
    if (typeof owner !== 'string') return { ...owner, phrase: extendPhrase(owner.phrase, run.to) };
  }
  return name(ctx, run);
}

/** A name run that is nothing but a title ("Speaker", "Secretary"). */
function isTitleOnly(source: Source): boolean {
  return source.kind === 'name' && cleanName(source.tokens, source.run) === null;
}

/**
 * "one senior Democrat said", "a New Hampshire Republican said": after "a", "one" or "another" (and a few
 * modifiers) the capitalised words describe someone new; they do not name them.
 */
function indefiniteBeforeName(tokens: readonly Token[], run: Run, lo: number): Source | null {
  let d = run.from - 1;
  while (d > lo && run.from - d <= 3 && isNounLike(tokens[d])) d--;
  const w = word(tokens[d]);
  if (d < lo || !INDEFINITE_DETERMINERS.has(w)) return null;
  const head = word(tokens[run.to - 1]).replace(/['’]s?$/u, '');
  return {
    kind: 'description',
    head,
    weak: false,
    indefinite: true,
    phrase: { tokens, from: d, to: run.to },
  };
}

/** Comma-separated segments of [lo, end), parentheses and nicknames kept whole. */
function segments(ctx: Context, lo: number, end: number): [number, number][] {
  const { tokens } = ctx;
  const out: [number, number][] = [];
  let start = lo;
  let depth = 0;
  for (let k = lo; k < end; k++) {
    const t = tokens[k];
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (isPunct(t, ',;:') || isBarrier(tokens, k))) {
      if (k > start) out.push([start, k]);
      start = k + 1;
    }
  }
  if (end > start) out.push([start, end]);
  return out;
}

/** "X, a spokesman for Y, said": the subject before the commas (or the name in them). */
function appositiveSubject(ctx: Context, end: number, lo: number): Subject {
  const { tokens, sentence } = ctx;
  let description: Source | null = null;
  // "Washington, star of “Scandal,” thanked Obama": a place's name alone before an apposition may be a surname.
  let place: Source | null = null;
  for (const [a, b] of segments(ctx, lo, end)) {
    const first = word(tokens[a]);
    if (place !== null && looksLikeVerb(tokens[a])) return place;
    // ", who managed Rovers in the ’90s," is about the subject; its names are not the subject.
    if (first === 'who' || first === 'whose' || first === 'which') continue;
    if (isScenery(ctx, a, b)) continue;
    const found = firstSubjectIn(ctx, a, b, sentence.from);
    // "At a rally in Ames, Iowa, on Sunday, Mrs. Clinton said": the place after the scenery is scenery too.
    if (
      found !== null &&
      isPlaceName(found) &&
      a === sentence.from &&
      found.kind === 'name' &&
      found.run.to === b
    )
      place = found;
    if (found === null || isPlaceName(found)) continue;
    if (found.kind === 'description') {
      if (description === null) description = found;
      continue;
    }
    return found;
  }
  return description ?? 'none';
}

/**
 * A segment that sets the scene rather than naming the subject: "On Thursday, Smith, ...", "In a statement, the
 * minister ..."; but "And he", "But Sen. Durbin" and "And then Trump" open the subject's own clause.
 */
function isScenery(ctx: Context, a: number, b: number): boolean {
  const { tokens, sentence } = ctx;
  const first = word(tokens[a]);
  if (!(INTRO_WORDS.has(first) || tokens[a]?.participle === true || isAdverbOpener(tokens, a))) return false;
  const at = CONNECTIVE_ADVERBS.has(word(tokens[a + 1])) ? a + 2 : a + 1;
  const run = runStartingAt(tokens, at, b, sentence.from);
  const subject = PRONOUNS.has(word(tokens[at])) || (run !== null && !isPossessiveRun(tokens, run));
  return !((first === 'and' || first === 'but') && subject);
}

/** "Immediately after the attacks, …": a capitalised -ly adverb before a preposition opens scenery, not a name. */
function isAdverbOpener(tokens: readonly Token[], a: number): boolean {
  return isLyAdverb(word(tokens[a])) && isPreposition(word(tokens[a + 1]));
}

/** An adverb in -ly ("reportedly", "immediately"), not a noun such as "family" or "ally". */
function isLyAdverb(w: string): boolean {
  return w.length > 4 && w.endsWith('ly') && !LY_NOUNS.has(w);
}

/** A name that names a place (a country, a US state, "New York"). */
function isPlaceName(source: Source): boolean {
  return source.kind === 'name' && cleanName(source.tokens, source.run)?.kind === 'place';
}

/** The subject noun phrase in [a, b): a name (not possessive, not after a preposition), pronoun or description. */
function firstSubjectIn(ctx: Context, a: number, b: number, sentenceStart: number): Source | null {
  const scan = namesIn(ctx, a, b, sentenceStart);
  if ('pronoun' in scan) return scan.pronoun;
  if (scan.lastName !== null) return nameOrDescription(ctx, scan.lastName, a, b);
  return descriptionIn(ctx, a, b, sentenceStart);
}

/** What namesIn found: a pronoun that opens the phrase, or the last name that may be its subject. */
type NameScan = { readonly pronoun: Source } | { readonly lastName: Run | null };

/** The last name in [a, b) that is not possessive nor after a preposition, up to a verb of saying or a preposition. */
function namesIn(ctx: Context, a: number, b: number, sentenceStart: number): NameScan {
  const { tokens } = ctx;
  let lastName: Run | null = null;
  let depth = 0;
  for (let k = a; k < b; k++) {
    const t = tokens[k];
    if (t === undefined) break;
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    const w = word(t);
    if (PRONOUNS.has(bare(w)) && lastName === null)
      return { pronoun: { kind: 'pronoun', word: bare(w), token: k, tokens } };
    if (SPEECH_VERBS.has(w) && lastName !== null) break;
    const run = runStartingAt(tokens, k, b, sentenceStart);
    if (run !== null) {
      if (!isPossessiveRun(tokens, run) && !afterPreposition(tokens, run, a)) {
        lastName = run;
        // "Mr. Carson endorsed Mr. Trump at …": a verb after the name makes it the subject; names after it are not.
        if (looksLikeVerb(tokens[run.to])) break;
      }
      k = run.to - 1;
      continue;
    }
    if (isPreposition(w) && lastName !== null) break;
  }
  return { lastName };
}

/** A lower-case word shaped like a finite verb after a subject: "endorsed", "expresses", "said". */
function looksLikeVerb(t: Token | undefined): boolean {
  if (t === undefined || !t.low) return false;
  return (
    SPEECH_VERBS.has(t.lower) ||
    AUXILIARIES.has(t.lower) ||
    (/(?:ed|es)$/.test(t.lower) && !NOUN_MAKERS.has(t.lower))
  );
}

/** A name run that ends in a possessive ("Trump’s", "Sanders’"): it qualifies what follows, it does not speak. */
export function isPossessiveRun(tokens: readonly Token[], run: Run): boolean {
  return isPossessiveWord(tokens[run.to - 1]);
}

/** A word with a possessive ending: "Trump’s", "Sanders’", "Ryan's". */
export function isPossessiveWord(t: Token | undefined): boolean {
  return /['’]s?$/.test(t?.text ?? '');
}

/** A run after a preposition (and "the"), within the phrase that starts at a: "at the Sierra Club". */
function afterPreposition(tokens: readonly Token[], run: Run, a: number): boolean {
  let p = run.from - 1;
  if (word(tokens[p]) === 'the') p--;
  return p >= a && isPreposition(word(tokens[p]));
}

/** "A White House spokeswoman": after a determiner, the name only qualifies the noun after it. */
function nameOrDescription(ctx: Context, lastName: Run, a: number, b: number): Source | null {
  const { tokens } = ctx;
  let h = lastName.to;
  // "The former Republican presidential candidate": modifiers may stand between the determiner and the name.
  let d = lastName.from - 1;
  while (d > a && lastName.from - d <= 3 && isNounLike(tokens[d])) d--;
  if (
    INVERTED_SUBJECT_DETERMINERS.has(word(tokens[d])) ||
    INVERTED_SUBJECT_DETERMINERS.has(word(tokens[lastName.from]))
  ) {
    while (h < b && h < lastName.to + 2 && isNounLike(tokens[h])) h++;
  }
  if (h > lastName.to) return descriptionEndingAt(ctx, h - 1, a) ?? name(ctx, lastName);
  return name(ctx, lastName);
}

/** A description: its head is the last lower-case word before a preposition, a verb or the end. */
function descriptionIn(ctx: Context, a: number, b: number, sentenceStart: number): Source | null {
  const { tokens } = ctx;
  let head = -1;
  for (let k = a; k < b; k++) {
    const w = word(tokens[k]);
    if (w === '' || w === 'who') break;
    if (isPreposition(w)) {
      // "officials at Homeland Security Investigations": the organisation speaks.
      if (head >= 0 && MOUTHPIECES.has(word(tokens[head]))) {
        let r = k + 1;
        if (word(tokens[r]) === 'the') r++;
        const run = runStartingAt(tokens, r, b, sentenceStart);
        if (run !== null) return name(ctx, run);
      }
      break;
    }
    if (SPEECH_VERBS.has(w) && head >= 0) break;
    // "Officials at the agency": a common noun capitalised at the start counts as lower case.
    if ((isLowerOrAge(tokens[k]) || (isStopCap(w) && k === a)) && !DESCRIPTION_DETERMINERS.has(w)) head = k;
  }
  if (head >= 0) return descriptionEndingAt(ctx, head, a);
  return null;
}

/** The speaker phrase right after an inverting verb: “…,” said Niva Yau / said 9/11 widow Terry Strada. */
export function subjectAfter(ctx: Context, v: number, hi: number): Source | null {
  const { tokens, sentence } = ctx;
  const verb = word(tokens[v]);
  if (verb !== 'to' && !INVERTING_VERBS.has(verb)) return null;
  const k = v + 1;
  if (k >= hi) return null;
  const w = word(tokens[k]);
  if (PRONOUNS.has(bare(w))) return { kind: 'pronoun', word: bare(w), token: k, tokens };
  if (runStartingAt(tokens, k, hi, sentence.from) === null && INVERTED_SUBJECT_DETERMINERS.has(w)) {
    return determinerPhraseAfter(ctx, k, hi);
  }
  return lastNameOfPhrase(ctx, k, hi);
}

/**
 * The person an inverted subject names: the last name in the phrase after the verb, past organisations,
 * places and roles that describe them ("said former Obama adviser David Axelrod", "said Judicial Watch
 * President Tom Fitton", "said Clinton’s top aide Jake Sullivan"), or the name in apposition after a
 * description ("said Rubio’s deputy campaign manager, Rich Beeson").
 */
function lastNameOfPhrase(ctx: Context, k: number, hi: number): Source | null {
  const { tokens, sentence } = ctx;
  let last: Run | null = null;
  let owner: Run | null = null;
  let j = k;
  for (; j < hi && j < k + 14; j++) {
    const t = tokens[j];
    if (t === undefined || t.kind === 'quote') break;
    // "Gov." keeps its stop inside the phrase: "former Pennsylvania Gov. and DNC Chairman Ed Rendell".
    const stop = t.text === '.' && tokens[j - 1]?.cap === true && j + 1 < hi;
    if (t.kind === 'punct' && !'/-'.includes(t.text) && !stop) break;
    const run = runStartingAt(tokens, j, hi, sentence.from);
    if (run !== null) {
      if (isPossessiveRun(tokens, run)) owner = run;
      else last = run;
      j = run.to - 1;
      continue;
    }
    const w = word(t);
    // "said master of ceremonies Asab Al-Tabchi": "of" inside a role written in lower case, a name after it.
    const roleOf = w === 'of' && last === null && owner === null && j > k && allLower(tokens, k, j);
    if ((isPreposition(w) && !roleOf) || w === 'who' || w === 'which' || w === 'that') break;
    // "said Smith, adding …", "said Jones and added": a verb ends the subject.
    if (last !== null && looksLikeVerb(t)) break;
    if (w === 'and' && runStartingAt(tokens, j + 1, hi, sentence.from) === null) break;
  }
  if (last !== null) return name(ctx, last);
  if (isPunct(tokens[j], ',')) {
    const apposed = runStartingAt(tokens, j + 1, hi, sentence.from);
    if (apposed !== null && !isPossessiveRun(tokens, apposed)) return name(ctx, apposed);
  }
  return owner === null ? null : name(ctx, owner);
}

/** Adverbs between "and"/"but" and the subject that follows: "And then Trump went on the attack". */
const CONNECTIVE_ADVERBS = new Set(['then', 'later', 'now', 'yet', 'still', 'so', 'also']);

/** A noun for a person's role or office: "senator", "spokeswoman", "adviser", "teacher". */
export function isRole(w: string): boolean {
  return ROLE_GENDER.has(w) || MOUTHPIECES.has(w) || PERSON_NOUNS.has(w) || TITLE_GENDER.has(w);
}

/** Tokens [a, b) are all lower-case words. */
function allLower(tokens: readonly Token[], a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isLowerWord(tokens[i])) return false;
  return true;
}

/** A stop after a short capitalised word (U.S, W, Gov) with the same sentence going on after it. */
export function isAbbreviationStop(tokens: readonly Token[], k: number): boolean {
  const prev = tokens[k - 1];
  const next = tokens[k + 1];
  return (
    isPunct(tokens[k], '.') &&
    prev?.cap === true &&
    prev.text.length <= 4 &&
    next?.kind === 'word' &&
    next.sentence === tokens[k]?.sentence
  );
}

/** "said the chancellor, Rachel Reeves", "said a spokesman for X", "said one of the officials". */
function determinerPhraseAfter(ctx: Context, k: number, hi: number): Source | null {
  const { tokens, sentence } = ctx;
  const w = word(tokens[k]);
  let end = k + 1;
  while (end < hi) {
    const t = tokens[end];
    // "said a former U.S. law enforcement official": an abbreviation's stop inside the phrase.
    if (isAbbreviationStop(tokens, end)) {
      end++;
      continue;
    }
    if (!(isLowerOrAge(t) || isCapitalWord(t)) || isPreposition(word(t)) || word(t) === 'who') break;
    end++;
  }
  if (end === k + 1) return null;
  const head = word(tokens[end - 1]);
  if (MOUTHPIECES.has(head) && isPreposition(word(tokens[end]))) {
    let r = end + 1;
    if (word(tokens[r]) === 'the') r++;
    const org = runStartingAt(tokens, r, hi, sentence.from);
    if (org !== null) return name(ctx, org);
  }
  if (isCapitalWord(tokens[end - 1])) {
    const r = runEndingAt(tokens, end - 1, k + 1, sentence.from);
    if (r !== null && word(tokens[k]) === 'the') return name(ctx, r); // said the Rev. Peter Wherry
  }
  // "said the chancellor, Rachel Reeves": the name in apposition.
  if (isPunct(tokens[end], ',')) {
    const named = runStartingAt(tokens, end + 1, hi, sentence.from);
    if (named !== null) return name(ctx, named);
  }
  // "said one of the officials" and the like stay descriptions.
  const indefinite = INDEFINITE_DETERMINERS.has(w);
  if (INDEFINITE.has(head) || end - k > MAX_PHRASE) return null;
  const phrase = withComplement(ctx, k, end, hi);
  // "said his best friend at Lehigh, Bruce Turry, who …": the name in apposition after the complement.
  if (phrase.to > end && isPunct(tokens[phrase.to], ',')) {
    const named = runStartingAt(tokens, phrase.to + 1, hi, sentence.from);
    if (named !== null && !isPossessiveRun(tokens, named)) return name(ctx, named);
  }
  return { kind: 'description', head, weak: false, indefinite, phrase };
}

/** Tokens [k, end) as a phrase, carried on over "to Bill Clinton" / "at the Brookings Institution" when a name follows. */
function withComplement(ctx: Context, k: number, end: number, hi: number): Phrase {
  const { tokens, sentence } = ctx;
  // "one Republican involved in the planning": an adjective after the noun takes its complement along.
  if (POSTPOSED.has(word(tokens[end - 1])) && isPreposition(word(tokens[end]))) {
    let r = end + 1;
    while (r < hi && r - end <= 4 && tokens[r]?.kind === 'word' && word(tokens[r]) !== 'who') r++;
    if (r - k <= MAX_PHRASE + 4) return { tokens, from: k, to: r };
  }
  if (end < hi && isPreposition(word(tokens[end]))) {
    let r = end + 1;
    // "an adviser to both Clintons", "a spokesman for the Sierra Club".
    if (DETERMINERS_BEFORE_NAME.has(word(tokens[r]))) r++;
    const run = runStartingAt(tokens, r, hi, sentence.from);
    if (run !== null && run.to - k <= MAX_PHRASE + 4) return { tokens, from: k, to: run.to };
  }
  return { tokens, from: k, to: end };
}

/** The main subject of the sentence, before token `limit`: for "…, saying “…”" and "and said “…”". */
export function mainSubject(ctx: Context, limit: number): Source | null {
  const found = appositiveSubject(ctx, limit, ctx.sentence.from);
  return typeof found === 'string' ? null : found;
}

/** "Trump boasted, “…”" when a participle has its own subject right before it: "footage of Clinton asking". */
export function participleSubject(ctx: Context, v: number): Source | null {
  const { tokens, sentence } = ctx;
  // "with Trump reportedly yelling": adverbs stand between the name and its participle.
  let end = v - 1;
  while (end > sentence.from && skippable(tokens[end])) end--;
  const run = runEndingAt(tokens, end, sentence.from, sentence.from);
  // "replied on Facebook writing, “…”", "wrote in a statement to Wired explaining": a place, medium or addressee
  // after "on", "in", "at" or "to" does not do the writing.
  const placed = run !== null && ['on', 'in', 'at', 'to'].includes(word(tokens[run.from - 1]));
  if (run !== null && !placed) return name(ctx, run);
  // "…, Spicer said, adding, “…”": the one who said it goes on, not the subject of the reported clause.
  const said = end - 1;
  if (isPunct(tokens[end], ',') && isSpeechVerbAt(tokens, said) && !isNonFinite(tokens, said)) {
    const sub = subjectBefore(ctx, said, sentence.from);
    const src = sub === 'none' ? subjectAfter(ctx, said, end) : sub;
    if (typeof src !== 'string' && src !== null && src.kind !== 'description') return src;
  }
  return subordinateSubject(ctx, end) ?? mainSubject(ctx, v);
}

/**
 * "…, as Mrs. Clinton echoed the criticism, saying …": the clause right before the participle's comma, opened by
 * "as" or "while" and a name with its verb, is whose the participle is.
 */
function subordinateSubject(ctx: Context, comma: number): Source | null {
  const { tokens, sentence } = ctx;
  if (!isPunct(tokens[comma], ',')) return null;
  let a = comma - 1;
  while (a > sentence.from && !isPunct(tokens[a - 1], ',;:') && tokens[a - 1]?.kind !== 'quote') a--;
  if (!SUBORDINATORS.has(word(tokens[a]))) return null;
  const run = runStartingAt(tokens, a + 1, comma, sentence.from);
  if (run === null || isPossessiveRun(tokens, run) || !looksLikeVerb(tokens[run.to])) return null;
  return name(ctx, run);
}
const SUBORDINATORS = new Set(['as', 'while']);

/** "― Pamela Padilla" after a quotation (testimonials, embedded posts). */
export function dashSignature(ctx: Context, k: number, hi: number): Source | null {
  const { tokens, sentence } = ctx;
  if (!isPunct(tokens[k + 1], DASHES)) return null;
  const run = runStartingAt(tokens, k + 2, hi, sentence.from);
  return run === null ? null : name(ctx, run);
}

/**
 * Marks sentence-opening participial phrases ("Giving evidence on Wednesday, the manager said"): a
 * capitalised -ing or -ed word, then lower-case words running to a comma with no auxiliary or verb of saying,
 * and a word the article never capitalises inside a sentence. A surname such as Manning or Sterling is kept
 * when a verb follows it before any comma ("Manning said") or when it shows up as a name elsewhere.
 */
export function markOpeningParticiples(paragraphs: readonly TokenisedParagraph[]): void {
  const openers: Token[] = [];
  for (const p of paragraphs) {
    for (const s of p.sentences) {
      const t = participialOpener(p.tokens, s);
      if (t !== null) openers.push(t);
    }
  }
  if (openers.length === 0) return;
  const named = capitalisedInside(paragraphs, new Set(openers.map((t) => t.lower)));
  for (const t of openers) if (!named.has(t.lower)) t.participle = true;
}

interface TokenisedParagraph {
  readonly tokens: readonly Token[];
  readonly sentences: readonly Sentence[];
}

/** The sentence's first word when it opens a participial phrase that runs to a comma, else null. */
function participialOpener(tokens: readonly Token[], s: Sentence): Token | null {
  const t = tokens[s.from];
  if (t === undefined || !t.cap || !PARTICIPLE_FORM.test(t.text) || !isLowerWord(tokens[s.from + 1]))
    return null;
  for (let k = s.from + 1; k < s.to; k++) {
    const u = tokens[k];
    if (u === undefined || u.kind === 'quote') return null;
    if (isPunct(u, ',')) return t;
    if (AUXILIARIES.has(u.lower) || (isSpeechVerb(u) && !isParticiple(u))) return null;
  }
  return null;
}

/** Which of the wanted words the article capitalises inside a sentence (so they are names there). */
function capitalisedInside(
  paragraphs: readonly TokenisedParagraph[],
  wanted: ReadonlySet<string>,
): Set<string> {
  const named = new Set<string>();
  for (const p of paragraphs) {
    for (const s of p.sentences) {
      for (let k = s.from + 1; k < s.to; k++) {
        const t = p.tokens[k];
        if (t?.cap === true && wanted.has(t.lower)) named.add(t.lower);
      }
    }
  }
  return named;
}

const PARTICIPLE_FORM = /^\p{Lu}\p{Ll}{2,}(?:ing|ed)$/u;
