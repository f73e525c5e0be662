// Entities: the people and organisations an article names, gathered from every name run outside
// quotations. Links a bare surname or a titled name to the full name the article gives ("Putin",
// "Mr. Putin" → "Vladimir Putin"), keeps each one's gender and roles ("the minister"), and ranks
// candidates for a pronoun by salience: recent, subject and speaker mentions count most.
import { CONNECTIVES, isPreposition, LOCATIVES, PHRASE_OPENING_DETERMINERS } from '../text/function-words.js';
import { NOT_A_HEAD, ORG_HEADS, ORG_WORDS, ROLE_GENDER } from '../text/name-words.js';
import { isDocument, isSpeechVerb } from '../text/speech-words.js';
import {
  cleanName,
  firstNameGender,
  type Gender,
  type Name,
  type Run,
  runStartingAt,
  titleGender,
} from './names.js';
import type { Sentence, Token } from './tokens.js';

export interface Entity {
  readonly id: number;
  /** The fullest name the article gives (most words, first seen). */
  name: Name;
  kind: Name['kind'];
  gender: Gender;
  readonly roles: Set<string>;
  mentions: number;
  /** Mentions not after a word of place ("in Bewdley", "at Anfield"): none, and a one-word name reads as a place. */
  unplacedMentions: number;
  /** Mentions inside a sentence, not opening it: none, and a one-word name may be a common word capitalised. */
  innerMentions: number;
}

export interface Mention {
  readonly entity: Entity;
  /** Article-wide sentence number. */
  readonly sentence: number;
  readonly paragraph: number;
  /** Token index within the paragraph. */
  readonly token: number;
  readonly subject: boolean;
  readonly possessive: boolean;
  /** After a preposition ("in Birmingham"): a place or an object more often than a speaker. */
  readonly inPhrase: boolean;
  speaker: boolean;
}

export interface ParagraphModel {
  readonly index: number;
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly sentences: readonly Sentence[];
  /** Article-wide number of this paragraph's first sentence. */
  readonly sentenceBase: number;
}

/** The age in an apposition right after a name (", 52," or " (52)"), if there is one. */
function ageAfter(tokens: readonly Token[], k: number): number | undefined {
  const open = tokens[k]?.text;
  const n = tokens[k + 1];
  const close = tokens[k + 2]?.text;
  if (n === undefined || n.kind !== 'word' || !/^\d{1,3}$/.test(n.text)) return undefined;
  const fits =
    (open === ',' && (close === ',' || close === '.' || close === ';' || close === undefined)) ||
    (open === '(' && close === ')');
  const age = Number(n.text);
  return fits && age > 0 && age < 120 ? age : undefined;
}

function sameGender(a: Gender, b: Gender): boolean {
  return a === 'unknown' || b === 'unknown' || a === b;
}

/** A name run found in a sentence, with what its place in the sentence says about it. */
interface FoundName {
  readonly name: Name;
  readonly run: Run;
  readonly p: ParagraphModel;
  readonly sentence: number;
  readonly subject: boolean;
  readonly inPhrase: boolean;
  readonly placed: boolean;
  /** The name opens its sentence. */
  readonly opening: boolean;
}

/** A description that opens a sentence ("The minister said"), to be linked to a name. */
interface OpeningDescription {
  readonly head: string;
  readonly former: boolean;
  readonly sentence: number;
  readonly paragraph: number;
  readonly token: number;
}

/** The name runs of one sentence, in order, each with whether it may be the subject and whether it is a place's. */
function namesInSentence(p: ParagraphModel, si: number, s: Sentence): FoundName[] {
  const out: FoundName[] = [];
  let firstNp = true;
  // Where the last name of a place ended: "in Shropshire and Worcestershire" places both.
  let placeEnd = -1;
  let k = s.from;
  while (k < s.to) {
    const t = p.tokens[k];
    if (t === undefined) break;
    const run = t.cap ? runStartingAt(p.tokens, k, s.to, s.from) : null;
    if (run === null) {
      firstNp = stillFirstPhrase(t, firstNp);
      k++;
      continue;
    }
    const name = cleanName(p.tokens, run);
    const before = p.tokens[run.from - 1];
    const inPhrase = before?.kind === 'word' && isPreposition(before.text);
    const placed = isPlaced(p.tokens, run, placeEnd);
    placeEnd = placed ? run.to : -1;
    const j = qualifiedNounsEnd(p.tokens, run, s);
    const qualifier = j > run.to && runStartingAt(p.tokens, j, s.to, s.from) !== null;
    if (name !== null) {
      out.push({
        name,
        run,
        p,
        sentence: p.sentenceBase + si,
        subject: firstNp && !inPhrase && !name.possessive && !qualifier,
        inPhrase,
        placed,
        opening: run.from === s.from,
      });
    }
    firstNp = qualifier && firstNp;
    k = qualifier ? j : run.to;
  }
  return out;
}

/** Whether the sentence's first noun phrase is still to come after a word that is not a name. */
function stillFirstPhrase(t: Token, firstNp: boolean): boolean {
  let first = firstNp;
  if (t.low && first && !isPreposition(t.lower)) {
    // A lower-case word before any name: a subject such as "the minister" may stand first.
    if (!PHRASE_OPENING_DETERMINERS.has(t.lower) && !CONNECTIVES.has(t.lower)) {
      first = false;
    }
  }
  if (t.kind === 'punct' && t.text === ',') first = true;
  return first;
}

/** A name after a word of place, or one joined to a place's name just before it. */
function isPlaced(tokens: readonly Token[], run: Run, placeEnd: number): boolean {
  const before = tokens[run.from - 1];
  return (
    (before?.kind === 'word' && LOCATIVES.has(before.lower)) ||
    (placeEnd >= 0 &&
      run.from === placeEnd + 1 &&
      (before?.lower === 'and' ||
        before?.lower === 'or' ||
        // "in Bewdley, Worcestershire, ..." but not "In Bewdley, Ashcroft said".
        (before?.text === ',' && tokens[run.to]?.kind !== 'word')))
  );
}

/**
 * Where the lower-case nouns after a name end: "Trump campaign spokesman Jason Miller", the first name only
 * qualifies the person after it. Only nouns qualify: "Ian Thwaite was furious that Mbeki…" is a clause.
 */
function qualifiedNounsEnd(tokens: readonly Token[], run: Run, s: Sentence): number {
  let j = run.to;
  while (
    j < s.to &&
    j < run.to + 3 &&
    tokens[j]?.low &&
    !isPreposition(tokens[j]?.lower) &&
    !NOT_A_HEAD.has(tokens[j]?.lower ?? '')
  ) {
    j++;
  }
  return j;
}

/** What a pronoun or description may stand for: a gender, an organisation, or any person. */
type Wanted = 'male' | 'female' | 'org' | 'person';

/** Whether an entity can be what a pronoun or description wants. */
function fitsWanted(e: Entity, want: Wanted): boolean {
  if (want === 'org') return e.kind === 'org';
  if (e.kind === 'org' || e.kind === 'place') return false;
  // A one-word name of unknown kind that the article only ever puts after "in" or "at" is a place.
  if (e.kind !== 'person' && e.name.words.length === 1 && e.mentions > 0 && e.unplacedMentions === 0) {
    return false;
  }
  // "The 24-year-old" is someone the article shows to be a person, not a name of unknown kind.
  return want === 'person' ? e.kind === 'person' : sameGender(e.gender, want);
}

/** The weight of one mention before its distance is counted. */
function mentionWeight(m: Mention, want: Wanted): number {
  const e = m.entity;
  let w = 1 + (m.subject ? 1 : 0) + (m.speaker ? 0.5 : 0) - (m.possessive ? 0.5 : 0);
  if (m.inPhrase) w *= 0.4;
  // A name of unknown gender may still fit; a full name more likely names a person than one word does.
  if (want !== 'org' && e.gender === 'unknown')
    w *= e.kind === 'person' || e.name.words.length > 1 ? 0.85 : 0.4;
  return w;
}

/** The entity with the best mention score plus a little for how often it is mentioned; the first on a tie. */
function highestScore(
  best: ReadonlyMap<Entity, number>,
  count: ReadonlyMap<Entity, number>,
): Entity | undefined {
  let winner: Entity | undefined;
  let winnerScore = 0;
  for (const [e, s] of best) {
    const score = s + 0.05 * Math.min(5, count.get(e) ?? 0);
    if (score > winnerScore) {
      winner = e;
      winnerScore = score;
    }
  }
  return winner;
}

/** Lower-case words right before the name (campaign spokesman Brian Fallon). */
function rolesRightBefore(tokens: readonly Token[], run: Run): string[] {
  const out: string[] = [];
  for (let k = run.from - 1; k >= 0 && k >= run.from - 3; k--) {
    const t = tokens[k];
    if (t === undefined || !t.low) break;
    if (PHRASE_OPENING_DETERMINERS.has(t.text) || isPreposition(t.text)) break;
    // "the minister told Sky News": a verb ends the words that describe the name.
    if (NOT_A_HEAD.has(t.lower)) break;
    out.push(t.text);
  }
  return out;
}

/** A description before it: "The chief executive of Northbrook Water, Simon Blake, told reporters". */
function rolesOfDescriptionBefore(tokens: readonly Token[], run: Run): string[] {
  const out: string[] = [];
  if (tokens[run.from - 1]?.text !== ',') return out;
  let k = run.from - 2;
  while (k >= 0 && tokens[k]?.kind !== 'punct' && tokens[k]?.kind !== 'quote') k--;
  const first = tokens[k + 1];
  if (first === undefined || !/^(the|a|an|its|his|her|their)$/i.test(first.text)) return out;
  for (let j = k + 2; j < run.from - 1; j++) {
    const t = tokens[j];
    if (t === undefined || t.kind !== 'word' || isPreposition(t.lower)) break;
    // "The Conservative leader": leader; "The MP for Wyre Forest": a title word counts too.
    if (t.low || titleGender(t.text) !== undefined) out.push(t.text);
  }
  return out;
}

/** An appositive after it: ", the foreign minister of France," / ", a spokeswoman for". */
function rolesOfAppositive(tokens: readonly Token[], run: Run): string[] {
  const out: string[] = [];
  const comma = tokens[run.to];
  if (comma?.kind !== 'punct' || comma.text !== ',') return out;
  const det = tokens[run.to + 1];
  if (det?.kind !== 'word' || !/^(the|a|an|his|her|its|their)$/i.test(det.text)) return out;
  for (let k = run.to + 2; k < tokens.length && k < run.to + 8; k++) {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'word' || isPreposition(t.text) || /^(who|which|and)$/.test(t.text)) {
      break;
    }
    out.push(t.text);
  }
  return out;
}

export class EntityRegistry {
  readonly entities: Entity[] = [];
  /** Name mentions in document order. */
  readonly mentions: Mention[] = [];
  /** Sentences whose subject is someone left unnamed ("One engineer, who asked not to be named, said"). */
  readonly unnamed: { sentence: number; token: number; gender: Gender }[] = [];
  /** Speaker notes, in document order of the quotations. */
  private readonly speakers: Mention[] = [];
  private readonly byFull = new Map<string, Entity>();
  private readonly bySurname = new Map<string, Entity[]>();
  private readonly byFirst = new Map<string, Entity[]>();
  private readonly singles = new Map<string, Entity>();
  /** Every word the article writes in lower case (outside quotations): a capitalised one of them is a common word. */
  readonly lowerWords = new Set<string>();

  /** Builds the registry from every name run in the article, outside quotations. */
  static build(paragraphs: readonly ParagraphModel[]): EntityRegistry {
    const registry = new EntityRegistry();
    const found: FoundName[] = [];
    const descriptions: OpeningDescription[] = [];
    for (const p of paragraphs) {
      for (let si = 0; si < p.sentences.length; si++) {
        const s = p.sentences[si];
        if (s === undefined) continue;
        registry.noteOpening(p, si, s, descriptions);
        for (let k = s.from; k < s.to; k++) {
          const t = p.tokens[k];
          if (t?.low === true) registry.lowerWords.add(t.lower);
        }
        for (const f of namesInSentence(p, si, s)) found.push(f);
      }
    }
    // Full names first, so that bare surnames anywhere can link to them.
    for (const f of found) if (f.name.words.length >= 2) registry.addFull(f.name, f.p, f.run);
    for (const f of found) registry.addMention(f);
    registry.linkDescriptions(descriptions);
    return registry;
  }

  /** What a sentence's opening says: someone left unnamed, or a description ("The minister said"). */
  private noteOpening(p: ParagraphModel, si: number, s: Sentence, descriptions: OpeningDescription[]): void {
    const stranger = unnamedOpening(p.tokens, s.from, s.to);
    if (stranger !== null) {
      this.unnamed.push({
        sentence: p.sentenceBase + si,
        token: stranger.token,
        gender: stranger.gender,
      });
    }
    const opening = openingDescription(p.tokens, s.from, s.to);
    if (opening !== null) {
      descriptions.push({
        head: opening.head,
        former: opening.former,
        sentence: p.sentenceBase + si,
        paragraph: p.index,
        token: s.from,
      });
    }
  }

  /** A name's mention: linked to its entity (or a new one), with what it teaches about the entity. */
  private addMention(f: FoundName): void {
    const entity = this.resolve(f.name) ?? this.addSingle(f.name);
    // "The health minister, Baroness Caldwell,": a one-word name takes its roles from around it too.
    if (f.name.words.length === 1) this.learnRoles(entity, f.p.tokens, f.run);
    // "Gareth Pryce, 52," is who "the 52-year-old" means later on.
    const age = ageAfter(f.p.tokens, f.run.to);
    if (age !== undefined) entity.roles.add(`${age}-year-old`);
    entity.mentions++;
    if (!f.placed) entity.unplacedMentions++;
    if (!f.opening) entity.innerMentions++;
    this.mentions.push({
      entity,
      sentence: f.sentence,
      paragraph: f.p.index,
      token: f.run.from,
      subject: f.subject,
      possessive: f.name.possessive,
      inPhrase: f.inPhrase,
      speaker: false,
    });
  }

  /** A new entity for a name, with the name's kind, gender and roles. */
  private newEntity(name: Name): Entity {
    const entity: Entity = {
      id: this.entities.length,
      name,
      kind: name.kind,
      gender: name.gender,
      roles: new Set(name.roles),
      mentions: 0,
      unplacedMentions: 0,
      innerMentions: 0,
    };
    this.entities.push(entity);
    return entity;
  }

  private addFull(name: Name, p: ParagraphModel, run: Run): Entity {
    const key = name.key;
    let entity = this.byFull.get(key);
    if (entity === undefined) {
      entity = this.newEntity(name);
      this.byFull.set(key, entity);
      const surname = name.surname;
      this.bySurname.set(surname, [...(this.bySurname.get(surname) ?? []), entity]);
      const first = (name.words[0] ?? '').toLowerCase();
      this.byFirst.set(first, [...(this.byFirst.get(first) ?? []), entity]);
    } else {
      for (const r of name.roles) entity.roles.add(r);
      if (entity.gender === 'unknown') entity.gender = name.gender;
      if (entity.kind === 'unknown') entity.kind = name.kind;
    }
    this.learnRoles(entity, p.tokens, run);
    return entity;
  }

  private addSingle(name: Name): Entity {
    const key = (name.words[0] ?? '').toLowerCase();
    let entity = this.singles.get(key);
    if (entity === undefined) {
      entity = this.newEntity(name);
      this.singles.set(key, entity);
    } else {
      for (const r of name.roles) entity.roles.add(r);
      if (entity.gender === 'unknown') entity.gender = name.gender;
    }
    return entity;
  }

  /** Roles from the words around a full name: "spokesman Brian Fallon", "Jean Smith, the minister,". */
  learnRoles(entity: Entity, tokens: readonly Token[], run: Run): void {
    for (const w of rolesRightBefore(tokens, run)) this.addRole(entity, w);
    for (const w of rolesOfDescriptionBefore(tokens, run)) this.addRole(entity, w);
    for (const w of rolesOfAppositive(tokens, run)) this.addRole(entity, w);
  }

  private addRole(entity: Entity, word: string): void {
    const w = word.toLowerCase();
    entity.roles.add(w);
    const g = ROLE_GENDER.get(w) ?? titleGender(w);
    if (entity.gender === 'unknown' && g !== undefined && g !== 'unknown' && entity.kind !== 'org') {
      entity.gender = g;
      if (entity.kind === 'unknown') entity.kind = 'person';
    }
  }

  /** The entity a name refers to, linking a surname or first name to the article's full name. */
  resolve(name: Name): Entity | undefined {
    const full = this.byFull.get(name.key);
    if (full !== undefined) return full;
    if (name.words.length === 1) {
      const word = (name.words[0] ?? '').toLowerCase();
      const bySurname = this.pick(this.bySurname.get(word), name.gender);
      if (bySurname !== undefined) return bySurname;
      const byFirst = this.byFirst.get(word);
      // "Halvorsen said" after "Halvorsen Pharmaceuticals": the organisation, unless the word names a person here
      // ("Mr. Trump" is not the Trump Organization).
      const only = byFirst?.length === 1 ? byFirst[0] : undefined;
      if (only !== undefined && !(only.kind === 'org' && name.kind === 'person')) return only;
      return this.singles.get(word) ?? this.orgByAcronym(name.words[0] ?? '');
    }
    // A longer form of a known name with a middle name or initial (John D. Podesta / John Podesta).
    const candidates = this.bySurname.get(name.surname);
    const first = (name.words[0] ?? '').toLowerCase();
    return candidates?.find((e) => (e.name.words[0] ?? '').toLowerCase() === first);
  }

  /**
   * The organisation a capitalised acronym stands for: "FDA" for the Food and Drug Administration named before
   * (the initials of its capitalised words). Remembered as that single word, so later mentions find it at once.
   */
  private orgByAcronym(word: string): Entity | undefined {
    if (!/^[A-Z]{2,6}$/.test(word)) return undefined;
    let found: Entity | undefined;
    for (const e of this.entities) {
      if (e.kind !== 'org' || e.name.words.length < 2) continue;
      let initials = '';
      for (const w of e.name.words) if (/^\p{Lu}/u.test(w)) initials += w[0];
      if (initials !== word) continue;
      if (found !== undefined) return undefined; // two organisations share it: neither is meant for sure
      found = e;
    }
    if (found !== undefined) this.singles.set(word.toLowerCase(), found);
    return found;
  }

  /**
   * The person whose full name ends in this word, for a surname that is also a title ("King said" after
   * "Billie Jean King", "said Baron" after "Martin Baron"): the word alone parses as a title, not a name.
   */
  personBySurname(word: string): Entity | undefined {
    const found = this.pick(this.bySurname.get(word.toLowerCase()), 'unknown');
    // A person, or a longer name with a first name in it ("Post Editor-in-Chief Martin Baron"), not "Senate
    // Democratic" for a party's name.
    const person =
      found !== undefined &&
      (found.kind === 'person' ||
        (found.kind === 'unknown' &&
          found.name.words.slice(0, -1).some((w) => firstNameGender(w) !== 'unknown')));
    return person ? found : undefined;
  }

  private pick(candidates: readonly Entity[] | undefined, gender: Gender): Entity | undefined {
    if (candidates === undefined || candidates.length === 0) return undefined;
    const fitting = candidates.filter((e) => sameGender(e.gender, gender));
    const pool = fitting.length > 0 ? fitting : candidates;
    let best = pool[0];
    for (const e of pool) if (best === undefined || e.mentions > best.mentions) best = e;
    return best;
  }

  /** Registers a name met during attribution (e.g. a transcript label) and returns its entity. */
  entityFor(name: Name): Entity {
    const known = this.resolve(name);
    if (known !== undefined) return known;
    return name.words.length >= 2 ? this.addFullLoose(name) : this.addSingle(name);
  }

  private addFullLoose(name: Name): Entity {
    const key = name.key;
    const entity = this.newEntity(name);
    this.byFull.set(key, entity);
    return entity;
  }

  /** Records that an entity spoke a quotation at this point (speakers are salient for pronouns). */
  noteSpeaker(entity: Entity, paragraph: number, sentence: number, token: number): void {
    this.speakers.push({
      entity,
      sentence,
      paragraph,
      token,
      subject: true,
      possessive: false,
      inPhrase: false,
      speaker: true,
    });
  }

  /**
   * The most salient person (or organisation, for it/they) before a point, fitting a gender.
   * Salience: each mention weighs 1, +1 as a subject, +1 as a speaker, halved for each sentence back.
   */
  salient(
    at: { paragraph: number; sentence: number; token: number },
    /** 'person': anyone but an organisation or a place ("the 24-year-old"). */
    want: Wanted,
    exclude?: Entity,
  ): Entity | undefined {
    // Each entity scores by its best mention (so a new subject in the last sentence beats a speaker
    // quoted twice a paragraph ago), plus a little for how often it is mentioned.
    const best = new Map<Entity, number>();
    const count = new Map<Entity, number>();
    /** The last sentence in which each candidate is mentioned before this point. */
    const latest = new Map<Entity, number>();
    for (const m of recent(this.mentions, at.sentence, 8).concat(recent(this.speakers, at.sentence, 8))) {
      const distance = at.sentence - m.sentence;
      if (distance === 0 && m.paragraph === at.paragraph && m.token >= at.token) continue;
      const e = m.entity;
      if (e === exclude || !fitsWanted(e, want)) continue;
      // The same sentence counts double: "X said that …, but he said" is X.
      const s = mentionWeight(m, want) * (distance === 0 ? 2 : 0.5 ** distance);
      if (s > (best.get(e) ?? 0)) best.set(e, s);
      count.set(e, (count.get(e) ?? 0) + 1);
      if (m.sentence > (latest.get(e) ?? -1)) latest.set(e, m.sentence);
    }
    const winner = highestScore(best, count);
    if (winner === undefined || want === 'org') return winner;
    // Someone unnamed who became the subject after the winner was last mentioned is who the pronoun
    // means: a wrong name is worse than none.
    const last = latest.get(winner) ?? -1;
    const hidden = this.unnamed.some(
      (u) =>
        u.sentence > last &&
        (u.sentence < at.sentence || (u.sentence === at.sentence && u.token < at.token)) &&
        (want === 'person' || sameGender(u.gender, want)),
    );
    return hidden ? undefined : winner;
  }

  /** The person who is the subject of an article-wide sentence, if a named one is. */
  subjectOf(sentence: number): Entity | undefined {
    let found: Entity | undefined;
    for (const m of recent(this.mentions, sentence, 0)) {
      if (m.subject && m.entity.kind === 'person') found = m.entity;
    }
    return found;
  }

  /** The most recent entity with a role ("the minister", "the senator"), before a point. */
  byRole(head: string, at: { sentence: number }, former = false): Entity | undefined {
    const h = head.toLowerCase();
    // The most recent mention of an entity that fits, looking back at most a few hundred mentions;
    // "the governor" prefers a sitting one to a "former governor", and "the former governor" the reverse.
    const last = lastAtOrBefore(this.mentions, at.sentence);
    const named = (e: Entity) =>
      ORG_WORDS.has(h) && e.kind === 'org' && e.name.words.some((w) => w.toLowerCase() === h);
    const scan = (fits: (e: Entity) => boolean): Entity | undefined => {
      let fallback: Entity | undefined;
      for (let i = last; i >= 0 && i > last - 500; i--) {
        const e = this.mentions[i]?.entity;
        if (e === undefined || !fits(e)) continue;
        if (e.roles.has('former') === former) return e;
        fallback ??= e;
      }
      return fallback;
    };
    // "The union said" is the union the article names, before any "union president" it quotes.
    const fallback = scan(named) ?? scan((e) => e.roles.has(h));
    if (fallback !== undefined || !ORG_HEADS.has(h)) return fallback;
    // "the regulator", "the company": the organisation named most recently, a few sentences back at most.
    for (let i = last; i >= 0 && i > last - 60; i--) {
      const m = this.mentions[i];
      if (m === undefined || at.sentence - m.sentence > 12) break;
      if (m.entity.kind === 'org') return m.entity;
    }
    return undefined;
  }

  /**
   * Adds a subject mention for each definite role description that opens a sentence ("The governor
   * said …"), so that a "she said" after it finds the person the description stands for.
   */
  linkDescriptions(
    descriptions: readonly {
      head: string;
      former: boolean;
      sentence: number;
      paragraph: number;
      token: number;
    }[],
  ): void {
    const added: Mention[] = [];
    for (const d of descriptions) {
      const entity = this.byRole(d.head, { sentence: d.sentence - 1 }, d.former);
      if (entity === undefined || entity.kind === 'org' || entity.kind === 'place') continue;
      added.push({
        entity,
        sentence: d.sentence,
        paragraph: d.paragraph,
        token: d.token,
        subject: true,
        possessive: false,
        inPhrase: false,
        speaker: false,
      });
    }
    if (added.length === 0) return;
    this.mentions.push(...added);
    this.mentions.sort((a, b) => a.sentence - b.sentence || a.token - b.token);
  }
}

/** "The governor …", "The former senator …": a definite description opening a sentence, by its head. */
function openingDescription(
  tokens: readonly Token[],
  from: number,
  to: number,
): { head: string; former: boolean } | null {
  if (tokens[from]?.lower !== 'the') return null;
  let former = false;
  let head = '';
  for (let k = from + 1; k < to && k < from + 4; k++) {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'word' || NOT_A_HEAD.has(t.lower) || isPreposition(t.lower)) break;
    if (t.lower === 'former' || t.lower === 'ex') former = true;
    else if (t.low) head = t.lower;
    else if (!t.cap) break;
  }
  return head === '' ? null : { head, former };
}

/**
 * "One engineer, who asked not to be named, said …", "A neighbour said …": a sentence whose subject is
 * an indefinite person, with its gender when a word gives it. A document or an organisation does not count.
 */
function unnamedOpening(
  tokens: readonly Token[],
  from: number,
  to: number,
): { token: number; gender: Gender } | null {
  const first = tokens[from]?.lower;
  if (first !== 'a' && first !== 'an' && first !== 'one' && first !== 'another') return null;
  let k = from + 1;
  while (
    k < to &&
    k < from + 4 &&
    tokens[k]?.low &&
    !isPreposition(tokens[k]?.lower) &&
    !NOT_A_HEAD.has(tokens[k]?.lower ?? '')
  )
    k++;
  const head = tokens[k - 1];
  if (k === from + 1 || head === undefined || isDocument(head.lower) || ORG_HEADS.has(head.lower))
    return null;
  const next = tokens[k];
  const person =
    (next?.text === ',' && tokens[k + 1]?.lower === 'who') || (isSpeechVerb(next) && next?.low === true);
  if (!person) return null;
  return { token: from, gender: ROLE_GENDER.get(head.lower) ?? 'unknown' };
}

/** Index of the last mention at or before a sentence (mentions are in sentence order), or -1. */
function lastAtOrBefore(list: readonly Mention[], sentence: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.sentence ?? 0) <= sentence) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Mentions in the `span` sentences up to and including `sentence` (at most 300, the latest). */
function recent(list: readonly Mention[], sentence: number, span: number): Mention[] {
  const out: Mention[] = [];
  for (let i = lastAtOrBefore(list, sentence); i >= 0 && out.length < 300; i--) {
    const m = list[i];
    if (m === undefined || sentence - m.sentence > span) break;
    out.push(m);
  }
  return out;
}
