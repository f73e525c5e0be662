// Rendering a multi-story issue (from a feed or a list of articles): an "In this issue" list, then each story with
// its headline linked to the original, its key points and its best quote, through the digest-stories templates.
// Same rules as the single-article email (render.ts): rendered once with a random unsubscribe slot that
// `personalise` replaces per recipient, article text escaped in HTML and never evaluated as a template, CSS inlined.
// A single-article issue keeps its own templates and layout; this is only for issues made of stories. With the
// archive on, the email links to the issue's web version, whose public content (every story) comes with it.
import Handlebars from 'handlebars';
import type { Digest } from '../engine/index.js';
import { oneLine, truncateAtWord } from './plain-text.js';
import {
  type Branding,
  checkBranding,
  type DigestView,
  digestView,
  type IssueContent,
  inlineStyles,
  issueContent,
  MAX_PREHEADER_CHARS,
  MAX_SUBJECT_CHARS,
  newUnsubscribeSlot,
  preheaderFor,
  RenderError,
  type RenderedEmail,
  type RenderOptions,
  registerHelpers,
  subjectFor,
  tidyText,
} from './render.js';
import type { TemplateSource } from './templates.js';

export type StoriesRenderer = (stories: readonly Digest[], options?: RenderOptions) => RenderedEmail;

export interface StoryView {
  readonly number: number;
  /** The story's anchor in the HTML email, linked from "In this issue". */
  readonly anchor: string;
  readonly title: string;
  /** The original, when it has a public http(s) address; the headline links to it. */
  readonly url: string | null;
  /** "Coastal Herald · By Jane Doe · 15 September 2022 · 4 min read" */
  readonly line: string;
  readonly keyPoints: DigestView['keyPoints'];
  /** The story's best quote (the first featured one), if it has any. */
  readonly quote: DigestView['quotes'][number] | null;
}

export interface StoriesView {
  readonly subject: string;
  readonly preheader: string;
  readonly stories: readonly StoryView[];
  /** "In this issue" is shown for two stories or more. */
  readonly contents: boolean;
  readonly branding: DigestView['branding'];
  readonly unsubscribeUrl: string;
  /** The issue's web page ("View in browser"), or null. */
  readonly webUrl: string | null;
}

/** "Lead headline, and 4 more": the lead cut to leave room for the count, so the count is never lost. */
export function storiesSubject(stories: readonly Digest[], branding: Pick<Branding, 'siteName'>): string {
  const [lead] = stories;
  if (lead === undefined)
    return truncateAtWord(oneLine(branding.siteName) || 'Your digest', MAX_SUBJECT_CHARS);
  const lone = subjectFor(lead, branding);
  if (stories.length === 1) return lone;
  const more = `, and ${stories.length - 1} more`;
  return `${truncateAtWord(lone, MAX_SUBJECT_CHARS - more.length)}${more}`;
}

/** The inbox preview: the other headlines ("Also: B · C"), or the lead's first key point when it stands alone. */
export function storiesPreheader(stories: readonly Digest[]): string {
  const [lead, ...others] = stories;
  if (lead === undefined) return '';
  if (others.length === 0) return preheaderFor(lead);
  return truncateAtWord(`Also: ${others.map((d) => oneLine(d.title)).join(' · ')}`, MAX_PREHEADER_CHARS);
}

function webLink(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  } catch {
    // refused below
  }
  throw new RenderError('the web version of an issue must have an http(s) URL');
}

export function storiesView(
  stories: readonly Digest[],
  branding: Branding,
  unsubscribeSlot: string,
  webUrl: string | null = null,
): StoriesView {
  const views = stories.map((digest) => digestView(digest, branding, unsubscribeSlot));
  const first = views[0];
  if (first === undefined) throw new RenderError('an issue of stories needs at least one story');
  return {
    subject: storiesSubject(stories, branding),
    preheader: storiesPreheader(stories),
    stories: views.map((view, i) => ({
      number: i + 1,
      anchor: `story-${i + 1}`,
      title: view.title,
      url: view.source.url,
      line: view.source.line,
      keyPoints: view.keyPoints,
      quote: view.quotes[0] ?? null,
    })),
    contents: stories.length > 1,
    branding: first.branding,
    unsubscribeUrl: unsubscribeSlot,
    webUrl,
  };
}

/**
 * What the issue's web page shows: each story as a single article's page would (all its quotes, the featured one
 * marked), summed up by the subject and the headlines (which the archive's list and its Atom feed show).
 */
export function storiesContent(
  stories: readonly Digest[],
  view: StoriesView,
  branding: Branding,
): IssueContent {
  const minutes = stories.reduce((n, d) => n + d.readingMinutes, 0);
  return {
    title: view.subject,
    source: {
      siteName: null,
      byline: null,
      date: null,
      readingTime: `${minutes} min read`,
      url: null,
      line: '',
    },
    keyPoints: view.stories.map((s) => s.title),
    quotes: [],
    stories: stories.map((digest) => issueContent(digest, digestView(digest, branding, view.unsubscribeUrl))),
  };
}

export function createStoriesRenderer(templates: TemplateSource, branding: Branding): StoriesRenderer {
  checkBranding(branding);
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  for (const [name, source] of Object.entries(templates.partials())) hbs.registerPartial(name, source);
  const html = hbs.compile(templates.get('digest-stories.html.hbs'), { strict: true });
  const text = hbs.compile(templates.get('digest-stories.txt.hbs'), { strict: true, noEscape: true });
  return (stories, options = {}) => {
    const webUrl = webLink(options.webUrl);
    const unsubscribeSlot = newUnsubscribeSlot(JSON.stringify(storiesView(stories, branding, '', webUrl)));
    const view = storiesView(stories, branding, unsubscribeSlot, webUrl);
    return {
      unsubscribeSlot,
      content: storiesContent(stories, view, branding),
      subject: view.subject,
      preheader: view.preheader,
      html: inlineStyles(html(view)),
      text: tidyText(text(view)),
    };
  };
}
