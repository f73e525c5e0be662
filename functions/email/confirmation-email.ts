// The confirmation email sent after a sign-up: subject, HTML and text from Handlebars templates
// (templates/confirm-email.html.hbs and confirm-email.txt.hbs), with the site's branding and the signed link.
import Handlebars from 'handlebars';
import type { Branding } from './render.js';
import type { TemplateSource } from './templates.js';

export interface ConfirmationEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export type ConfirmationComposer = (confirmUrl: string) => ConfirmationEmail;

export function createConfirmationComposer(
  templates: TemplateSource,
  branding: Branding,
  confirmHours: number,
): ConfirmationComposer {
  const hbs = Handlebars.create();
  const html = hbs.compile(templates.get('confirm-email.html.hbs'), { strict: true });
  const text = hbs.compile(templates.get('confirm-email.txt.hbs'), { strict: true, noEscape: true });
  const subject = `Confirm your subscription to ${branding.siteName}`.replace(/[\r\n]+/g, ' ');
  return (confirmUrl) => {
    const context = { branding, confirmUrl, confirmHours, subject };
    return { subject, html: html(context), text: text(context) };
  };
}
