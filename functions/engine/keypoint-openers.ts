// Mending the opening of a key point so that it reads on its own, without changing what it says: a leading
// discourse connective is dropped and the sentence re-capitalised ("And on Thursday …" → "On Thursday …"), and
// a leading person pronoun whose antecedent is known for sure is shown as the name in square brackets, the
// newsroom convention ("He accused …" → "[David Cameron] accused …"). An opening that leans on what came
// before and cannot be mended that way ("They …", "This is …", "Although …", "It …") is reported as leaning:
// the caller then takes the sentence before as well, or another sentence.

import type { PersonPronoun } from './keypoint-referents.js';
import { editOf, type KeyPointEdit } from './keypoint-text.js';
import { isLower, isSpaceCode } from './text/chars.js';
import { FIRST_PERSON, LEANING_WORDS, PERSON_PRONOUNS, SUBJECT_OPENERS } from './text/function-words.js';

/** Resolves a person pronoun at a position of the cleaned text to a name, or undefined when unsure. */
export type Referent = (offset: number, pronoun: PersonPronoun) => string | undefined;

export type Opening =
  /** Reads on its own once these edits are made (often none). */
  | { readonly kind: 'free'; readonly edits: readonly KeyPointEdit[] }
  /** Leans on the sentence before and cannot be mended. */
  | { readonly kind: 'leaning' };

interface Word {
  /** As written. */
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
}

const LETTER = /\p{L}/u;

/** The word at `i` (letters only: "It's" gives "It"), or undefined when no letter stands there. */
function wordAt(body: string, i: number, end: number): Word | undefined {
  let j = i;
  while (j < end && LETTER.test(body[j] as string)) j++;
  if (j === i) return undefined;
  const text = body.slice(i, j);
  return { text, lower: text.toLowerCase(), start: i, end: j };
}

function skipSpace(body: string, i: number, end: number): number {
  let j = i;
  while (j < end && isSpaceCode(body.charCodeAt(j))) j++;
  return j;
}

/** A rule that says whether a connective, followed by `next` (after an optional comma), can be dropped. */
type DropRule = (next: Word | undefined, comma: boolean) => boolean;

const always: DropRule = () => true;
const withComma: DropRule = (_next, comma) => comma;
/** "So the council …", "So, …", "So Smith …" but not "So far", "So many". */
const beforeClause: DropRule = (next, comma) =>
  comma || (next !== undefined && (SUBJECT_OPENERS.has(next.lower) || !isLower(next.text[0])));

/**
 * The connectives the engine drops, each with the rule that tells it from another use of the word ("However
 * much …", "Instead of …", "Yet another …", "Besides the money, …" keep their sentence whole, which then
 * counts as leaning). Although, Though and Otherwise are never dropped: the sentence would say something else.
 */
const DROPPABLE: ReadonlyMap<string, DropRule> = new Map<string, DropRule>([
  ['and', always],
  ['but', always],
  ['also', always],
  ['meanwhile', always],
  ['still', always],
  ['then', always],
  ['moreover', always],
  ['furthermore', always],
  ['nevertheless', always],
  ['nonetheless', always],
  ['thus', always],
  ['therefore', always],
  ['however', withComma],
  ['besides', withComma],
  ['so', beforeClause],
  ['instead', (next, comma) => comma || (next !== undefined && next.lower !== 'of')],
  [
    'yet',
    (next, comma) => comma || (next !== undefined && !/^(?:another|again|more|still)$/.test(next.lower)),
  ],
]);

/**
 * An "it" that points at nothing before it, but at the clause it introduces: "It is understood a watchdog is
 * …", "It's hard to believe that …", "It is no wonder …". Such a sentence reads on its own (the evaluation's
 * surface count still counts it).
 */
const EXPLETIVE_IT =
  /^It(?:['’]s| is| was| has been| had been| will be| would be| seems| seemed| remains)(?: not| also| now| still| widely| now)? (?:(?:understood|thought|believed|expected|feared|reported|claimed|alleged|estimated|known|rumou?red|suspected|hoped|assumed|no wonder|no surprise|no secret|well known)\b|(?:clear|unclear|likely|unlikely|possible|impossible|hard|difficult|easy|important|necessary|true|worth|amazing|surprising|unusual|rare|common|vital|essential|crucial|striking|remarkable|ironic|strange|odd|uncertain|unknown|time) (?:that|to|what|how|whether|if|for|when|why)\b)/;

/** "This week …", "That night …": a demonstrative of time, relative to the article's own date, not to a sentence. */
const DEICTIC_TIME =
  /^(?:This|That|These) (?:week|weekend|month|year|season|summer|winter|spring|autumn|fall|morning|afternoon|evening|night|days|time)\b/;

/** An opening quotation mark or bracket: the words after it are someone's, not ours to mend. */
const OPENING_MARK = /["“‘'«(]/;

/**
 * The words to drop at `at`: a connective (with the comma after it), or "That said,". Returns where the
 * rest starts, or undefined when nothing is to be dropped there. `first`: the word opens the sentence.
 */
function droppedConnective(body: string, at: number, end: number, first: boolean): number | undefined {
  const word = wordAt(body, at, end);
  if (word === undefined || body[word.end] === '-') return undefined;
  if (word.text === 'That') {
    const said = wordAt(body, skipSpace(body, word.end, end), end);
    return said?.lower === 'said' && body[said.end] === ',' ? said.end + 1 : undefined;
  }
  // The first word opens with a capital; one after a dropped connective does not ("And then …").
  const rule = !first || !isLower(word.text[0]) ? DROPPABLE.get(word.lower) : undefined;
  if (rule === undefined) return undefined;
  const comma = body[word.end] === ',';
  const after = comma ? word.end + 1 : word.end;
  return rule(wordAt(body, skipSpace(body, after, end), end), comma) ? after : undefined;
}

/** The possessive of a name in the article's own apostrophe: "[David Cameron’s]". */
function possessive(name: string, apostrophe: string): string {
  return `${name}${apostrophe}s`;
}

/** Brackets a person pronoun at `at`, or says why not: undefined when it is no pronoun, null when unsure. */
function bracketed(
  body: string,
  word: Word,
  referent: Referent,
  apostrophe: string,
): KeyPointEdit | null | undefined {
  if (!PERSON_PRONOUNS.has(word.lower)) return undefined;
  // "He Jiankui said …": the Chinese surname, not the pronoun.
  if (word.lower === 'he' && /^\s+\p{Lu}\p{Ll}/u.test(body.slice(word.end, word.end + 3))) return undefined;
  const name = referent(word.start, word.lower as PersonPronoun);
  if (name === undefined) return null;
  const shown = word.lower === 'his' || word.lower === 'her' ? possessive(name, apostrophe) : name;
  return editOf(body, 'bracketed', word.start, word.end, `[${shown}]`);
}

/** What the opening rules look at: the first word once the connectives are dropped. */
interface Opener {
  readonly body: string;
  readonly end: number;
  readonly at: number;
  readonly word: Word | undefined;
  /** A connective was dropped before it: it now opens the point. */
  readonly dropped: boolean;
  readonly referent: Referent;
  readonly apostrophe: string;
}

/** A rule's verdict: the point leans, or it is free with these edits, or the rule has nothing to say. */
type Verdict = 'leaning' | readonly KeyPointEdit[] | undefined;

/** The first letter in upper case where a dropped connective left it in lower case ("And on …" → "On …"). */
function capitalised(o: Opener): KeyPointEdit[] {
  const text = o.word?.text ?? '';
  // An article's own lower-case opening ("iPhone sales …") stays as it is.
  if (!o.dropped || !isLower(text[0]) || /\p{Lu}/u.test(text.slice(1))) return [];
  return [editOf(o.body, 'capitalised', o.at, o.at + 1, (text[0] as string).toUpperCase())];
}

/** Someone's words in quotation marks are not ours to mend: a leaning word inside them leans. */
const quoted = (o: Opener): Verdict => {
  if (!OPENING_MARK.test(o.body[o.at] ?? '')) return undefined;
  const first = wordAt(o.body, skipSpace(o.body, o.at + 1, o.end), o.end);
  if (first === undefined) return [];
  if (LEANING_WORDS.has(first.lower)) return 'leaning';
  // "‘We will rebuild,’ the mayor said." names its speaker; "‘We know where to look." leans on them.
  const attributed = /[”’"'],?\s+\p{L}/u.test(o.body.slice(first.end, o.end));
  return FIRST_PERSON.has(first.lower) && !attributed ? 'leaning' : [];
};

/** Nothing to read (a number, a symbol): nothing leans. */
const wordless = (o: Opener): Verdict => (o.word === undefined ? [] : undefined);

/** An expletive "it" or a demonstrative of time leans only on the surface. */
const surfaceOnly = (o: Opener): Verdict => {
  const head = o.body.slice(o.at, Math.min(o.end, o.at + 80));
  const capital = (head[0] ?? '').toUpperCase() + head.slice(1);
  return EXPLETIVE_IT.test(capital) || DEICTIC_TIME.test(capital) ? capitalised(o) : undefined;
};

/** A person pronoun: the name in brackets when the referent is sure, else the point leans. */
const personPronoun = (o: Opener): Verdict => {
  if (o.word === undefined) return undefined;
  const edit = bracketed(o.body, o.word, o.referent, o.apostrophe);
  return edit === null ? 'leaning' : edit === undefined ? undefined : [edit];
};

/** Any other leaning word that opens the point: written with a capital, or left first by a dropped connective. */
const leaningWord = (o: Opener): Verdict => {
  const w = o.word;
  if (w === undefined || (!o.dropped && isLower(w.text[0]))) return undefined;
  const leans = LEANING_WORDS.has(w.lower) || FIRST_PERSON.has(w.lower);
  return leans && o.body[w.end] !== '-' ? 'leaning' : undefined;
};

/** The opening rules, in order; the first with a verdict decides. */
const OPENING_RULES: readonly ((o: Opener) => Verdict)[] = [
  quoted,
  wordless,
  surfaceOnly,
  personPronoun,
  leaningWord,
];

/** Drops up to two connectives in a row ("And then …", "But, however, …"): their edits, and where the rest starts. */
function dropConnectives(body: string, start: number, end: number): { at: number; edits: KeyPointEdit[] } {
  const edits: KeyPointEdit[] = [];
  let at = start;
  for (let n = 0; n < 2; n++) {
    const rest = droppedConnective(body, at, end, n === 0);
    if (rest === undefined) break;
    edits.push(editOf(body, 'dropped', at, rest, ''));
    at = skipSpace(body, rest, end);
  }
  return { at, edits };
}

/**
 * Mends the opening of the range [start, end) of the cleaned text, or reports that it leans on what came
 * before. `apostrophe` is the article's own (’ or ') for a possessive name.
 */
export function mendOpening(
  body: string,
  start: number,
  end: number,
  referent: Referent,
  apostrophe = '’',
): Opening {
  const { at, edits } = dropConnectives(body, start, end);
  const opener: Opener = {
    body,
    end,
    at,
    word: wordAt(body, at, end),
    dropped: edits.length > 0,
    referent,
    apostrophe,
  };
  for (const rule of OPENING_RULES) {
    const verdict = rule(opener);
    if (verdict === 'leaning') return { kind: 'leaning' };
    if (verdict !== undefined) return { kind: 'free', edits: [...edits, ...verdict] };
  }
  return { kind: 'free', edits: [...edits, ...capitalised(opener)] };
}
