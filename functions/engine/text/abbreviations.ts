// Abbreviations the sentence splitter knows: after which a full stop never, sometimes or often ends a sentence.

/** Titles before a name: a full stop after them never ends a sentence (Spanish "la Dra. Restrepo" too). */
export const TITLE_STOPS = new Set(
  (
    'mr mrs ms mx messrs mmes dr prof rev revd hon sen sens rep reps gov govt gen col lt maj sgt capt cpl ' +
    'pvt adm cmdr cdr brig supt insp det fr pres st mt mme mlle dame cpt cllr atty dra sra srta'
  ).split(' '),
);

/** Abbreviations that often end a sentence too: a capitalised word after them starts a new one. */
export const END_ABBREVIATIONS = new Set('inc ltd co corp plc llc jr sr bros etc al esq'.split(' '));

/** Abbreviations followed by a number (No. 10, Vol. 3, Fig. 2, p. 45). */
export const NUMBER_ABBREVIATIONS = new Set(
  'no nos vol vols fig figs p pp ch art sec op para pt pts'.split(' '),
);

/** Capitalised abbreviations (months, US states, places) that end a sentence only before a typical opener. */
export const WEAK_ABBREVIATIONS = new Set(
  (
    'jan feb mar apr jun jul aug sep sept oct nov dec tues thurs weds dept univ assn ave blvd rd hwy ' +
    'ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb nev ' +
    'okla ore pa penn tenn tex va vt wash wis wyo'
  ).split(' '),
);

/** Lower-case abbreviations (units, Latin) with the same behaviour. */
export const WEAK_LOWER_ABBREVIATIONS = new Set(
  'vs v cf approx est ca viz ft oz lb lbs mph kg km cm mm sq min max nr tel ext'.split(' '),
);

/** Time-zone names that may follow "p.m." without starting a sentence. */
export const TIME_ZONES = new Set(
  'ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT BST UTC CET CEST AEST AEDT'.split(' '),
);
