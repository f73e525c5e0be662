// Names: recognises runs of capitalised words that name a person or an organisation, strips titles,
// possessives and party tags ("Rep. Gwen Moore (D-Wis.)" → "Gwen Moore"), and guesses a person's gender
// from a title or a first name (for "he said" / "she said").

import {
  CAPITAL_TITLES,
  type Gender,
  MONTHS,
  NAME_CONNECTORS,
  ORG_WORDS,
  PLACE_OPENERS,
  PUBLICATION_WORDS,
  STOP_CAPS,
  SUFFIXES,
  SURNAME_ORG_WORDS,
  TITLE_ABBREVIATIONS,
  TITLE_GENDER,
  TITLE_ROLES,
  US_STATES,
} from '../text/name-words.js';
import { SPEECH_VERBS } from '../text/speech-words.js';
import { WEEKDAYS } from '../text/words.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, REGION_NAMES } from './name-tables.js';
import { isInitials, type Token } from './tokens.js';

export type { Gender };

const ALL_CAPS = /^[\p{Lu}\d'’.\-&]+$/u;
const POSSESSIVE = /['’]s?$/u;

/** A lower-case ASCII letter second (Smith, McCain): certainly not a word in capitals, no case mapping needed. */
function startsMixedCase(text: string): boolean {
  const c = text.charCodeAt(1);
  return c >= 97 && c <= 122;
}

/** How many all-capital words in a row stand around token k. */
function capsRun(tokens: readonly Token[], k: number): number {
  const caps = (j: number) => {
    const t = tokens[j];
    return (
      t?.cap === true &&
      t.text.length > 1 &&
      !startsMixedCase(t.text) &&
      t.text !== t.lower &&
      t.text === t.text.toUpperCase()
    );
  };
  let n = 1;
  for (let j = k - 1; j >= 0 && caps(j); j--) n++;
  for (let j = k + 1; j < tokens.length && caps(j); j++) n++;
  return n;
}

/** Whether a word, as written, is a title (Mr, Sen., President, DCI). */
function isTitle(word: string): boolean {
  const lower = word.toLowerCase().replace(/\.$/, '');
  const cased = CAPITAL_TITLES.get(lower);
  return cased === undefined ? TITLE_GENDER.has(lower) : word === cased;
}

export function titleGender(word: string): Gender | undefined {
  return isTitle(word) ? TITLE_GENDER.get(word.toLowerCase().replace(/\.$/, '')) : undefined;
}

export function isStopCap(word: string): boolean {
  return STOP_CAPS.has(word.toLowerCase());
}

/** Whether a lower-case word is in a sorted, space-separated list of words: a binary search in place. */
function inSortedWords(list: string, word: string): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = list.lastIndexOf(' ', mid) + 1;
    let end = list.indexOf(' ', start);
    if (end === -1) end = list.length;
    const entry = list.slice(start, end);
    if (entry === word) return true;
    if (word < entry) hi = start - 1;
    else lo = end + 1;
  }
  return false;
}

/** Gender of a first name as the English name table has it. */
export function firstNameGender(word: string): Gender {
  const lower = word.toLowerCase();
  const letter = lower.charCodeAt(0) - 97;
  if (!(letter >= 0 && letter < 26)) return 'unknown';
  if (inSortedWords(FEMALE_FIRST_NAMES[letter] as string, lower)) return 'female';
  if (inSortedWords(MALE_FIRST_NAMES[letter] as string, lower)) return 'male';
  return 'unknown';
}

/** True when the token can be part of a name run. */
export function isNameWord(tokens: readonly Token[], k: number, sentenceStart: number): boolean {
  return isNameWordAt(tokens, k, sentenceStart);
}

/** A short capitalised quotation inside a name: Marcia "Cia" Price. */
export function isNickname(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (t === undefined || t.kind !== 'quote' || !/^\p{Lu}[\p{L}'’.\- ]{0,20}$/u.test(t.text)) return false;
  const prev = tokens[k - 1];
  const next = tokens[k + 1];
  return prev?.cap === true && next?.cap === true;
}

function isNameWordAt(tokens: readonly Token[], k: number, sentenceStart: number): boolean {
  const t = tokens[k];
  if (t === undefined || t.kind !== 'word' || !t.cap || t.participle) return false;
  if (t.surname) return true;
  const lower = t.lower;
  if (lower === 'i') return false;
  // An initial: Julie A. Diaz Martinez.
  if (t.text.length === 1 && tokens[k + 1]?.text === '.' && k !== sentenceStart) return true;
  // Words of a headline in capitals (CONGRESS HAS INVESTIGATED HIM) are not names.
  if (
    t.text.length > 1 &&
    !startsMixedCase(t.text) &&
    t.text === t.text.toUpperCase() &&
    capsRun(tokens, k) >= 3
  ) {
    return false;
  }
  if (WEEKDAYS.has(lower)) return false;
  if (MONTHS.has(lower)) {
    // "Theresa May" is a name; "in May", "May 5" are dates.
    const next = tokens[k + 1];
    const prev = tokens[k - 1];
    if (next?.kind === 'word' && /^\d/.test(next.text)) return false;
    if (prev === undefined || !prev.cap || k === sentenceStart) {
      return false;
    }
  }
  // He’s, It’s, That’s, I’m: a pronoun or stop word with a contraction.
  const apostrophe = lower.search(/['’]/);
  if (apostrophe > 0 && STOP_CAPS.has(lower.slice(0, apostrophe))) return false;
  if (STOP_CAPS.has(lower)) {
    // "The" belongs to a name mid-sentence (The New York Times); other stop words never do, and a
    // sentence's first word is a name only when it is not a common word.
    if (lower === 'the' && k !== sentenceStart) {
      return isNameWord(tokens, k + 1, sentenceStart);
    }
    return false;
  }
  return true;
}

function isInitial(t: Token | undefined): boolean {
  // J, or dotted initials such as G.K (the final stop is a token of its own).
  return t !== undefined && t.kind === 'word' && isInitials(t);
}

function takesStop(t: Token | undefined): boolean {
  if (t === undefined || t.kind !== 'word') return false;
  return isInitial(t) || TITLE_ABBREVIATIONS.has(t.text.toLowerCase());
}

/** Whether token k may continue a name run, given that k-1 is in it and k+1 is the next token. */
function isRunGlue(tokens: readonly Token[], k: number, sentenceStart: number): boolean {
  const t = tokens[k];
  const prev = tokens[k - 1];
  if (t === undefined) return false;
  if (!isNameWord(tokens, k + 1, sentenceStart)) return false;
  if (t.kind === 'punct' && t.text === '.') return takesStop(prev);
  if (t.kind === 'word') {
    if (t.low && NAME_CONNECTORS.has(t.text)) return true;
    if ((t.text === 'of' || t.text === 'for') && prev !== undefined) {
      // "Peter T. King of New York": a surname that is also a title word does not govern the phrase.
      const before = tokens[k - 2];
      if (SURNAME_ORG_WORDS.has(prev.lower) && (before?.cap === true || before?.text === '.')) return false;
      return ORG_WORDS.has(prev.lower) || isTitle(prev.text);
    }
    if (t.text === 'and' && prev !== undefined) return innerAnd(tokens, k, sentenceStart);
  }
  if (t.kind === 'punct' && t.text === '&') return true;
  return isNickname(tokens, k);
}

/**
 * An "and" inside one organisation's name, joining a single last word: "Pacific Gas and Electric" (an
 * organisation word on both sides), "Centers for Disease Control and Prevention" (inside an of/for phrase
 * that an organisation word governs). Not "Microsoft and Google", nor "the Ministry of Defence and Boris".
 */
function innerAnd(tokens: readonly Token[], k: number, sentenceStart: number): boolean {
  const prev = tokens[k - 1];
  const next = tokens[k + 1];
  if (prev === undefined || next === undefined) return false;
  if (firstNameGender(next.text) !== 'unknown') return false;
  if (isNameWord(tokens, k + 2, sentenceStart)) {
    // Several words after "and": one organisation when they end in an organisation word ("the Food and Drug
    // Administration", "Health and Human Services"), else two names ("Smith and Jones Wealth").
    let end = k + 2;
    while (end + 1 < k + 4 && isNameWord(tokens, end + 1, sentenceStart)) end++;
    return isNameWord(tokens, k - 1, sentenceStart) && ORG_WORDS.has(tokens[end]?.lower ?? '');
  }
  if (ORG_WORDS.has(prev.lower) && ORG_WORDS.has(next.lower)) return true;
  for (let j = k - 2; j >= k - 4 && j > 0; j--) {
    const w = tokens[j]?.text;
    if (w === 'of' || w === 'for') {
      return ORG_WORDS.has(tokens[j - 1]?.lower ?? '');
    }
    if (!isNameWord(tokens, j, sentenceStart)) return false;
  }
  return false;
}

/** Function words that are also surnames or end an organisation's name: Al From, George Will, Judicial Watch. */
const NAME_STOP_WORDS: ReadonlySet<string> = new Set(['from', 'will', 'read', 'watch', 'more', 'early']);

/** A function word the article may use as a name: "Will", "From’s", "Watch". */
function nameStopWord(t: Token | undefined): string | undefined {
  if (t === undefined || !t.cap || t.lower.length > 7) return undefined;
  if (NAME_STOP_WORDS.has(t.lower)) return t.lower;
  const w = t.lower.replace(POSSESSIVE, '');
  return w !== t.lower && NAME_STOP_WORDS.has(w) ? w : undefined;
}

interface SentencedParagraph {
  readonly tokens: readonly Token[];
  readonly sentences: readonly { readonly from: number; readonly to: number }[];
}

/**
 * Marks the function words an article uses as names: a surname ("Al From", "George Will", "Ian Read") learnt where
 * it is capitalised inside a sentence right after a first name, and the last word of an organisation's name
 * ("Judicial Watch") right after a name word. Then the word is a name wherever the article capitalises it inside
 * a sentence, and at a sentence's start before a verb ("From said", "Will wrote"; not "From the start").
 */
export function markNameStopWords(paragraphs: readonly SentencedParagraph[]): void {
  const learnt = new Set<string>();
  for (const p of paragraphs) for (const s of p.sentences) learnNameStopWords(p.tokens, s, learnt);
  if (learnt.size === 0) return;
  for (const p of paragraphs) {
    for (const s of p.sentences) {
      for (let k = s.from; k < s.to; k++) {
        const t = p.tokens[k];
        const w = nameStopWord(t);
        if (t === undefined || w === undefined || !learnt.has(w)) continue;
        if (k > s.from || (!ORG_WORDS.has(w) && verbNext(p.tokens[k + 1]))) t.surname = true;
      }
    }
  }
}

/** Adds the function words a sentence uses as names: after a first name, or (an organisation word) a name word. */
function learnNameStopWords(
  tokens: readonly Token[],
  s: { readonly from: number; readonly to: number },
  learnt: Set<string>,
): void {
  for (let k = s.from + 1; k < s.to; k++) {
    const w = nameStopWord(tokens[k]);
    const prev = tokens[k - 1];
    if (w === undefined || learnt.has(w) || tokens[k + 1]?.cap === true || prev?.cap !== true) continue;
    const org = ORG_WORDS.has(w) && isNameWordAt(tokens, k - 1, s.from);
    if (org || firstNameGender(prev.text) !== 'unknown') learnt.add(w);
  }
}

function isSpeechVerbWord(w: string): boolean {
  return SPEECH_VERBS.has(w) && !w.endsWith('ing');
}

/** A lower-case word that reads as a finite verb after a subject: "said", "agreed", "wrote", "has". */
function verbNext(t: Token | undefined): boolean {
  if (t === undefined || !t.low) return false;
  return t.lower.endsWith('ed') || isSpeechVerbWord(t.lower) || FINITE_AFTER_NAME.has(t.lower);
}
const FINITE_AFTER_NAME: ReadonlySet<string> = new Set(
  'had has was is will would could also then later spoke'.split(' '),
);

export interface Run {
  /** Token range [from, to). */
  readonly from: number;
  readonly to: number;
}

/**
 * Whether a possessive before token k ends a name run there: "Clinton’s campaign" does, but an
 * organisation named with a possessive goes on ("the Information Commissioner’s Office").
 */
function possessiveBreak(tokens: readonly Token[], k: number): boolean {
  if (!POSSESSIVE.test(tokens[k - 1]?.text ?? '')) return false;
  const next = tokens[k];
  return !(next?.cap === true && ORG_WORDS.has(next.lower));
}

/**
 * A branch number ending an organisation's name: "Amalgamated Transit Union Local 1422". The word just before
 * the number is left out of the test: a number right after the organisation word is more often a score or a
 * count ("Manchester City 2 Chelsea 1") than a branch, which takes a word of its own (Local, Branch, Lodge).
 */
function isOrgNumber(tokens: readonly Token[], k: number, from: number): boolean {
  if (!/^\d{1,5}$/.test(tokens[k]?.text ?? '')) return false;
  for (let j = from; j < k - 1; j++) {
    const w = tokens[j]?.lower ?? '';
    if (ORG_WORDS.has(w) && !SURNAME_ORG_WORDS.has(w)) return true;
  }
  return false;
}

/** The name run that ends at token k (inclusive), or null. Does not reach before lo. */
export function runEndingAt(
  tokens: readonly Token[],
  k: number,
  lo: number,
  sentenceStart: number,
): Run | null {
  if (k - 1 >= lo && tokens[k]?.kind === 'word' && /^\d/.test(tokens[k]?.text ?? '')) {
    const before = runEndingAt(tokens, k - 1, lo, sentenceStart);
    return before !== null && isOrgNumber(tokens, k, before.from) ? { from: before.from, to: k + 1 } : null;
  }
  if (!isNameWord(tokens, k, sentenceStart)) return null;
  let from = k;
  while (from - 1 >= lo) {
    if (isNameWord(tokens, from - 1, sentenceStart) && !possessiveBreak(tokens, from)) {
      from--;
    } else if (
      from - 2 >= lo &&
      isRunGlue(tokens, from - 1, sentenceStart) &&
      isNameWord(tokens, from - 2, sentenceStart)
    ) {
      from -= 2;
    } else break;
  }
  return { from, to: k + 1 };
}

/** The name run that starts at token k, or null. Does not reach hi (exclusive). */
export function runStartingAt(
  tokens: readonly Token[],
  k: number,
  hi: number,
  sentenceStart: number,
): Run | null {
  if (!isNameWord(tokens, k, sentenceStart)) return null;
  let to = k + 1;
  while (to < hi) {
    if (possessiveBreak(tokens, to)) break;
    if (isNameWord(tokens, to, sentenceStart)) to++;
    else if (to + 1 < hi && isRunGlue(tokens, to, sentenceStart)) to += 2;
    else break;
  }
  if (to < hi && isOrgNumber(tokens, to, k)) to++;
  return { from: k, to };
}

/** A cleaned name: the words a reader would call the speaker by. */
export interface Name {
  /** Name words without titles, stops, nicknames or possessive ending. */
  readonly words: readonly string[];
  /** The name as shown: words joined, initials keeping their stop. */
  readonly display: string;
  /** Lower-cased titles and role words found in the run (sen, president, spokesman). */
  readonly roles: readonly string[];
  readonly possessive: boolean;
  readonly gender: Gender;
  readonly kind: 'person' | 'org' | 'place' | 'unknown';
  /** The words in lower case, joined: the key for linking. */
  readonly key: string;
  /** The surname (the last word that is not a suffix), in lower case. */
  readonly surname: string;
}

function surnameIndex(words: readonly string[]): number {
  let i = words.length - 1;
  while (i > 0 && SUFFIXES.has((words[i] ?? '').toLowerCase().replace(/\.$/, ''))) i--;
  return i;
}

/** Cleans a run of tokens into a name, or null when nothing but titles is left. */
export function cleanName(tokens: readonly Token[], run: Run): Name | null {
  // The run's own text (words and the stops after initials), and whether a sentence-opening "The" stands
  // before it, decide the name: look it up before building anything.
  const first = tokens[run.from];
  const opensSentence = run.from === 0 || tokens[run.from - 1]?.sentence !== first?.sentence;
  let key = `${tokens[run.from - 1]?.text === 'The' ? 'T' : ''}${opensSentence ? 'S' : ''}|`;
  for (let k = run.from; k < run.to; k++) {
    const t = tokens[k];
    if (t !== undefined && t.kind === 'word') key += `${t.text}${tokens[k + 1]?.text === '.' ? '.' : ''} `;
  }
  const cached = runCache.get(key);
  if (cached !== undefined || runCache.has(key)) return cached ?? null;
  const name = nameOfRun(tokens, run);
  if (runCache.size >= NAME_CACHE_LIMIT) runCache.clear();
  runCache.set(key, name);
  return name;
}

const runCache = new Map<string, Name | null>();

function nameOfRun(tokens: readonly Token[], run: Run): Name | null {
  const raw: { text: string; initial: boolean }[] = [];
  for (let k = run.from; k < run.to; k++) {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'word') continue;
    const stop = tokens[k + 1]?.kind === 'punct' && tokens[k + 1]?.text === '.' && takesStop(t);
    raw.push({ text: t.text, initial: stop && isInitial(t) });
  }
  let possessive = false;
  const last = raw[raw.length - 1];
  if (last !== undefined && POSSESSIVE.test(last.text) && last.text.length > 2) {
    possessive = true;
    raw[raw.length - 1] = { text: last.text.replace(POSSESSIVE, ''), initial: false };
  }
  // "The" opening a sentence belongs to an organisation's name: The New York Times reports.
  const before = tokens[run.from - 1];
  const lastWord = (raw[raw.length - 1]?.text ?? '').toLowerCase();
  if (before?.text === 'The' && raw[0]?.text !== 'The' && ORG_WORDS.has(lastWord)) {
    raw.unshift({ text: 'The', initial: false });
  }
  // A common noun capitalised only because it opens the sentence: "Patient Helen Ward, 71, said".
  const opensSentence = run.from === 0 || tokens[run.from - 1]?.sentence !== tokens[run.from]?.sentence;
  const [w0, w1] = raw;
  if (
    opensSentence &&
    raw.length >= 3 &&
    w0 !== undefined &&
    w1 !== undefined &&
    firstNameGender(w0.text) === 'unknown' &&
    firstNameGender(w1.text) !== 'unknown' &&
    !isTitle(w0.text)
  ) {
    raw.shift();
  }
  return nameFromWords(raw, possessive);
}

/** Countries and territories (CLDR's English region names), and the US states. */
const PLACES: ReadonlySet<string> = new Set([...US_STATES, ...REGION_NAMES]);

function isPlace(key: string, words: readonly string[]): boolean {
  if (PLACES.has(key)) return true;
  const first = (words[0] ?? '').toLowerCase();
  const last = (words[words.length - 1] ?? '').toLowerCase();
  return words.length >= 2 && PLACE_OPENERS.has(first) && !ORG_WORDS.has(last) && !headsPhrase(words);
}

/**
 * An organisation word governing an "of"/"for" phrase inside the name: the Northern Museum of Art, Bank of
 * America, the Centers for Disease Control. Surname-like words (Hill, Church) are left out.
 */
function headsPhrase(words: readonly string[]): boolean {
  for (let i = 0; i + 2 < words.length; i++) {
    const w = (words[i] ?? '').toLowerCase();
    const next = words[i + 1];
    if ((next === 'of' || next === 'for') && ORG_WORDS.has(w) && !SURNAME_ORG_WORDS.has(w)) return true;
  }
  return false;
}

/** Names already built, by their words: the same few names recur through an article and across articles. */
const nameCache = new Map<string, Name | null>();
const NAME_CACHE_LIMIT = 20_000;

/** Builds a Name from words (used for runs and for names given in plain strings). */
export function nameFromWords(raw: { text: string; initial: boolean }[], possessive = false): Name | null {
  const key = `${possessive ? '1' : '0'}${raw.map((w) => (w.initial ? `${w.text}.` : w.text)).join(' ')}`;
  const cached = nameCache.get(key);
  if (cached !== undefined || nameCache.has(key)) return cached ?? null;
  const name = buildName(raw, possessive);
  if (nameCache.size >= NAME_CACHE_LIMIT) nameCache.clear();
  nameCache.set(key, name);
  return name;
}

/** A word of a name as written: its text, and whether it is an initial (written with a stop). */
interface NameWord {
  text: string;
  initial: boolean;
}

function buildName(raw: NameWord[], possessive: boolean): Name | null {
  let words = raw.slice();
  let theFirst = false;
  if (words[0]?.text.toLowerCase() === 'the') {
    theFirst = true;
    words = words.slice(1);
  }
  const titled = takeTitles(words);
  if (titled === null) return null;
  words = dropTrailingCaps(titled.words);
  if (words.length === 0) return null;
  const { roles } = titled;
  const texts = words.map((w) => w.text);
  const last = (texts[surnameIndex(texts)] ?? '').toLowerCase();
  const firstGender = texts.length >= 2 ? firstNameGender(texts[0] ?? '') : 'unknown';
  const key = texts.join(' ').toLowerCase();
  const kind = nameKind({ words, texts, last, key, theFirst, roles, firstGender });
  const gender = kind === 'person' && titled.gender === 'unknown' ? firstGender : titled.gender;
  // A newspaper's "The" is part of its title (The New York Times); other bodies' is not (the Met Office).
  const display =
    (theFirst && kind === 'org' && PUBLICATION_WORDS.has(last) ? 'The ' : '') +
    words.map((w) => (w.initial ? `${w.text}.` : w.text)).join(' ');
  return {
    words: texts,
    display,
    roles,
    possessive,
    gender,
    kind,
    key,
    surname: last,
  };
}

/**
 * The name without its titles, and the roles and gender they give; null when the words are a title or a role
 * only. Everything up to the last title word is title (White House Press Secretary Josh Earnest), unless what is
 * left is an organisation (Justice Department).
 */
function takeTitles(words: NameWord[]): { words: NameWord[]; roles: string[]; gender: Gender } | null {
  let cut = -1;
  for (let i = 0; i < words.length - 1; i++) {
    const w = (words[i]?.text ?? '').toLowerCase();
    if (isTitle(words[i]?.text ?? '')) cut = i;
    else if (w === 'of' && cut === i - 1) cut = i + 1; // Secretary of State John Kerry
  }
  // "MP for Wyre Forest", "Minister for Housing": a title governing a phrase is a role, not a name.
  if (cut >= 0 && /^\p{Ll}/u.test(words[cut + 1]?.text ?? '')) return null;
  const lastWord = (words[words.length - 1]?.text ?? '').toLowerCase();
  const restIsName = words.slice(cut + 1).some((w) => !SUFFIXES.has(w.text.toLowerCase()));
  const roles: string[] = [];
  let gender: Gender = 'unknown';
  if (cut >= 0 && cut < words.length - 1 && restIsName && !ORG_WORDS.has(lastWord)) {
    for (let i = 0; i <= cut; i++) {
      const w = (words[i]?.text ?? '').toLowerCase();
      roles.push(...(TITLE_ROLES.get(w) ?? [w]));
      const g = TITLE_GENDER.get(w);
      if (g !== undefined && g !== 'unknown') gender = g;
    }
    return { words: words.slice(cut + 1), roles, gender };
  }
  if (words.length === 1 && isTitle(words[0]?.text ?? '') && !ORG_WORDS.has(lastWord)) return null;
  return { words, roles, gender };
}

/**
 * Trailing all-caps words after a mixed-case name are clutter (Niva Yau BIO BIO); an acronym with more of the
 * name after it belongs to it (Northfield Teaching Hospitals NHS Trust).
 */
function dropTrailingCaps(words: NameWord[]): NameWord[] {
  for (let i = 1; i < words.length; i++) {
    const w = words[i]?.text ?? '';
    const prev = words[i - 1]?.text ?? '';
    if (
      w.length >= 2 &&
      ALL_CAPS.test(w) &&
      !/^\d+$/.test(w) &&
      !ALL_CAPS.test(prev) &&
      !SUFFIXES.has(w.toLowerCase()) &&
      words.slice(i + 1).every((x) => ALL_CAPS.test(x.text))
    ) {
      return words.slice(0, i);
    }
  }
  return words;
}

/** What a name's words say it names: a place, a person, an organisation, or unknown. */
function nameKind(n: {
  readonly words: readonly NameWord[];
  readonly texts: readonly string[];
  readonly last: string;
  readonly key: string;
  readonly theFirst: boolean;
  readonly roles: readonly string[];
  readonly firstGender: Gender;
}): Name['kind'] {
  const { texts, last, theFirst, roles, firstGender } = n;
  if (isPlace(n.key, texts)) return 'place';
  // An organisation word that is also a common surname (Margaret Hill, Liam Fox, Sarah Church) names a
  // person when a first name opens it, or when a personal title does.
  const personal =
    !theFirst &&
    SURNAME_ORG_WORDS.has(last) &&
    texts.length >= 2 &&
    (firstGender !== 'unknown' || roles.some((r) => TITLE_GENDER.has(r)));
  if (personal) return 'person';
  if (
    ORG_WORDS.has(last) ||
    headsPhrase(texts) ||
    (/^\d+$/.test(last) && texts.some((w) => ORG_WORDS.has(w.toLowerCase()))) ||
    theFirst ||
    (texts.length === 1 && ALL_CAPS.test(texts[0] ?? '') && last.length > 1)
  ) {
    return 'org';
  }
  if (roles.length > 0 || firstGender !== 'unknown' || n.words.some((w) => w.initial)) return 'person';
  return 'unknown';
}

/** Parses a name given as a plain string (a speaker name in gold data, a transcript label). */
export function parseName(text: string): Name | null {
  const words = text
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\s,]+/)
    .filter((w) => w.length > 0)
    .map((w) => ({ text: w.replace(/\.$/, ''), initial: /^\p{Lu}\.$/u.test(w) }));
  return nameFromWords(words);
}
