// Speakers the article describes but does not name: "a senior Cruz adviser", "the New Jersey governor", "one
// longtime adviser to Bill Clinton". When the description carries a proper name of its own, it identifies the
// speaker as the writer chose to, and a reader is better served by it, word for word, than by no attribution
// or by a guess at whom it means. A bare role ("the official", "a spokesman") says too little: it is left to
// the registry to link, or to nobody.
import { AUXILIARIES, SKIP_BEFORE_VERB } from '../text/function-words.js';
import { ORG_WORDS } from '../text/name-words.js';
import { SPEECH_VERBS } from '../text/speech-words.js';
import { isAbbreviationStop, isPossessiveWord, isRole, type Phrase, POSTPOSED } from './attribution.js';
import type { Entity } from './entities.js';
import type { Token } from './tokens.js';

/** The id of every described speaker: none of them is an entity of the article's registry. */
export const DESCRIBED_ID = -1;

/** Words that open a description: written in lower case in the speaker line ("a senior Cruz adviser"). */
const OPENERS = new Set(['the', 'a', 'an', 'one', 'another', 'his', 'her', 'its', 'their', 'two', 'three']);

/** A capitalised word inside the phrase that is not there only because it opens the writer's sentence. */
function isProper(tokens: readonly Token[], i: number, from: number): boolean {
  const t = tokens[i];
  if (t === undefined || !t.cap || t.participle) return false;
  if (i > from) return true;
  // The phrase's first word: a determiner, or a word capitalised only because the sentence opens with it; a
  // possessive ("Ryan’s campaign") is a name wherever it stands.
  if (isPossessiveWord(t) && !OPENERS.has(t.lower)) return true;
  return !OPENERS.has(t.lower) && i > 0 && tokens[i - 1]?.sentence === t.sentence;
}

/**
 * Whether the words read as one noun phrase: it opens with a determiner or a possessive name ("Ryan’s
 * office"), and holds no verb, adverb or clause word ("… woman rallied supporters", "the campaign also",
 * "the former governor plans"). A sentence the phrase-finder ran into is no speaker line.
 */
function isNounPhrase(tokens: readonly Token[], from: number, to: number): boolean {
  const first = tokens[from];
  if (first === undefined) return false;
  // "Ryan’s office", "Sen. Kelly Ayotte’s campaign": a possessive name opens it.
  const possessive = first.cap && tokens.slice(from, to - 1).some((t) => t.cap && isPossessiveWord(t));
  if (!OPENERS.has(first.lower) && first.lower !== 'this' && !possessive) return false;
  if (!isHead(tokens, to)) return false;
  for (let i = from + 1; i < to; i++) if (breaksPhrase(tokens, i, from, to)) return false;
  return true;
}

/** Whether the word at i (inside the phrase [from, to)) shows a clause, not a noun phrase. */
function breaksPhrase(tokens: readonly Token[], i: number, from: number, to: number): boolean {
  const t = tokens[i];
  if (t === undefined) return true;
  if (t.kind !== 'word') return !'-/&'.includes(t.text) && !isAbbreviationStop(tokens, i);
  const w = t.lower;
  if (!t.low) return false;
  // "the Vermont senator and Democratic presidential candidate": two roles of one person may be joined.
  const joinsRoles = w === 'and' && isRole(tokens[i - 1]?.lower ?? '') && tokens[i + 1]?.kind === 'word';
  if (AUXILIARIES.has(w) || SKIP_BEFORE_VERB.has(w) || SPEECH_VERBS.has(w)) return true;
  if (NOT_IN_PHRASE.has(w) && !joinsRoles) return true;
  // A word after a role noun or a name is its verb: "the governor plans", "the woman rallied".
  const prev = tokens[i - 1];
  const afterNoun = prev !== undefined && (isRole(prev.lower) || (prev.cap && i - 1 > from));
  const verbShaped = /^\p{Ll}+(?:ed|s)$/u.test(w) && !isRole(w) && !POSTPOSED.has(w);
  // "the Sanders campaign projects": after a role or an organisation's noun, an -s or -ed word is its verb.
  const speakerNoun = prev !== undefined && (isRole(prev.lower) || ORG_WORDS.has(prev.lower));
  if ((afterNoun || speakerNoun) && verbShaped && (i < to - 1 || speakerNoun)) return true;
  // "… campaign manager rallied supporters": a past form between two common nouns is the clause's verb.
  const pastBetween = /^\p{Ll}+ed$/u.test(w) && prev?.low === true && !OPENERS.has(prev.lower) && i < to - 1;
  return pastBetween && tokens[i + 1]?.low === true;
}

/** Whether the phrase's last word (before `to`) can be the noun it is named by. */
function isHead(tokens: readonly Token[], to: number): boolean {
  const head = tokens[to - 1];
  if (head === undefined || POSTPOSED.has(head.lower) || NOT_A_HEAD.has(head.lower)) return false;
  // "a former U.S" is cut at an abbreviation's stop: the phrase goes on past it.
  if (/^(?:\p{Lu}\.)+\p{Lu}$/u.test(head.text) && isPunct(tokens[to], '.')) return false;
  // A head in -ing is a clause's verb ("the movie shows Bob wanting") unless a determiner makes it a noun.
  return !(/\p{Ll}ing$/u.test(head.text) && !isNounMarker(tokens[to - 2]));
}

/** Words a clause runs into past a description: conjunctions, never inside its noun phrase. */
const NOT_IN_PHRASE = new Set(['when', 'and', 'or', 'but']);
/** Particles and adverbs that end a clause ("… shrugged off"), never the noun a speaker is named by. */
const NOT_A_HEAD = new Set(['off', 'up', 'out', 'down', 'away', 'back', 'nationwide', 'yet', 'now', 'too']);

/** A determiner or a possessive: what stands before an -ing word that is a noun ("the planning", "Cruz’s thinking"). */
function isNounMarker(t: Token | undefined): boolean {
  return t !== undefined && (OPENERS.has(t.lower) || isPossessiveWord(t));
}

function isPunct(t: Token | undefined, chars: string): boolean {
  return t !== undefined && t.kind === 'punct' && chars.includes(t.text);
}

/** The phrase as written, white space collapsed, its opening determiner in lower case. */
function display(phrase: Phrase): string {
  const { tokens, from, to } = phrase;
  let out = '';
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t === undefined) break;
    const text = i === from && OPENERS.has(t.lower) ? t.lower : t.text;
    const glued = i > from && tokens[i - 1]?.end === t.start;
    out += i === from || glued ? text : ` ${text}`;
  }
  return out.replace(/[,;:]+$/, '');
}

/** People a round-up quotes one by one: "one man wrote", "another commenter said", "one strategist described". */
const ONE_OF_MANY = new Set([
  'man',
  'woman',
  'person',
  'commenter',
  'user',
  'voter',
  'resident',
  'attendee',
  'strategist',
  'supporter',
  'delegate',
  'protester',
  'reader',
  'viewer',
  'listener',
  'caller',
]);

/** "One man", "another commenter": someone the writer counts among many and describes no further. */
function isOneOfMany(tokens: readonly Token[], from: number, to: number): boolean {
  const first = tokens[from]?.lower;
  return (
    (first === 'one' || first === 'another') &&
    to - from === 2 &&
    ONE_OF_MANY.has(tokens[to - 1]?.lower ?? '')
  );
}

/** The speaker a description with a proper name in it stands for, as its own words; null for a bare role. */
export function describedSpeaker(phrase: Phrase | undefined): Entity | null {
  if (phrase === undefined || phrase.to - phrase.from < 2) return null;
  const { tokens, from, to } = phrase;
  let proper = false;
  for (let i = from; i < to && !proper; i++) proper = isProper(tokens, i, from);
  if (!(proper || isOneOfMany(tokens, from, to)) || !isNounPhrase(tokens, from, to)) return null;
  const text = display(phrase);
  const words = text.split(' ');
  return {
    id: DESCRIBED_ID,
    name: {
      words,
      display: text,
      roles: [],
      possessive: false,
      gender: 'unknown',
      kind: 'person',
      key: text.toLowerCase(),
      surname: (words[words.length - 1] ?? '').toLowerCase(),
    },
    kind: 'person',
    gender: 'unknown',
    roles: new Set(),
    mentions: 0,
    unplacedMentions: 0,
    innerMentions: 0,
  };
}
