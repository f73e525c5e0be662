// Who a pronoun that opens a key point stands for ("He accused Ed Miliband …" → Cameron), from the people
// model the quote reader built (quotes/entities.ts). A name is given only when the choice is safe:
// - the nearest person named before the pronoun whose gender the article gives is of the pronoun's gender,
//   and no one who might be meant without a known gender (a person, or a full name of unknown kind), and no one
//   described without a name ("the toddler", "their daughter"), stands between them;
// - that person is a topic: named at least twice, once at least as a sentence's subject, and the quote
//   reader's salience does not prefer another person.
// The name is shown as the nearest mention gives it: the full name when it is written in full there, the
// surname otherwise ("Mr Cameron said …" → "[Cameron]"), so that a surname the article shares between two
// people (Ryan and Rhodri Giggs) never becomes the wrong full name. Otherwise nothing: the key point then
// takes the sentence before it, or gives way to another sentence.

import type { Entity, Mention } from './quotes/entities.js';
import type { Token } from './quotes/tokens.js';
import type { PeopleModel } from './quotes.js';
import { ARTICLES_AND_POSSESSIVES } from './text/function-words.js';
import { PERSON_NOUNS, ROLE_GENDER } from './text/name-words.js';

export type PersonPronoun = 'he' | 'she' | 'his' | 'her' | 'him';

/** The gender a person pronoun gives (he, his, him; she, her). */
type PronounGender = 'male' | 'female';

const GENDER_OF: Readonly<Record<PersonPronoun, PronounGender>> = {
  he: 'male',
  him: 'male',
  his: 'male',
  she: 'female',
  her: 'female',
};

/** How many sentences back a referent may stand (the salience window of the quote reader). */
const WINDOW = 8;

/** "24-year-old", "mother-of-two". */
const DESCRIPTOR = /^(?:\d+-(?:year|month)-old|\p{Ll}+-of-(?:\d+|\p{Ll}+))$/u;

interface Point {
  readonly paragraph: number;
  readonly sentence: number;
  readonly token: number;
}

/** The token that starts at `offset` in a paragraph's token list, by binary search; -1 when none does. */
function tokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid]?.start ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return tokens[lo]?.start === offset ? lo : -1;
}

function before(m: Mention, at: Point): boolean {
  return m.sentence < at.sentence || (m.sentence === at.sentence && m.token < at.token);
}

/** A person of the wanted gender, as far as the article tells. */
function fits(e: Entity, gender: PronounGender): boolean {
  return e.kind === 'person' && e.gender === gender;
}

/**
 * Someone the pronoun might mean though the article does not give their gender: a person, or a name of two
 * words or more of unknown kind ("Kayahan Arslan" may be a man's name).
 */
function mightBeMeant(e: Entity): boolean {
  return e.gender === 'unknown' && (e.kind === 'person' || (e.kind === 'unknown' && e.name.words.length > 1));
}

/**
 * The last mention before the point of a person of that gender, within the window; undefined when there is
 * none, or when a person of unknown gender was named after it (either might be meant).
 */
function nearest(mentions: readonly Mention[], at: Point, gender: PronounGender): Mention | undefined {
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i] as Mention;
    if (!before(m, at)) continue;
    if (at.sentence - m.sentence > WINDOW) return undefined;
    if (fits(m.entity, gender)) return m;
    if (mightBeMeant(m.entity)) return undefined;
  }
  return undefined;
}

/** Named twice, once at least as the subject of a sentence in the window. */
function topical(mentions: readonly Mention[], at: Point, e: Entity): boolean {
  if (e.mentions < 2) return false;
  return mentions.some(
    (m) => m.entity === e && m.subject && before(m, at) && at.sentence - m.sentence <= WINDOW,
  );
}

/** A name right before a number is a series' or a product's ("German Formula 4", "Windows 10"), not a person's. */
function beforeNumber(people: PeopleModel, e: Entity): boolean {
  return people.registry.mentions.some((m) => {
    if (m.entity !== e) return false;
    const next = people.paragraphs[m.paragraph]?.tokens[m.token + e.name.words.length];
    return next !== undefined && /^\d/.test(next.text);
  });
}

/** A person noun that the pronoun's gender may refer to: "daughter" for she, "toddler" for either. */
function personNoun(word: string, gender: PronounGender): boolean {
  const g = ROLE_GENDER.get(word);
  return g === gender || PERSON_NOUNS.has(word) || DESCRIPTOR.test(word);
}

/** Whether tokens [from, to) hold a description of someone unnamed: a determiner, then a person noun. */
function describesSomeone(
  tokens: readonly Token[],
  from: number,
  to: number,
  gender: PronounGender,
): boolean {
  for (let k = from; k < to; k++) {
    if (!ARTICLES_AND_POSSESSIVES.has(tokens[k]?.lower ?? '')) continue;
    for (let j = k + 1; j < to && j <= k + 3; j++) {
      const t = tokens[j];
      if (t === undefined || t.kind !== 'word' || t.cap) break;
      if (personNoun(t.lower, gender)) return true;
    }
  }
  return false;
}

/** Whether someone unnamed is described between the mention and the point ("… alleged the toddler …"). */
function unnamedBetween(people: PeopleModel, m: Mention, at: Point, gender: PronounGender): boolean {
  for (let p = m.paragraph; p <= at.paragraph; p++) {
    const tokens = people.paragraphs[p]?.tokens ?? [];
    const from = p === m.paragraph ? m.token + 1 : 0;
    const to = p === at.paragraph ? at.token : tokens.length;
    if (describesSomeone(tokens, from, to, gender)) return true;
  }
  return false;
}

/** The name as the mention gives it: in full when written in full there, else the surname. */
function shownName(people: PeopleModel, m: Mention): string {
  const { words, display, surname } = m.entity.name;
  const tokens = people.paragraphs[m.paragraph]?.tokens ?? [];
  // The run may start with a title ("Mr David Cameron"): look for the first name a word or two on.
  for (let k = m.token; k <= m.token + 2; k++) {
    if (words.every((w, i) => tokens[k + i]?.text === w)) return display;
  }
  return words.find((w) => w.toLowerCase() === surname) ?? display;
}

/**
 * The name a person pronoun at `offset` of paragraph `paragraph` stands for, or undefined when the article
 * does not make it safe.
 */
export function referentOf(
  people: PeopleModel,
  paragraph: number,
  offset: number,
  pronoun: PersonPronoun,
): string | undefined {
  const p = people.paragraphs[paragraph];
  if (p === undefined) return undefined;
  const k = tokenAt(p.tokens, offset);
  const t = p.tokens[k];
  if (t === undefined || t.lower !== pronoun) return undefined;
  const at: Point = { paragraph, sentence: p.sentenceBase + t.sentence, token: k };
  const gender = GENDER_OF[pronoun];
  const { registry } = people;
  const m = nearest(registry.mentions, at, gender);
  if (m === undefined || !topical(registry.mentions, at, m.entity) || beforeNumber(people, m.entity)) {
    return undefined;
  }
  if (unnamedBetween(people, m, at, gender)) return undefined;
  // The quote reader's salience must not prefer another person (a name of unknown kind does not count).
  const salient = registry.salient(at, gender);
  if (salient !== undefined && salient !== m.entity && salient.kind === 'person') return undefined;
  return shownName(people, m);
}

/**
 * A referent for offsets in the cleaned text (paragraphs joined by a blank line), from the people model of
 * the same paragraphs, built when first needed.
 */
export function referentInText(
  paragraphs: readonly string[],
  people: () => PeopleModel,
): (offset: number, pronoun: PersonPronoun) => string | undefined {
  const starts: number[] = [];
  let at = 0;
  for (const p of paragraphs) {
    starts.push(at);
    at += p.length + 2;
  }
  return (offset, pronoun) => {
    let i = starts.length - 1;
    while (i > 0 && (starts[i] as number) > offset) i--;
    return referentOf(people(), i, offset - (starts[i] as number), pronoun);
  };
}
