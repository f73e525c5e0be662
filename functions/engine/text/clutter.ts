// Clutter that scrapers leave in article text, as patterns: page furniture paragraphs ("Leave a Comment",
// share and follow lines, editorial trailers), bylines and date lines, photo credits and references to
// photos that are not there, author-widget tokens and agency datelines. Used by cleaning (clean.ts), which
// decides what to drop; every pattern is anchored or bounded so that long input cannot make it backtrack.

/** Whole paragraphs that are page furniture, not story (matched against the trimmed paragraph). */
const CLUTTER_PARAGRAPHS: readonly RegExp[] = [
  /^(?:leave a comment|comments?(?: \(\d+\))?|add a comment|post a comment|view comments)\.?$/i,
  /^(?:share(?: this(?: article| story| page)?)?|share or comment on this article|share (?:on|via) (?:facebook|twitter|whatsapp|email|linkedin)\b.{0,40})[.:!]?$/i,
  /^(?:tweet|email|print|whatsapp|pin it|copy link|advertisement|sponsored|loading\.*|video|most read)\.?$/i,
  /^sorry,? we are not currently accepting comments on this article\.?$/i,
  /^(?:watch the video|watch the video below|watch below|watch|see the video|video below)\s*[:.]?$/i,
  /^scroll down (?:for|to)\b.{0,40}$/i,
  /^(?:read the rest(?: here)?\.?|read more(?: here)?\.?|read more:.{0,200}|click here\b.{0,200}|related(?: articles| stories| content)?:.{0,200}|related (?:articles|stories|content)\.?)$/i,
  /^(?:sign up|subscribe)\b.{0,160}$/i,
  /^follow\b.{0,80}\bon (?:twitter|instagram|facebook)\b.{0,60}$/i,
  /^["“]?follow .{0,60}@\w+.{0,20}$/i,
  /^\(?(?:reporting|additional reporting|writing|editing) by\b.{0,300}\)?\.?$/i,
  /^-*\s*additional reporting\b.{0,200}$/i,
  /^.{3,120}\bcontributed (?:reporting|to this report)\.?$/i,
  /^(?:abstract|full text|letters?|editorial|opinion|analysis|transcript)\.?$/i,
  /^_{2,}\.?$/,
  /^(?:editor['’]s note|correction|clarification)\s*:.{0,2000}$/i,
  /^this (?:article|post|story) (?:has been|was) (?:revised|updated|amended|corrected)\b.{0,2000}$/i,
  /^(?:photograph|photo|picture|image|credit|source|illustration|composite)s?\s*:.{0,200}$/i,
  // Site furniture of the big British and American news sites.
  /^(?:image source|image caption|media caption|video caption|caption)\s*[,:].{0,300}$/i,
  /^(?:related topics|more on this story|top stories|most viewed|most popular|explore more on these topics|reuse this content|support the guardian|supported by|continue reading the main story|skip to (?:main )?content|listen to this article|story highlights|read more|advertisement|sponsored content|our standards:.{0,80}|credit\.{3}.{0,80}|getty images|image)\.?$/i,
  /^follow .{1,40} on (?:whatsapp|twitter|x|facebook|instagram|tiktok|threads)\b.{0,40}$/i,
];

/** How clutter paragraphs begin (or what they hold): a cheap first test before the full patterns. */
const CLUTTER_HINT =
  /^(?:[-_"“(]|leave|comment|add |post |view |share|tweet|email|print|whatsapp|pin |copy |advert|sponsor|loading|video|most |sorry|watch|see |scroll|read |click|related|sign |subscri|follow|reporting|additional|writing|editing|abstract|full text|letter|editorial|opinion|analysis|transcript|editor|correction|clarification|this (?:article|post|story)|photo|picture|image|credit|source|illustration|composite|media|caption|related|more on|top stories|explore|reuse|support|continue|skip|listen|story|our standards|getty)|contributed|\//i;

/** Whole-paragraph clutter. Furniture lines are short; only editorial trailers run long. */
export function isClutter(p: string): boolean {
  if (p.length > 300 && !/^(?:editor|correction|clarification|this (?:article|post|story))/i.test(p)) {
    return false;
  }
  if (p.length <= 160 && (BYLINE.test(p) || isDateLine(p) || READING_TIME.test(p))) return true;
  if (!CLUTTER_HINT.test(p)) return false;
  return CLUTTER_PARAGRAPHS.some((re) => re.test(p)) || CREDIT_LINE.test(p);
}

/** A byline: "By Jane Smith", "By Jane Smith and John Doe, Business reporter", "By JANE SMITH FOR MAILONLINE". */
const BYLINE =
  /^By\s+[A-Z][\p{L}'’.-]*(?:\s+(?:[A-Z][\p{L}'’.-]*|and|&|for|de|van|von|der|la|le|du|da|al))*(?:,\s*[A-Z][\p{L}'’.-]*(?:\s+[\p{L}'’.&-]+){0,5})?\.?$/u;

const DATE_WORD =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)$/i;
const DATE_FILLER =
  /^(?:published|updated|posted|last|modified|first|on|at|am|pm|a\.m|p\.m|bst|gmt|utc|cet|cest|edt|est|cdt|cst|pdt|pst|et|pt|aest|ago|hours?|minutes?|mins?|days?|read|reading|time|\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}(?:am|pm)?)$/i;

/** A date line: "Published: 10:32 BST, 3 March 2024 | Updated: 11:05 BST", "Thu 15 Sep 2022 12.50 BST". */
const DATE_HINT =
  /\d[:.]\d\d|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b/i;

function isDateLine(p: string): boolean {
  // A date line always holds a number (a day, a year or a time): most paragraphs fail this first test.
  if (p.length > 160 || !/\d/.test(p) || !DATE_HINT.test(p)) return false;
  let spaces = 0;
  for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) === 32 && ++spaces > 20) return false;
  const tokens = p.split(/[\s,|:•·()–—-]+/).filter((t) => t !== '');
  if (tokens.length === 0 || tokens.length > 18) return false;
  let dated = false;
  let other = 0;
  for (const t of tokens) {
    const bare = t.replace(/\.$/, '');
    if (DATE_WORD.test(bare)) dated = true;
    else if (
      /^\d{1,2}[:.]\d{2}/.test(bare) ||
      /^\d{4}$/.test(bare) ||
      /^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(bare)
    ) {
      dated = true;
    } else if (!DATE_FILLER.test(bare)) other++;
  }
  return dated && other === 0;
}

/** A reading-time line: "5 min read", "Reading time: 4 minutes". */
const READING_TIME = /^(?:\d{1,3} ?min(?:ute)?s? read|reading time:? ?\d{1,3} ?min(?:ute)?s?)\.?$/i;

/** A photo credit ending a caption line: "... Photograph: Name/Agency". */
export const CREDIT =
  /\b(?:Photograph|Photo|Picture|Image|Illustration|Composite|Credit)s?\s*:\s*[A-Z][^.!?]{0,120}\.?$/;

/** A short credit line such as "Getty/Instagram." or "Reuters/AP". */
const CREDIT_LINE = /^[A-Z][\w.&' -]{1,30}(?:\/[A-Z][\w.&' -]{1,30})+\.?$/;

/** Phrases that are always page furniture, wherever they stand in a paragraph. */
const FURNITURE =
  /\bScroll down (?:for|to) (?:the )?(?:video|watch(?: the)? video|see (?:the )?video|more)s?\b\.?/gi;

/** References to a photograph that is not there: "(pictured)", "(left)", "(pictured, right)". */
const PHOTO_REFERENCE =
  /\s?\((?:(?:pictured|not pictured|picture|photo|photographed|seen|shown|circled|inset|file photo|posed by models?|stock image|library image)(?:[ ,]+(?:posed by models?|left|right|centre|center|above|below|top|bottom|middle|second left|second right|far left|far right|with \w+|in \d{4}|here|today|last \w+|together|front|back|inset))*|left|right|centre|center|middle|above|below|top|bottom|inset|far left|far right|second left|second right|top left|top right|bottom left|bottom right|front|back row|front row|l-r|left to right|from left)\)/gi;

/**
 * Author-widget tokens left after a name: "Niva Yau BIO BIO, prior to". Only after a capitalised word and
 * before punctuation, a lower-case word or the end, so that shouting ("ME ME AND ONLY ME") stays.
 */
const DOUBLED_CAPS = /\s([A-Z]{3,12})\s+\1(?=[,.;:!?]|\s+[a-z]|\s*$)/g;

function dropDoubledCaps(text: string): string {
  if (!/[A-Z]{3}/.test(text)) return text;
  return text.replace(DOUBLED_CAPS, (match: string, _caps: string, offset: number) => {
    // Only right after a capitalised word (a name), such as "Yau" in "Niva Yau BIO BIO".
    const before =
      text
        .slice(Math.max(0, offset - 30), offset)
        .split(' ')
        .pop() ?? '';
    return /^\p{Lu}\p{Ll}+$/u.test(before) ? '' : match;
  });
}

/** Agency datelines at the start of a story: "(CNN)", "LONDON (Reuters) -", "WASHINGTON ―". */
export const AGENCY_DATELINE =
  /^(?:[A-Z][A-Za-z.'’ -]{1,40}(?:,\s?[A-Z][A-Za-z.]{1,15}){0,2}(?:,\s?[A-Z][a-z]{2,4}\.?\s\d{1,2})?\s)?\((?:CNN|AP|UPI|AFP|Reuters|PA|Bloomberg|dpa|ANI|IANS|PTI|Xinhua)\)\s*(?:--|—|–|―|-|:)?\s*/;
export const CITY_DATELINE = /^[A-Z][A-Z.'’ -]{2,30}(?:,\s?[A-Z][A-Za-z.]{1,15}){0,2}\s(?:--|—|–|―|-)\s/;

/** Removes stray tokens and photo references inside a paragraph and tidies spacing. */
export function stripStrayTokens(text: string): string {
  let out = dropDoubledCaps(text);
  if (/scroll/i.test(out)) out = out.replace(FURNITURE, ' ');
  if (out.includes('(')) out = out.replace(PHOTO_REFERENCE, '');
  // Only a removal leaves spaces to tidy.
  if (out === text) return text.trim();
  return out
    .replace(/\s+([,;:.!?])(?=\s|$)/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
