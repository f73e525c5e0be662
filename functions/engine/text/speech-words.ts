// The words of reported speech: verbs that attribute speech (all forms; those that invert, "said Smith"; the
// few of a speech tag the sentence splitter knows), mouthpieces and documents that speak for others, and the cues
// that make a quotation a title rather than speech.

/** Verbs (all forms) that introduce or attribute speech, or report what someone said or wrote. */
export const SPEECH_VERBS = new Set(
  (
    'said say says saying told tell tells telling added add adds adding wrote write writes writing written ' +
    'asked asks ask asking explained explains explaining noted notes noting argued argues arguing insisted insists ' +
    'insisting claimed claims claiming declared declares declaring announced announces warned warns warning ' +
    'replied replies replying responded responds responding recalled recalls recalling continued continues ' +
    'admitted admits acknowledged acknowledges observed observes remarked remarks suggested suggests commented ' +
    'comments tweeted tweets tweeting posted posts reported reports reporting testified testifies complained ' +
    'complains joked jokes quipped quips conceded concedes predicted predicts promised promises vowed vows urged ' +
    'urges called calls calling described describes describing dubbed labeled labelled branded repeated repeats ' +
    'emphasized emphasised emphasizes emphasises stressed stresses confirmed confirms denied denies boasted ' +
    'lamented laments concluded concludes sang sings singing chanted shouted yelled screamed whispered mused ' +
    'wondered mentioned alleged alleges asserted asserts countered counters retorted agreed agrees charged ' +
    'contended contends maintained maintains reasoned reiterated reiterates pledged recounted stated states ' +
    'blasted slammed criticized criticised praised accused accuses exclaimed cautioned opined speculated ' +
    'revealed disclosed cried pleaded demanded texted emailed messaged quoted read reads tweeted thundered ' +
    'proclaimed proclaims answered answers interjected chimed offered offers concluding explaining continuing ' +
    'stating declaring wondering attacked mocked derided dismissed defended hailed touted lauded blamed decried ' +
    'denounced condemned ridiculed questioned challenged characterized characterised likened compared ' +
    'invoked pitched framed highlighted cited referred insisted found finds predicted assured vowed fumed ' +
    'scoffed sneered raged gushed teased conceded acknowledging adding noting warning describing arguing calling ' +
    'accusing attacking mocking praising blasting slamming criticizing criticising labeling labelling branding ' +
    'dismissing defending blaming ' +
    'gloated gloats cracked snapped remembered remembers bragged brags groused griped grumbled chided exulted ' +
    'marveled marvelled deadpanned sighed growled barked scolded protested objected muttered murmured confided ' +
    'confessed reflected elaborated summarized summarised ventured volunteered rebutted needled taunted bemoaned ' +
    'fretted affirmed implored advised recommended proposed theorized posited surmised wagered ' +
    'lectured interrupted chuckled laughed smiled raved ranted harrumphed crowed reacted yelling shouting screaming'
  ).split(/\s+/),
);

/**
 * Verbs of saying in two words, by their first word: "shot back", "went on", "pointed out", "put it". The
 * first word alone is no verb of saying ("shot a video", "went to Iowa").
 */
export const PHRASAL_SPEECH_VERBS: ReadonlyMap<string, string> = new Map([
  ['shot', 'back'],
  ['fired', 'back'],
  ['hit', 'back'],
  ['went', 'on'],
  ['pointed', 'out'],
  ['points', 'out'],
  ['put', 'it'],
  ['puts', 'it'],
  ['summed', 'up'],
  ['spoke', 'up'],
  ['chimed', 'in'],
]);

/** Documents that speak for whoever wrote them: "the IMF report stated", "a GAO report found". */
export const DOCUMENTS = new Set([
  'report',
  'study',
  'survey',
  'poll',
  'statement',
  'letter',
  'memo',
  'analysis',
  'filing',
  'complaint',
  'lawsuit',
  'ruling',
  'release',
  'paper',
  'review',
  'audit',
  'assessment',
  'editorial',
  'website',
  'tweet',
  'post',
  'blog',
  'account',
]);

/** A document that speaks for whoever wrote it ("a report said"), not a person. */
export function isDocument(head: string): boolean {
  return DOCUMENTS.has(head);
}

/** A token (anything with a lower-case form) that is a verb of speech. */
export function isSpeechVerb(t: { readonly lower: string } | undefined): boolean {
  return t !== undefined && SPEECH_VERBS.has(t.lower);
}

/** Verbs that may come before their subject: “…,” said Caddell. */
export const INVERTING_VERBS = new Set(
  (
    'said says say added adds asked asks wrote writes continued continues explained explains noted notes recalled ' +
    'replied insisted argued argues declared warned remarked observed countered responded tweeted posted joked ' +
    'quipped conceded admitted reported recounted sang sings answered offered chimed interjected stated concluded ' +
    'cautioned exclaimed mused wondered shouted cried yelled scoffed remembered gloated boasted complained ' +
    'sighed marveled marvelled deadpanned snapped growled laughed confided bragged griped lamented predicted ' +
    'suggested acknowledged agreed emphasized emphasised stressed admits recalls explains insists notes ' +
    'chuckled muttered murmured fumed quipped teased raved agrees declares opined reacted'
  ).split(/\s+/),
);

/** Nouns that stand for the organisation they speak for: "a spokesman for Northbrook Water". */
export const MOUTHPIECES = new Set([
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'spokespeople',
  'representative',
  'representatives',
  'official',
  'officials',
  'statement',
]);

/** Verbs of speech: `"Why?" Smith asked.` is one sentence. */
export const QUOTE_TAG_VERBS = new Set(
  (
    'said says say asked asks added adds told tells explained explains wrote writes replied replies ' +
    'insisted insists continued continues shouted shouts exclaimed exclaims recalled recalls noted notes ' +
    'joked jokes admitted admits warned warns cried answered answers tweeted tweets posted posts ' +
    'declared declares demanded demands wondered wonders claimed claims argued argues quipped'
  ).split(' '),
);

/** Words before a quotation that make it a title or a coined term: "so-called", "titled". */
export const TITLE_CUES = new Set([
  'so-called',
  'dubbed',
  'nicknamed',
  'titled',
  'entitled',
  'headlined',
  'captioned',
  'branded',
  'labelled',
  'labeled',
  'word',
  'words',
  'term',
  'phrase',
  'slogan',
  'hashtag',
]);

/** Works whose title may follow in quotation marks: "the book “…”". */
export const WORK_NOUNS = new Set([
  'book',
  'books',
  'film',
  'films',
  'movie',
  'song',
  'songs',
  'album',
  'report',
  'article',
  'essay',
  'column',
  'op-ed',
  'show',
  'series',
  'episode',
  'documentary',
  'play',
  'poem',
  'headline',
  'memoir',
  'novel',
  'podcast',
  'programme',
  'program',
  'campaign',
  'video',
  'ad',
  'advert',
  'exhibition',
]);
