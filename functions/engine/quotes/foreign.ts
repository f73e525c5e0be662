// Attribution in French, German and Spanish news: who said each quotation, read from the forms those papers
// use ("…», a déclaré Laurent Fabius", "«…», a-t-il ajouté", "„…“, sagte die Ministerin", "„…“, so Müller",
// "«…», dijo Ortega", "Según Ferrer, «…»", "X a déclaré : « … »"), with the people the article names found
// by their first names or their place in an attribution, and pronouns and descriptions ("le ministre", "die
// Ministerin", "la consejera") resolved to the person last named who fits. A name or nothing: a function
// word, an organisation or a place is never a speaker.
import type { ForeignLexicon } from '../text/foreign-speech.js';
import { firstNameGender } from './names.js';
import type { Sentence, Token } from './tokens.js';

type Gender = 'male' | 'female' | 'unknown';

/** A person the article names. */
interface Person {
  readonly words: readonly string[];
  readonly surname: string;
  gender: Gender;
  readonly roles: Set<string>;
}

interface Mention {
  readonly person: Person;
  readonly paragraph: number;
  readonly token: number;
}

/** One paragraph as attribution reads it. */
export interface ForeignParagraph {
  readonly index: number;
  readonly tokens: readonly Token[];
  readonly sentences: readonly Sentence[];
}

/** A quotation to attribute: where its quote token stands, and whether it is a fragment. */
export interface ForeignQuote {
  readonly paragraph: ForeignParagraph;
  readonly token: number;
  readonly partial: boolean;
  /** The speaker named inside the quotation ("«… —dice Vicent Martí—, …»"), already read. */
  readonly inside?: readonly string[];
}

/** What the writer's words say about the speaker. */
type Source =
  | { readonly kind: 'person'; readonly person: Person }
  | { readonly kind: 'pronoun'; readonly gender: Gender }
  | {
      readonly kind: 'description';
      readonly head: string;
      readonly gender: Gender;
      /** "un comprador", "eine Sprecherin": someone unnamed. */
      readonly indefinite: boolean;
    };

/** Someone the words point to without naming: kept as a person without a name. */
const unnamed: Source = { kind: 'description', head: '', gender: 'unknown', indefinite: true };

/** Letters without their accents, lower case: "Étienne" → "etienne", for the first-name table. */
function plain(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The gender a first name gives, accents and a second part ("Jean-Marc") aside. */
function firstNameOf(word: string): Gender {
  const first = plain(word).split('-')[0] ?? '';
  const g = firstNameGender(first);
  return g === 'male' || g === 'female' ? g : 'unknown';
}

/** "l'entraîneur" → "entraîneur", "d'Yanis" → "Yanis": the word after an elided article or preposition. */
function unelided(text: string): string {
  const m = /^[dlDL]['’](.+)$/u.exec(text);
  return m?.[1] ?? text;
}

function isCapital(text: string): boolean {
  const c = text[0] ?? '';
  return c !== c.toLowerCase();
}

function lowerOf(t: Token | undefined): string {
  return t === undefined ? '' : t.lower;
}

function isPunct(t: Token | undefined, chars: string): boolean {
  return t !== undefined && t.kind === 'punct' && chars.includes(t.text);
}

/**
 * Where a run stands: right after an inverted verb, as a clause's subject before a verb, after a preposition
 * ("à l'EPF de Zurich": only a first name we know makes it a person there), or elsewhere.
 */
type Subject = 'after' | 'before' | 'object' | 'none';

/** A capitalised run of words: the person it names, with the roles written before it, or null. */
interface Run {
  readonly from: number;
  readonly to: number;
  /** The run's words, elided articles and titles taken off. */
  readonly words: readonly string[];
}

export class ForeignReader {
  private readonly persons: Person[] = [];
  private readonly mentions: Mention[] = [];
  /** Sentences whose subject is a description ("El comandante de la disidencia …"), by where they open. */
  private readonly described: {
    readonly paragraph: number;
    readonly token: number;
    readonly head: string;
  }[] = [];

  constructor(
    private readonly lex: ForeignLexicon,
    paragraphs: readonly ForeignParagraph[],
  ) {
    for (const p of paragraphs) {
      for (const s of p.sentences) this.collect(p, s);
    }
  }

  /** The speaker of each quotation, as the words of a name, or null. */
  attribute(quotes: readonly ForeignQuote[]): (readonly string[] | null)[] {
    const out: (readonly string[] | null)[] = [];
    quotes.forEach((q, i) => {
      const prev = quotes[i - 1];
      const found = this.speakerOf(q);
      // “A.” “B,” dijo X — a quotation without words of its own goes on from the one before in its paragraph.
      const inherited = prev !== undefined && prev.paragraph === q.paragraph ? (out[i - 1] ?? null) : null;
      out.push(found === undefined ? inherited : found);
    });
    return out;
  }

  /** The speaker, null when the words name nobody we can tell, undefined when they say nothing. */
  private speakerOf(q: ForeignQuote): readonly string[] | null | undefined {
    if (q.inside !== undefined) return this.resolveName(q.inside, q);
    const source =
      this.sourceAfter(q) ?? this.sourceBefore(q) ?? this.sourceOfColon(q) ?? this.sourceOfNextSentence(q);
    if (source === null) return undefined;
    const person = this.resolve(source, q);
    return person === null || person.words.length === 0 ? null : person.words;
  }

  // ---- People ----

  /** Every capitalised run of a sentence that names a person, as a mention. */
  private collect(p: ForeignParagraph, s: Sentence): void {
    const opening = this.descriptionAt(p.tokens, s.from, s);
    if (opening?.kind === 'description' && this.isRole(opening.head)) {
      this.described.push({ paragraph: p.index, token: s.from, head: opening.head });
    }
    let k = s.from;
    while (k < s.to) {
      const run = this.runAt(p.tokens, k, s);
      if (run === null) {
        k++;
        continue;
      }
      const place = this.afterPreposition(p.tokens, k) ? 'object' : 'none';
      const person =
        (place === 'object' ? this.personAfterPlace(p.tokens, run, s) : null) ??
        this.personOf(p.tokens, run, s, place);
      if (person !== null) this.mentions.push({ person, paragraph: p.index, token: run.from });
      k = run.to;
    }
  }

  /** The capitalised run starting at k (particles and initials' stops inside), or null. */
  private runAt(tokens: readonly Token[], k: number, s: Sentence): Run | null {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'word') return null;
    const first = unelided(t.text);
    if (!isCapital(first)) return null;
    const words: string[] = [first];
    let to = k + 1;
    while (to < s.to) {
      const u = tokens[to];
      if (u === undefined) break;
      if (u.kind === 'word' && isCapital(u.text)) {
        words.push(u.text);
        to++;
      } else if (
        u.kind === 'word' &&
        this.lex.particles.has(u.lower) &&
        isCapital(tokens[to + 1]?.text ?? '')
      ) {
        words.push(u.text);
        to++;
      } else if (
        u.text === '.' &&
        this.shortOrTitle(words[words.length - 1] ?? '') &&
        tokens[to + 1]?.cap === true
      ) {
        to++; // M. Castelnau, Dr. Weber, Prof. Santer
      } else break;
    }
    return { from: k, to, words };
  }

  /** An initial or a short abbreviation ("M", "Dr"), or a title ("Prof"): a full stop after it is inside a name. */
  private shortOrTitle(word: string): boolean {
    const w = word.toLowerCase();
    return word.length <= 3 || this.lex.titles.has(w) || this.lex.titles.has(`${w}.`);
  }

  /** Whether the words a run lost at its front hold a title ("Prof. Ulrike Santer"). */
  private titled(run: Run, kept: number): boolean {
    return run.words
      .slice(0, run.words.length - kept)
      .some((w) => this.lex.titles.has(w.toLowerCase()) || this.lex.titles.has(`${w.toLowerCase()}.`));
  }

  /**
   * The person a run names: from its first known first name on ("Gewerkschaftschef Klaus Wendler" → Klaus
   * Wendler), or a person named before by this surname, or, when `subject` (the run is an attribution's
   * subject), any two or three words that are not an organisation.
   */
  private personOf(tokens: readonly Token[], run: Run, s: Sentence, subject: Subject): Person | null {
    const words = this.withoutLeading(run.words);
    if (words.length === 0) return null;
    if (words.some((w) => this.lex.orgWords.has(w.toLowerCase()))) {
      const known = this.known(words);
      return known ?? null;
    }
    // A first name right after a particle inside a run belongs to a place or a body's name ("Comunidad de
    // Regantes de la Vega de Almedina"), not to a person whose name starts there.
    const at = words.findIndex(
      (w, i) =>
        firstNameOf(w) !== 'unknown' &&
        (i === 0 || !this.lex.particles.has((words[i - 1] ?? '').toLowerCase())),
    );
    if (at >= 0 && words.length - at >= 2) {
      return this.person(words.slice(at), firstNameOf(words[at] ?? ''), this.rolesBefore(tokens, run, s, at));
    }
    const known = this.known(words);
    if (known !== null) return known;
    const afterRole = this.afterRoleNoun(words);
    if (afterRole !== null) return this.person(afterRole, 'unknown', [(words[0] ?? '').toLowerCase()]);
    // In German every noun has a capital: a name there needs a first name we know, an earlier mention, or a
    // title before it ("Prof. Ulrike Santer").
    if (subject === 'object') return null;
    if (this.titled(run, words.length) && words.length >= 2 && words.length <= 3) {
      return this.person(words, 'unknown', this.rolesBefore(tokens, run, s, 0));
    }
    if (this.lex.capitalisedNouns) {
      // "Der Präsident des Gewerbeverbands, Urs Hänggi, befürchtet …": two words set off after a role.
      const apposed = words.length >= 2 && words.length <= 3 && words.length === run.words.length;
      return apposed && this.apposedToRole(tokens, run, s)
        ? this.person(words, 'unknown', this.rolesBefore(tokens, run, s, 0))
        : null;
    }
    // A run that opens its sentence is a name only when nothing was taken off its front ("Le Stade …").
    const opensSentence = run.from === s.from && words.length < run.words.length;
    const plausible = words.length >= 2 && words.length <= 3 && !opensSentence;
    // "«…», dijo Ortega": right after the verb, even a single unknown word is the subject.
    const alone = words.length === 1 && subject === 'after';
    if ((plausible && (subject !== 'none' || !opensSentence)) || alone) {
      return this.person(words, 'unknown', this.rolesBefore(tokens, run, s, 0));
    }
    return null;
  }

  /** Whether a run stands between commas right after a description of a role ("Die Leiterin der Schule, X,"). */
  private apposedToRole(tokens: readonly Token[], run: Run, s: Sentence): boolean {
    if (!isPunct(tokens[run.from - 1], ',') || !isPunct(tokens[run.to], ',')) return false;
    for (let k = run.from - 2; k >= s.from && k >= run.from - 10; k--) {
      const t = tokens[k];
      if (t === undefined || t.kind !== 'word') return false;
      if (this.lex.determiners.has(t.lower) && this.isRole(lowerOf(tokens[k + 1]))) return true;
    }
    return false;
  }

  /** A description's head that may stand for a person: a common noun, in German one with a role's ending. */
  private isRole(head: string): boolean {
    return this.lex.capitalisedNouns
      ? this.lex.roleEndings.some((e) => head.endsWith(e))
      : /^\p{Ll}+$/u.test(head);
  }

  /** The two names after a German role noun ("Landwirtschaftsminister Cem Öztürk"), or null. */
  private afterRoleNoun(words: readonly string[]): readonly string[] | null {
    const role = (words[0] ?? '').toLowerCase();
    if (!this.lex.roleEndings.some((e) => role.endsWith(e))) return null;
    // "Landrat Dr. Henning Wolters": a title between the role and the name is not part of the name.
    const rest = this.withoutLeading(words.slice(1));
    if (rest.length !== 2) return null;
    return rest.some((w) => this.lex.orgWords.has(w.toLowerCase()) || !isCapital(w)) ? null : rest;
  }

  /** Drops function words and titles from the front of a run ("Le ministre", "M. Castelnau", "Die Stadt"). */
  private withoutLeading(words: readonly string[]): string[] {
    let i = 0;
    while (i < words.length) {
      const w = (words[i] ?? '').toLowerCase();
      if (this.lex.functionWords.has(w) || this.lex.titles.has(w) || this.lex.titles.has(`${w}.`)) i++;
      else break;
    }
    return words.slice(i);
  }

  /** A person already named whose surname (or whole name) these words are. */
  private known(words: readonly string[]): Person | null {
    const last = plain(words[words.length - 1] ?? '');
    for (let i = this.persons.length - 1; i >= 0; i--) {
      const p = this.persons[i];
      if (p === undefined) continue;
      if (words.length <= 2 && plain(p.surname) === last) return p;
    }
    return null;
  }

  /** The person with these words, made once and then found again. */
  private person(words: readonly string[], gender: Gender, roles: readonly string[]): Person {
    const key = words.map(plain).join(' ');
    let p = this.persons.find((x) => x.words.map(plain).join(' ') === key);
    if (p === undefined) {
      p = { words, surname: words[words.length - 1] ?? '', gender, roles: new Set() };
      this.persons.push(p);
    }
    for (const r of roles) {
      p.roles.add(r);
      if (p.gender === 'unknown') p.gender = roleGender(r, this.lex);
    }
    return p;
  }

  /**
   * Words that describe the person, written before the name: the run's own leading nouns (German
   * "Bauministerin Claudia Weidner"), the words back to a determiner ("le député libéral Frédéric
   * Bellerose"), or a description in apposition ("La ministre sénégalaise, Aminata Diallo,").
   */
  private rolesBefore(tokens: readonly Token[], run: Run, s: Sentence, at: number): string[] {
    const roles = this.withoutLeading(run.words.slice(0, at)).map((w) => w.toLowerCase());
    let k = run.from - 1;
    // A description in apposition may hold a phrase ("Le ministre des Affaires étrangères, X,"); words right
    // before the name stop at one ("Pour le chercheur X", not "… le chef de la diplomatie X").
    const apposed = isPunct(tokens[k], ',');
    if (apposed) k--;
    for (; k >= s.from && k >= run.from - 8; k--) {
      const t = tokens[k];
      if (t === undefined || t.kind !== 'word') break;
      const w = unelided(t.lower);
      if (this.lex.prepositions.has(t.lower) && !apposed) break;
      // "l'adjointe à la culture, X,": a determiner after a preposition is inside the phrase, not its start.
      const inPhrase = apposed && this.lex.prepositions.has(lowerOf(tokens[k - 1]));
      if ((this.lex.determiners.has(t.lower) || t.lower !== w) && !inPhrase) {
        roles.push(`${t.lower}|det`, w);
        break;
      }
      roles.push(w);
    }
    // And after it: "Matthias Kuster, glaciologue à l'EPF", "Marco Frei, Vater von zwei Kindern".
    if (isPunct(tokens[run.to], ',')) {
      let j = run.to + 1;
      if (this.lex.determiners.has(lowerOf(tokens[j]))) j++;
      const noun = tokens[j];
      if (noun?.kind === 'word' && !this.lex.functionWords.has(noun.lower)) roles.push(unelided(noun.lower));
    }
    return roles;
  }

  // ---- What the writer says ----

  /** "«…», a déclaré X" / "«…», a-t-il ajouté" / "„…“, sagte die Ministerin" / "„…“, so X" / "«…», dijo X". */
  private sourceAfter(q: ForeignQuote): Source | null {
    const { tokens } = q.paragraph;
    const s = sentenceOf(q.paragraph, q.token);
    let j = q.token + 1;
    if (isPunct(tokens[j], ',—–-')) j++;
    const t = tokens[j];
    if (t === undefined || j >= s.to || t.kind !== 'word') return null;
    const inverted = /^(.+?)-(?:t-)?(il|elle|ils|elles|on)$/u.exec(t.lower);
    if (inverted?.[2] !== undefined) {
      return { kind: 'pronoun', gender: inverted[2].startsWith('e') ? 'female' : 'male' };
    }
    const verbEnd = this.verbAt(tokens, j, s);
    if (verbEnd === null) return null;
    const subject = this.subjectAfter(tokens, verbEnd, s);
    if (subject !== null) return subject;
    // A capitalised word after the verb that names no one we can tell ("teilte Eisenwerk mit") is someone
    // else, not the person named before; only a verb with no subject written (", aseguró.") goes back.
    const next = tokens[verbEnd];
    const named =
      verbEnd < s.to && next?.kind === 'word' && next.cap && !this.lex.functionWords.has(next.lower);
    return named ? unnamed : { kind: 'pronoun', gender: 'unknown' };
  }

  /**
   * The end of a verb of saying standing at j, reflexive and auxiliary included ("a déclaré", "s'est
   * félicité", "se quejaba", "ha dicho", "sagte"), or of German "so" after a quotation; null when none does.
   */
  private verbAt(tokens: readonly Token[], j: number, s: Sentence): number | null {
    let k = j;
    // "lui a répondu X", "le dijo X": an object pronoun before the auxiliary or the verb.
    if (this.lex.clitics.has(lowerOf(tokens[k]))) k++;
    const w = lowerOf(tokens[k]);
    if (this.lex.reflexives.has(w) || /^s['’]/u.test(w)) {
      if (/^s['’]/u.test(w) && this.lex.verbs.has(w.slice(2))) return k + 1;
      k++;
    }
    if (this.lex.auxiliaries.has(lowerOf(tokens[k])) || /^s['’](?:est|était)$/u.test(lowerOf(tokens[k]))) k++;
    const v = lowerOf(tokens[k]);
    if (k < s.to && (this.lex.verbs.has(v) || (k === j && v === 'so' && this.lex.according.has('so')))) {
      return k + 1;
    }
    return null;
  }

  /**
   * The subject after an inverted verb: a pronoun, a person (past adverbs and a phrase such as "de son
   * côté", "à la sortie de la salle"), or a description, with a name in apposition preferred
   * ("a lancé le bourgmestre, Willy Dethier,").
   */
  private subjectAfter(tokens: readonly Token[], from: number, s: Sentence): Source | null {
    const first = lowerOf(tokens[from]);
    const pronoun = this.lex.pronouns.get(first);
    if (pronoun !== undefined) return { kind: 'pronoun', gender: pronoun };
    let description: Source | null = null;
    let describedUpTo = -1;
    let commas = 0;
    // Inside a phrase that completes the description ("un comprador de la calle Quinta"): a name there is
    // a street, a firm or a place unless a first name or an earlier mention makes it a person.
    let complement = false;
    for (let k = from; k < s.to && k < from + 16; k++) {
      const t = tokens[k];
      if (t === undefined || t.kind === 'quote' || isPunct(t, '.;:!?—–')) break;
      if (isPunct(t, ',')) {
        if (++commas > 1 || description === null) break;
        complement = false;
        continue;
      }
      const run = this.runAt(tokens, k, s);
      if (run !== null) {
        const person =
          this.personInSubject(tokens, run, s, describedUpTo, complement) ??
          (k === from ? this.bareGermanSubject(tokens, run, s) : null);
        if (person !== null) return { kind: 'person', person };
        k = run.to - 1;
        continue;
      }
      if (description !== null && commas === 0 && k >= describedUpTo && this.lex.prepositions.has(t.lower)) {
        complement = true;
      }
      if (description === null && commas === 0) {
        description = this.descriptionAt(tokens, k, s);
        if (description !== null) describedUpTo = k + 2;
      }
    }
    return description;
  }

  /** The person a capitalised run in an inverted subject names, or null. */
  private personInSubject(
    tokens: readonly Token[],
    run: Run,
    s: Sentence,
    describedUpTo: number,
    complement: boolean,
  ): Person | null {
    // A name after a preposition is an object or a place ("à Marseille", "de la Organización …"); a
    // capitalised noun after a determiner is the description's head ("a déclaré le Slovène").
    const headNoun = run.from === describedUpTo - 1 && run.words.length === 1;
    if (this.afterPreposition(tokens, run.from) && !this.afterSourceWord(tokens, run.from)) {
      return this.personAfterPlace(tokens, run, s);
    }
    const person = headNoun ? null : this.personOf(tokens, run, s, complement ? 'object' : 'after');
    if (person !== null) return person;
    // "sagte der Rentner Horst Lehmann": a name right after the description's noun is who it describes.
    const named = this.namedAfterNoun(run, describedUpTo);
    return named === null ? null : this.person(named, 'unknown', []);
  }

  /**
   * German: capitalised words right after the verb, with no article before them, are the subject's name
   * even when its first name is one we do not know: "sagt Hänggi" (named before), "sagte Urs Hänggi", "entgegnete
   * Kassenprüfer Ottmar Zehetner" (a common noun there needs an article: "sagte der Kassenprüfer").
   */
  private bareGermanSubject(tokens: readonly Token[], run: Run, s: Sentence): Person | null {
    if (!this.lex.capitalisedNouns) return null;
    const words = this.withoutLeading(run.words);
    if (words.length === 0 || words.length > 3 || words.length < run.words.length - 1) return null;
    const lower = words.map((w) => w.toLowerCase());
    if (lower.some((w) => this.lex.orgWords.has(w) || this.lex.functionWords.has(w))) return null;
    const isRole = (w: string) => this.lex.roleEndings.some((e) => w.endsWith(e));
    // "Finanzminister Lindner", "Kassenprüfer Ottmar Zehetner": the first of several words is a role.
    const role = words.length === 3 || (words.length === 2 && isRole(lower[0] ?? ''));
    const name = role ? words.slice(1) : words;
    if (name.length === 1 && isRole(lower[lower.length - 1] ?? '')) return null;
    const known = this.known(name);
    if (known !== null) return known;
    // One word alone is a person only when named before: "teilte Volkswagen mit", "berichtete Reuters".
    if (name.length === 1 && !role) return null;
    return this.person(name, 'unknown', role ? [lower[0] ?? ''] : this.rolesBefore(tokens, run, s, 0));
  }

  /**
   * The subject written after a place or time that runs into it: "a déclaré à Lyon Claire Montaubert",
   * "explicó en Neiva la Dra. Catalina Restrepo", "sagte in Hohenbrück Landrat Dr. Henning Wolters". The
   * preposition governs the run's first words; the person starts inside it where a title or a German role
   * noun marks the start, or a known first name after a word that is not one ("de la Vega de Almedina" is no
   * one; "a María José García" is María José, whom the preposition governs).
   */
  private personAfterPlace(tokens: readonly Token[], run: Run, s: Sentence): Person | null {
    const at = wordTokens(tokens, run);
    // Many places are first names in the table ("Lyon", "Paris"): a place we know is not one.
    const given = (w: string) => firstNameOf(w) !== 'unknown' && !this.lex.orgWords.has(w.toLowerCase());
    for (let i = 1; i < run.words.length - 1; i++) {
      const w = run.words[i] ?? '';
      const lower = w.toLowerCase();
      const marked =
        this.lex.titles.has(lower) ||
        this.lex.titles.has(`${lower}.`) ||
        (this.lex.capitalisedNouns && this.lex.roleEndings.some((e) => lower.endsWith(e)));
      const named = given(w) && !run.words.slice(0, i).every(given);
      const from = at[i];
      if (!(marked || named) || from === undefined) continue;
      // Two words at least: a title alone before one word may be a building's name ("Hôpital Dr Roux").
      const person = this.personOf(tokens, { from, to: run.to, words: run.words.slice(i) }, s, 'before');
      if (person !== null) return person;
    }
    return null;
  }

  /**
   * The words of a two- or three-word name that follows a description's noun right away ("le préfet
   * Olivier Brunet"; in German the noun opens the capitalised run: "der Rentner Horst Lehmann").
   */
  private namedAfterNoun(run: Run, describedUpTo: number): readonly string[] | null {
    let words = run.words;
    // German: the noun (or, after an adjective, the noun that follows it) opens the run.
    if (this.lex.capitalisedNouns && (run.from === describedUpTo - 1 || run.from === describedUpTo)) {
      words = words.slice(1);
    } else if (run.from !== describedUpTo) return null;
    const org = words.some((w) => this.lex.orgWords.has(w.toLowerCase()) || !isCapital(w));
    return words.length >= 2 && words.length <= 3 && !org ? words : null;
  }

  /** A determiner and its noun ("le ministre", "die Ministerin", "el técnico chileno"), as a description. */
  private descriptionAt(tokens: readonly Token[], k: number, s: Sentence): Source | null {
    const t = tokens[k];
    if (t === undefined || t.kind !== 'word') return null;
    const elided = unelided(t.lower);
    const det = this.lex.determiners.get(t.lower);
    if (det === undefined && elided === t.lower) return null;
    if (this.afterPreposition(tokens, k)) return null;
    const headToken = elided !== t.lower ? t : tokens[k + 1];
    if (headToken === undefined || headToken.kind !== 'word' || k + 1 > s.to) return null;
    const head = unelided(headToken.lower);
    if (this.lex.functionWords.has(head)) return null;
    return {
      kind: 'description',
      head,
      gender: det ?? roleGender(head, this.lex),
      indefinite: this.lex.indefinites.has(t.lower),
    };
  }

  /** "Según X", "Para el Dr. X": the words after them name the source, not a place. */
  private afterSourceWord(tokens: readonly Token[], k: number): boolean {
    const source = (w: string) => this.lex.according.has(w) || this.lex.viewpoints.has(w);
    const prev = lowerOf(tokens[k - 1]);
    return source(prev) || (this.lex.determiners.has(prev) && source(lowerOf(tokens[k - 2])));
  }

  private afterPreposition(tokens: readonly Token[], k: number): boolean {
    const prev = lowerOf(tokens[k - 1]);
    const prev2 = lowerOf(tokens[k - 2]);
    return (
      this.lex.prepositions.has(prev) || (this.lex.determiners.has(prev) && this.lex.prepositions.has(prev2))
    );
  }

  /** "Selon X, «…»" / "X a déclaré : « … »" / "Rubio dijo: «…»" / "X sagte: „…“", in the quotation's sentence. */
  private sourceBefore(q: ForeignQuote): Source | null {
    const { tokens } = q.paragraph;
    const s = sentenceOf(q.paragraph, q.token);
    for (let j = q.token - 1; j >= s.from; j--) {
      const t = tokens[j];
      if (t === undefined || t.kind === 'quote') break;
      if (this.lex.according.has(t.lower) && t.lower !== 'so') {
        const after = this.subjectAfter(tokens, j + 1, s);
        if (after !== null) return after;
      }
      if (j === s.from && this.lex.viewpoints.has(t.lower) && isPunct(tokens[q.token - 1], ',')) {
        // "Pour X, « … »": a person or a pronoun; "Para el Gobierno, …" or "Pour la première fois, …" is no one.
        const after = this.subjectAfter(tokens, j + 1, s);
        if (after !== null && after.kind !== 'description') return after;
      }
      if (this.verbAt(tokens, j, s) === null || lowerOf(t) === 'so') continue;
      return this.subjectBefore(tokens, j, s);
    }
    // A fragment in a sentence of the writer's, or a quotation after a colon: the sentence's subject.
    if (q.partial || isPunct(tokens[q.token - 1], ':')) return this.subjectBefore(tokens, q.token, s);
    return null;
  }

  /** The subject before a verb at v: the nearest pronoun or person of the clause, else its first person. */
  private subjectBefore(tokens: readonly Token[], v: number, s: Sentence): Source | null {
    let k = v - 1;
    while (
      k >= s.from &&
      (this.lex.auxiliaries.has(lowerOf(tokens[k])) || this.lex.reflexives.has(lowerOf(tokens[k])))
    )
      k--;
    const pronoun = this.lex.pronouns.get(lowerOf(tokens[k]));
    if (pronoun !== undefined) return { kind: 'pronoun', gender: pronoun };
    for (let i = s.from; i < v; i++) {
      const run = this.runAt(tokens, i, s);
      if (run === null) continue;
      if (!this.afterPreposition(tokens, i)) {
        const opens = i === s.from || isPunct(tokens[i - 1], ',');
        const person = this.personOf(tokens, run, s, opens ? 'before' : 'none');
        if (person !== null) return { kind: 'person', person };
      }
      i = run.to - 1;
    }
    const lead = this.lex.pronouns.get(lowerOf(tokens[s.from]));
    if (lead !== undefined) return { kind: 'pronoun', gender: lead };
    return this.descriptionAt(tokens, s.from, s);
  }

  /** The sentence before ends with a colon: "Francine Collard tient une boulangerie depuis 1998 :". */
  private sourceOfColon(q: ForeignQuote): Source | null {
    const { tokens, sentences } = q.paragraph;
    const si = tokens[q.token]?.sentence ?? 0;
    const prev = sentences[si - 1];
    const s = sentenceOf(q.paragraph, q.token);
    if (prev === undefined || s.from !== q.token || !isPunct(tokens[prev.to - 1], ':')) return null;
    return this.subjectBefore(tokens, prev.to - 1, prev);
  }

  /**
   * A quotation standing alone as a sentence, and the next sentence tells whose words they were: "« On
   * tiendra. » Deux mots, lâchés par X", "«…» Palabras de X, que …", "«…» Cinco palabras que X repite",
   * "«…» Diesen Satz wiederholte X". The sayer follows "de", "par", "que" or a verb of saying.
   */
  private sourceOfNextSentence(q: ForeignQuote): Source | null {
    const { tokens, sentences } = q.paragraph;
    const s = sentenceOf(q.paragraph, q.token);
    const next = sentences[(tokens[q.token]?.sentence ?? 0) + 1];
    if (next === undefined) return null;
    for (let k = s.from; k < s.to; k++) if (k !== q.token && tokens[k]?.kind !== 'punct') return null;
    let noun = -1;
    for (let k = next.from; k < next.to && k < next.from + 3; k++) {
      if (this.lex.wordNouns.has(lowerOf(tokens[k]))) noun = k;
    }
    if (noun < 0) return null;
    for (let k = noun + 1; k < next.to && k < noun + 8; k++) {
      const run = this.runAt(tokens, k, next);
      if (run === null) continue;
      const before = lowerOf(tokens[k - 1]);
      if (this.lex.agentMarkers.has(before) || this.lex.verbs.has(before)) {
        const person = this.personOf(tokens, run, next, 'before');
        if (person !== null) return { kind: 'person', person };
      }
      k = run.to - 1;
    }
    return null;
  }

  // ---- Who it is ----

  private resolve(source: Source, q: ForeignQuote): Person | null {
    if (source.kind === 'person') {
      this.mentions.push({ person: source.person, paragraph: q.paragraph.index, token: attributionEnd(q) });
      return source.person;
    }
    // Someone unnamed speaks: a person without words, so that "añade" and "la madre" after it stay unnamed
    // rather than going to whoever was named before.
    const found =
      source.kind === 'description' && source.indefinite
        ? { words: [], surname: '', gender: source.gender, roles: new Set([source.head]) }
        : this.recent(q, source.gender, source.kind === 'description' ? source.head : null);
    if (found !== null)
      this.mentions.push({ person: found, paragraph: q.paragraph.index, token: attributionEnd(q) });
    return found;
  }

  private resolveName(words: readonly string[], q: ForeignQuote): readonly string[] | null {
    const person = this.known(words) ?? this.person(words, 'unknown', []);
    this.mentions.push({ person, paragraph: q.paragraph.index, token: q.token });
    return person.words;
  }

  /**
   * The person last mentioned before the quotation who fits a gender, and a description's head when one
   * of them has that role ("die Ministerin" → Bauministerin Claudia Weidner).
   */
  private recent(q: ForeignQuote, gender: Gender, head: string | null): Person | null {
    const before = this.mentions.filter(
      (m) => m.paragraph < q.paragraph.index || (m.paragraph === q.paragraph.index && m.token < q.token),
    );
    before.sort((a, b) => a.paragraph - b.paragraph || a.token - b.token);
    const fits = (p: Person) => gender === 'unknown' || p.gender === 'unknown' || p.gender === gender;
    if (head !== null) {
      for (let i = before.length - 1; i >= 0 && i >= before.length - 12; i--) {
        const p = before[i]?.person;
        if (p !== undefined && fits(p) && [...p.roles].some((r) => sameRole(r, head))) return p;
      }
    }
    for (let i = before.length - 1; i >= 0; i--) {
      const m = before[i];
      if (m === undefined) continue;
      if (q.paragraph.index - m.paragraph > 2) break;
      if (fits(m.person)) return this.describedSince(m, q) ? null : m.person;
    }
    return null;
  }

  /**
   * Whether a sentence opened by a description of someone else stands between a mention and the quotation:
   * "El comandante de la disidencia pidió … «…», dijo" is not the person named before.
   */
  private describedSince(m: Mention, q: ForeignQuote): boolean {
    const after = (a: { paragraph: number; token: number }, b: { paragraph: number; token: number }) =>
      a.paragraph > b.paragraph || (a.paragraph === b.paragraph && a.token > b.token);
    const at = { paragraph: q.paragraph.index, token: q.token };
    return this.described.some(
      (d) => after(d, m) && !after(d, at) && ![...m.person.roles].some((r) => sameRole(r, d.head)),
    );
  }
}

/** Two role words name the same role: equal, or one inside the other's compound (Bauministerin, Ministerin). */
function sameRole(role: string, head: string): boolean {
  const a = plain(role);
  const b = plain(head);
  return a.length >= 4 && b.length >= 4 && (a === b || a.endsWith(b) || b.endsWith(a));
}

/** The gender a role word or its determiner gives ("la|det", "Bürgermeisterin"). */
function roleGender(role: string, lex: ForeignLexicon): Gender {
  const [word, mark] = role.split('|');
  if (mark === 'det') return lex.determiners.get(word ?? '') ?? 'unknown';
  if (lex.capitalisedNouns && /[a-zäöü]{3,}in$/u.test(role)) return 'female';
  return 'unknown';
}

/**
 * Where the speaker of a quotation stands as a mention: at the end of the attribution, after the names of
 * its appositive ("dijo Antonio Carmona, presidente de la Comunidad de Regantes de la Vega, tras …"), so that
 * the next "añadió" goes to the speaker; before a next quotation in the same sentence, which may need it.
 */
function attributionEnd(q: ForeignQuote): number {
  const { tokens } = q.paragraph;
  const s = sentenceOf(q.paragraph, q.token);
  for (let k = q.token + 1; k < s.to; k++) if (tokens[k]?.kind === 'quote') return k - 0.5;
  return Math.max(q.token, s.to - 0.5);
}

/** The token index of each of a run's words (the stops of initials and titles are tokens of their own). */
function wordTokens(tokens: readonly Token[], run: Run): number[] {
  const at: number[] = [];
  for (let k = run.from; k < run.to; k++) if (tokens[k]?.kind === 'word') at.push(k);
  return at;
}

function sentenceOf(p: ForeignParagraph, k: number): Sentence {
  const si = p.tokens[k]?.sentence ?? 0;
  return p.sentences[si] ?? { from: 0, to: p.tokens.length };
}
