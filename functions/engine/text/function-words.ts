// Function words the quote and speaker rules read: prepositions, determiners, pronouns, auxiliaries, the
// words that open clauses or stand between a subject and its verb. One name per meaning: the two sets of
// determiners differ, and their names say how.

/** Prepositions: a capitalised word after one is in a phrase ("in Birmingham"), not a subject. */
export const PREPOSITIONS = new Set([
  'of',
  'in',
  'on',
  'at',
  'by',
  'for',
  'with',
  'from',
  'to',
  'into',
  'about',
  'against',
  'between',
  'among',
  'under',
  'over',
  'after',
  'before',
  'during',
  'since',
  'than',
  'like',
  'toward',
  'towards',
  'through',
  'via',
  'including',
  'near',
  'behind',
]);

export function isPreposition(word: string | undefined): boolean {
  // Prepositions are matched in lower case only: a capitalised "In" opens a sentence, not a phrase
  // inside a name, and callers pass the token's lower-case form where case does not matter.
  return word !== undefined && PREPOSITIONS.has(word);
}

/** Prepositions of place: a name seen only after them ("in Bewdley", "outside Anfield") is a place's. */
export const LOCATIVES = new Set([
  'in',
  'at',
  'near',
  'outside',
  'inside',
  'across',
  'around',
  'throughout',
  'within',
]);

/** Words that may stand before a sentence's subject without ending its first phrase: "And the minister said". */
export const CONNECTIVES = new Set(['and', 'but', 'so', 'then', 'also']);

/** Determiners that open a noun phrase: its head ("the minister") is still to come; role words stop at them. */
export const PHRASE_OPENING_DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'its',
  'their',
  'our',
  'one',
  'another',
  'this',
  'that',
]);

/** Determiners and quantifiers that open a description and are never its head: "two officials", "those". */
export const DESCRIPTION_DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'its',
  'their',
  'our',
  'my',
  'your',
  'one',
  'another',
  'two',
  'three',
  'several',
  'some',
  'many',
  'this',
  'that',
  'these',
  'those',
]);

/** Determiners that can open an inverted subject ("said one official"); not "said that…". */
export const INVERTED_SUBJECT_DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'one',
  'another',
  'his',
  'her',
  'their',
  'its',
  'two',
  'three',
  'several',
  'some',
  'many',
]);

/** Personal pronouns that may stand for a speaker: "he said", "they said". */
export const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you']);

/** Auxiliaries and relatives: a verb phrase or a clause, not a description, follows them. */
export const AUXILIARIES = new Set(
  'is are was were be been has have had will would can could should may might must do does did who which that'.split(
    ' ',
  ),
);

/** Heads that say nobody in particular: "anybody who complains". */
export const INDEFINITE = new Set([
  'anybody',
  'anyone',
  'somebody',
  'someone',
  'everybody',
  'everyone',
  'nobody',
  'none',
  'who',
  'whoever',
  'people',
  'others',
  'all',
  'both',
  'each',
  'that',
  'this',
  'which',
  'what',
]);

/** Articles and possessives before a noun for a person: "the toddler", "their child". */
export const ARTICLES_AND_POSSESSIVES = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'their',
  'its',
  'our',
  'my',
  'your',
]);

/** Words before a form that make it a noun: "the states", "his remarks", "news reports". */
export const NOUN_MAKERS = new Set([
  ...ARTICLES_AND_POSSESSIVES,
  'these',
  'those',
  'many',
  'some',
  'several',
  'numerous',
  'news',
  'media',
  'recent',
  'earlier',
  'public',
  'such',
  'of',
]);

/** Clause openers after which a comma-separated phrase is scenery, not the subject. */
export const INTRO_WORDS = new Set(
  (
    'in on at during after before since when while as speaking asked writing if although though because ' +
    'despite for from with without by earlier later meanwhile however yet but and so still then also ' +
    'according today yesterday last this following until unlike like'
  ).split(/\s+/),
);

/** Words skipped between a subject and its verb: "Smith also said", "Smith on Thursday said", "Smith himself said". */
export const SKIP_BEFORE_VERB = new Set(
  (
    'also later then has have had was is were are would will previously recently again once further repeatedly ' +
    'reportedly publicly privately simply flatly frequently often never always earlier just quickly angrily ' +
    'bluntly openly firmly finally initially subsequently separately similarly likewise immediately directly ' +
    'explicitly specifically sarcastically tersely jokingly emphatically clearly may might could should did does ' +
    'do not only even still already famously memorably proudly loudly quietly softly calmly curtly succinctly ' +
    'on last this next early late today yesterday tonight morning afternoon evening night week weekend month ' +
    'year monday tuesday wednesday thursday friday saturday sunday january february march april may june july ' +
    'august september october november december jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'released published issued himself herself themselves itself'
  ).split(/\s+/),
);

/** Nouns ending in -ly that are not adverbs. */
export const LY_NOUNS = new Set([
  'family',
  'ally',
  'assembly',
  'rally',
  'supply',
  'italy',
  'daily',
  'monopoly',
  'bully',
  'july',
]);

/** Verbs and relatives that do not stand between a quotation and its attribution. */
export const NOT_IN_ATTRIBUTION = new Set(
  (
    'is are was were be been being has have had will would can could should may might must to who which that ' +
    'do does did after before when while because but although though since if unless whereas'
  ).split(' '),
);

/** Conjunctions that open a new clause: a verb of saying after one of them is not this quotation's attribution. */
export const CLAUSE_CONJUNCTIONS = new Set([
  'but',
  'and',
  'while',
  'whereas',
  'although',
  'though',
  'because',
  'yet',
  'so',
  'as',
  'when',
  'after',
  'before',
  'since',
  'if',
  'unless',
]);

/** Words before a work noun that make it a verb: "to play", "they show", "will report". */
export const VERB_MAKERS = new Set(
  'to i you we they he she it will would can could should must may might not never also'.split(' '),
);

/** Words a title leaves in lower case ("The Lord of the Rings"). */
export const MINOR_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'and',
  'or',
  'but',
  'with',
  'by',
  'from',
  'as',
  'is',
  'vs',
  'nor',
  'de',
]);

/** Words that open a clause's subject: after "So" or "Instead" they show the word is a connective, not "So far". */
export const SUBJECT_OPENERS = new Set(
  (
    'the a an i we you he she it they this that these those there his her its their our my your what why how ' +
    'when if now many most some one two all'
  ).split(' '),
);

/** Words that lean on the sentence before as they open one, beyond the droppable connectives. */
export const LEANING_WORDS = new Set(
  'he she they it this these those his her their its him them that although though otherwise yet so however instead besides'.split(
    ' ',
  ),
);

/**
 * A sentence in the first person outside quotation marks is someone's speech whose marks the page lost ("I
 * know I feel very powerful in this car"): it leans on who is speaking. Inside the marks it is the speaker's.
 */
export const FIRST_PERSON = new Set(['i', 'we', 'my', 'our', 'us', 'me']);

/** Pronouns of a person: at a key point's opening, shown as the name they stand for when it is known. */
export const PERSON_PRONOUNS = new Set<string>(['he', 'she', 'his', 'her', 'him']);
