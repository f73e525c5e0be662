// The words of reported speech the quote and speaker rules share: verbs that attribute speech, and documents
// that speak for whoever wrote them.
import type { Token } from '../quotes/tokens.js';

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
    'dismissing defending blaming'
  ).split(/\s+/),
);

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

export function isSpeechVerb(t: Token | undefined): boolean {
  return t !== undefined && SPEECH_VERBS.has(t.lower);
}
