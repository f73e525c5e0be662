// Rendering: the digest as an email (subject, preheader, HTML and text) through Handlebars templates.
// Rendered once per issue with a placeholder unsubscribe URL; `personalise` puts in each recipient's own link.
// PLACEHOLDER until the rendering work lands: plain templates, no CSS inlining.
import Handlebars from 'handlebars';
import type { TemplateSource } from '../adapters/templates.js';
import type { Digest } from './digest.js';

/** Stands in for the recipient's unsubscribe URL until `personalise`; a URL, so it survives escaping unchanged. */
export const UNSUBSCRIBE_URL_PLACEHOLDER = 'https://unsubscribe.invalid/recipient';

export interface Branding {
  readonly siteName: string;
  readonly siteUrl: string;
  readonly postalAddress: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly preheader: string;
  readonly html: string;
  readonly text: string;
}

export type DigestRenderer = (digest: Digest) => RenderedEmail;

export function createDigestRenderer(templates: TemplateSource, branding: Branding): DigestRenderer {
  const hbs = Handlebars.create();
  const html = hbs.compile(templates.get('digest.html.hbs'), { strict: true });
  const text = hbs.compile(templates.get('digest.txt.hbs'), { strict: true, noEscape: true });
  return (digest) => {
    const context = { digest, branding, unsubscribeUrl: UNSUBSCRIBE_URL_PLACEHOLDER };
    return {
      subject: digest.title.replace(/[\r\n]+/g, ' ').slice(0, 150),
      preheader: digest.keyPoints[0] ?? '',
      html: html(context),
      text: text(context),
    };
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The email for one recipient: their unsubscribe URL in place of the placeholder, escaped for HTML. */
export function personalise(email: RenderedEmail, unsubscribeUrl: string): RenderedEmail {
  return {
    ...email,
    html: email.html.split(UNSUBSCRIBE_URL_PLACEHOLDER).join(escapeHtml(unsubscribeUrl)),
    text: email.text.split(UNSUBSCRIBE_URL_PLACEHOLDER).join(unsubscribeUrl),
  };
}
