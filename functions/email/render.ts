// Rendering: the digest as an email (subject, preheader, HTML and text) through Handlebars templates, and the
// issue's public content (no personal link) that its web page and the archive show.
// Rendered once per issue with a stand-in for the unsubscribe URL; `personalise` puts in each recipient's own link.
// The stand-in (the slot) is random for each rendering and travels with it, so article text cannot plant it: a fixed
// one (`https://unsubscribe.invalid/recipient`) let any article that quoted it receive every reader's real link.
// The HTML template's <style> is inlined with juice (media queries for phones and dark mode kept in a <style>).
// Article text is untrusted: the HTML template escapes it (Handlebars' default), the text template does not
// need to (noEscape), and neither ever evaluates it as a template.
import { randomBytes } from 'node:crypto';
import Handlebars from 'handlebars';
import juice from 'juice';
import type { Digest } from '../engine/index.js';
import { formatDate, oneLine, truncateAtWord, wrapText } from './plain-text.js';
import type { TemplateSource } from './templates.js';

export { formatDate, oneLine, truncateAtWord, wrapText } from './plain-text.js';

export interface Branding {
  /** The newsletter's name: the header, the footer and the subject's fallback. */
  readonly siteName: string;
  /** Where readers subscribed (the subscription page); linked from the footer. */
  readonly siteUrl: string;
  /** The sender's postal address, required in bulk mail; line breaks or ", " separate its lines. */
  readonly postalAddress: string;
  /** An https URL of a logo (at most 200×60 shown) above the newsletter's name; no logo when left out. */
  readonly logoUrl?: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly preheader: string;
  readonly html: string;
  readonly text: string;
  /**
   * Where `html` and `text` hold the recipient's unsubscribe URL until `personalise`: drawn at random for this
   * rendering and stored with it, so every recipient's copy replaces this and nothing an article wrote.
   */
  readonly unsubscribeSlot: string;
  /**
   * The issue's public content, for its web page and the archive: nothing personal. Absent in emails stored before
   * the archive existed.
   */
  readonly content?: IssueContent;
}

/** What the web version of an issue shows: the email's content plus the quotes the email did not feature. */
export interface IssueContent {
  readonly title: string;
  readonly source: DigestView['source'];
  readonly keyPoints: readonly string[];
  /** Every quote of the article in its order (at most MAX_CONTENT_QUOTES); `featured` ones are in the email. */
  readonly quotes: ReadonlyArray<{
    readonly text: string;
    readonly speaker: string | null;
    readonly featured: boolean;
  }>;
  /**
   * A multi-story issue's stories, each as a single article's content (email/stories.ts); the fields above then
   * sum the issue up (its subject, its headlines as key points). Absent for a single-article issue.
   */
  readonly stories?: readonly StoryContent[];
}

/** One story of a multi-story issue on its web page. */
export type StoryContent = Omit<IssueContent, 'stories'>;

export interface RenderOptions {
  /** The issue's web page: the email then links to it ("View in browser"). No link when left out. */
  readonly webUrl?: string;
}

export type DigestRenderer = (digest: Digest, options?: RenderOptions) => RenderedEmail;

/**
 * A template or a branding value is unusable (a configuration fault, raised when the renderer is created), or a
 * rendered email has no valid unsubscribe slot.
 */
export class RenderError extends Error {
  override readonly name = 'RenderError';
}

/**
 * The fixed stand-in that renderings before the random slot used. Only emails stored by that version carry it; the
 * issue log reads it for them, so an issue started before an upgrade is still delivered.
 */
export const LEGACY_UNSUBSCRIBE_SLOT = 'https://unsubscribe.invalid/recipient';

const SLOT_PREFIX = 'https://unsubscribe.invalid/';
/** A slot is the prefix and 128 random bits in hex: a URL, so it survives HTML escaping and CSS inlining unchanged. */
const SLOT_SHAPE = /^https:\/\/unsubscribe\.invalid\/[0-9a-f]{32}$/;

/** A new random slot that occurs nowhere in `taken` (the article's text as the templates will see it). */
export function newUnsubscribeSlot(taken: string, random: () => Buffer = () => randomBytes(16)): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const slot = `${SLOT_PREFIX}${random().toString('hex')}`;
    // Guessing 128 random bits is hopeless, but checking makes "article text never holds the slot" a fact.
    if (SLOT_SHAPE.test(slot) && !taken.includes(slot)) return slot;
  }
  throw new RenderError('could not draw an unsubscribe slot that the article does not contain');
}

/** Subjects longer than this are cut at a word boundary (mobile clients show about 40 to 90 characters). */
export const MAX_SUBJECT_CHARS = 90;
/** The preheader teaser's length; inbox previews show roughly 90 to 140 characters. */
export const MAX_PREHEADER_CHARS = 140;
/** Width of the plain-text email. */
export const TEXT_WIDTH = 72;
/** Quotes kept for the web page: an article rarely has more, and the stored rendering stays small. */
export const MAX_CONTENT_QUOTES = 200;
/** A quote longer than this is cut at a word on the web page (the email's featured quotes are short anyway). */
const MAX_CONTENT_QUOTE_CHARS = 2_000;

/** The subject line: the clean title on one line, length-capped, never empty. */
export function subjectFor(digest: Digest, branding: Pick<Branding, 'siteName'>): string {
  const title = oneLine(digest.title);
  if (title !== '') return truncateAtWord(title, MAX_SUBJECT_CHARS);
  const lead = oneLine(digest.keyPoints[0] ?? '');
  if (lead !== '') return truncateAtWord(lead, MAX_SUBJECT_CHARS);
  return truncateAtWord(oneLine(branding.siteName) || 'Your digest', MAX_SUBJECT_CHARS);
}

/** The preheader: a short teaser from the first key point. */
export function preheaderFor(digest: Digest): string {
  return truncateAtWord(oneLine(digest.keyPoints[0] ?? digest.title), MAX_PREHEADER_CHARS);
}

function httpUrl(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** What the templates see: every field present (null when missing), article text as plain strings. */
export interface DigestView {
  readonly subject: string;
  readonly preheader: string;
  readonly title: string;
  readonly source: {
    readonly siteName: string | null;
    readonly byline: string | null;
    readonly date: string | null;
    readonly readingTime: string;
    readonly url: string | null;
    /** "The Guardian · By Jane Doe · 15 September 2022 · 4 min read" */
    readonly line: string;
  };
  readonly keyPoints: ReadonlyArray<{ readonly number: number; readonly text: string }>;
  readonly quotes: ReadonlyArray<{ readonly text: string; readonly speaker: string | null }>;
  /** Quotes in the article that the email does not show. */
  readonly otherQuotes: number;
  readonly branding: {
    readonly siteName: string;
    readonly siteUrl: string;
    readonly postalAddress: string;
    readonly postalLines: readonly string[];
    readonly logoUrl: string | null;
  };
  readonly unsubscribeUrl: string;
  /** The issue's web page ("View in browser"), or null. */
  readonly webUrl: string | null;
}

export function digestView(
  digest: Digest,
  branding: Branding,
  unsubscribeSlot: string,
  webUrl: string | null = null,
): DigestView {
  const siteName = digest.source.siteName ? oneLine(digest.source.siteName) : null;
  const bylineText = digest.source.byline ? oneLine(digest.source.byline) : '';
  const byline = bylineText === '' ? null : /^by\s/i.test(bylineText) ? bylineText : `By ${bylineText}`;
  const date = formatDate(digest.source.publishedAt) ?? null;
  const readingTime = `${digest.readingMinutes} min read`;
  const url = digest.source.kind === 'url' ? httpUrl(digest.source.location) : null;
  const featured = digest.quotes.filter((q) => q.featured);
  const postalAddress = branding.postalAddress.trim();
  return {
    subject: subjectFor(digest, branding),
    preheader: preheaderFor(digest),
    title: oneLine(digest.title) || oneLine(branding.siteName),
    source: {
      siteName,
      byline,
      date,
      readingTime,
      url,
      line: [siteName, byline, date, readingTime].filter((part) => part !== null).join(' · '),
    },
    keyPoints: digest.keyPoints.map((text, i) => ({ number: i + 1, text: oneLine(text) })),
    quotes: featured.map((q) => ({ text: oneLine(q.text), speaker: q.speaker ? oneLine(q.speaker) : null })),
    otherQuotes: digest.quotes.length - featured.length,
    branding: {
      siteName: oneLine(branding.siteName),
      siteUrl: branding.siteUrl,
      postalAddress: oneLine(postalAddress),
      postalLines: postalAddress
        .split(/\r?\n|,\s*/)
        .map(oneLine)
        .filter((l) => l !== ''),
      logoUrl: branding.logoUrl ?? null,
    },
    unsubscribeUrl: unsubscribeSlot,
    webUrl,
  };
}

/** The public content of an issue, from the same view the email shows (same one-line cleaning, same source line). */
export function issueContent(digest: Digest, view: DigestView): StoryContent {
  return {
    title: view.title,
    source: view.source,
    keyPoints: view.keyPoints.map((p) => p.text),
    quotes: digest.quotes.slice(0, MAX_CONTENT_QUOTES).map((q) => ({
      text: truncateAtWord(oneLine(q.text), MAX_CONTENT_QUOTE_CHARS),
      speaker: q.speaker ? oneLine(q.speaker) : null,
      featured: q.featured,
    })),
  };
}

export function checkBranding(branding: Branding): void {
  if (oneLine(branding.siteName) === '') throw new RenderError('branding: the site name is empty');
  if (oneLine(branding.postalAddress) === '') throw new RenderError('branding: the postal address is empty');
  if (httpUrl(branding.siteUrl) === null) throw new RenderError('branding: the site URL must be http(s)');
  if (branding.logoUrl !== undefined && !/^https:\/\//i.test(branding.logoUrl)) {
    throw new RenderError('branding: the logo URL must be https');
  }
}

export function registerHelpers(hbs: typeof Handlebars): void {
  // {{wrap text prefix=" 1. " width=72}}: plain-text paragraphs with a hanging indent.
  hbs.registerHelper('wrap', (value: unknown, options: Handlebars.HelperOptions) => {
    const prefix = typeof options.hash.prefix === 'string' ? options.hash.prefix : '';
    const width = typeof options.hash.width === 'number' ? options.hash.width : TEXT_WIDTH;
    return wrapText(String(value ?? ''), width, prefix);
  });
  // {{rule title "="}}: an underline as long as the text (at most the text width).
  hbs.registerHelper('rule', (value: unknown, char: unknown) =>
    String(typeof char === 'string' ? char : '-').repeat(
      Math.min(TEXT_WIDTH, Array.from(String(value ?? '')).length),
    ),
  );
  // {{concat a b c}}: joins values into one string (the last argument is Handlebars' options object).
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hbs.registerHelper('plural', (count: unknown, singular: unknown, plural: unknown) =>
    count === 1 ? singular : plural,
  );
}

/** The email's HTML with its <style> inlined; media queries (phones, dark mode) stay in a <style>. */
export function inlineStyles(html: string): string {
  return juice(html, { preserveMediaQueries: true, removeStyleTags: true, applyWidthAttributes: false });
}

/** The text part without trailing blanks or runs of empty lines, ending in one newline. */
export function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export function createDigestRenderer(templates: TemplateSource, branding: Branding): DigestRenderer {
  checkBranding(branding);
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  for (const [name, source] of Object.entries(templates.partials())) hbs.registerPartial(name, source);
  // strict: a misspelt field in a template fails loudly instead of rendering an empty string.
  const html = hbs.compile(templates.get('digest.html.hbs'), { strict: true });
  const text = hbs.compile(templates.get('digest.txt.hbs'), { strict: true, noEscape: true });
  return (digest, options = {}) => {
    const webUrl = options.webUrl === undefined ? null : httpUrl(options.webUrl);
    if (options.webUrl !== undefined && webUrl === null) {
      throw new RenderError('the web version of an issue must have an http(s) URL');
    }
    // Everything the templates show apart from the slot, so the slot can be drawn to differ from all of it.
    const shown = JSON.stringify(digestView(digest, branding, '', webUrl));
    const unsubscribeSlot = newUnsubscribeSlot(shown);
    const view = digestView(digest, branding, unsubscribeSlot, webUrl);
    return {
      unsubscribeSlot,
      content: issueContent(digest, view),
      subject: view.subject,
      preheader: view.preheader,
      html: inlineStyles(html(view)),
      text: tidyText(text(view)),
    };
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Whitespace and controls cannot appear in a URL; they are percent-encoded so a link stays one token. */
function tidyUrl(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return value.trim().replace(/[\s\u0000-\u001f\u007f]/g, (c) => encodeURIComponent(c));
}

/**
 * The email for one recipient: their unsubscribe URL in the rendering's own slot, escaped for HTML. Text that only
 * looks like a slot (another rendering's, or the old fixed one) is left as it is.
 */
export function personalise(email: RenderedEmail, unsubscribeUrl: string): RenderedEmail {
  const slot = email.unsubscribeSlot;
  if (!SLOT_SHAPE.test(slot) && slot !== LEGACY_UNSUBSCRIBE_SLOT) {
    throw new RenderError('the rendered email has no valid unsubscribe slot');
  }
  const url = tidyUrl(unsubscribeUrl);
  return {
    ...email,
    html: email.html.split(slot).join(escapeHtml(url)),
    text: email.text.split(slot).join(url),
  };
}
