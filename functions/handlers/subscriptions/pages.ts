// The subscription pages, rendered from templates/ with Handlebars: the subscribe form and the answers to a sign-up,
// a confirmation and an unsubscribe; with the public archive on, an issue's web page and the archive too. One stylesheet (templates/page-styles.css) is inlined in each page and allowed
// by its SHA-256 in the Content-Security-Policy, so the pages need no external request and run no script.
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import type { Branding } from '../../email/render.js';
import type { TemplateSource } from '../../email/templates.js';

export type PageName =
  | 'subscribe'
  | 'page-check-inbox'
  | 'page-confirm'
  | 'page-confirmed'
  | 'page-unsubscribe'
  | 'page-unsubscribed'
  | 'page-message'
  | 'page-issue'
  | 'page-archive';

export interface Pages {
  /** The Content-Security-Policy of every page. */
  readonly csp: string;
  render(name: PageName, data: Readonly<Record<string, unknown>>): string;
}

export interface PagesOptions {
  /** The public archive is on: every page offers its feed (autodiscovery) and the subscribe page links to it. */
  readonly archive?: boolean;
}

export function createPages(templates: TemplateSource, site: Branding, options: PagesOptions = {}): Pages {
  const hbs = Handlebars.create();
  for (const [name, text] of Object.entries(templates.partials())) {
    if (name.startsWith('page-')) hbs.registerPartial(name, text);
  }
  const styles = templates.get('page-styles.css').trim();
  const styleHash = createHash('sha256').update(styles).digest('base64');
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    'img-src data:',
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  const base = site.siteUrl.replace(/\/+$/, '');
  // What the layout reads on every page; a page's own data overrides it.
  const defaults = {
    site,
    styles,
    error: null,
    indexable: false,
    wide: false,
    /** A link at the right of the masthead: `{ url, label }`. */
    nav: null,
    feedUrl: options.archive ? `${base}/feed.xml` : null,
    archiveUrl: options.archive ? `${base}/archive` : null,
  };
  const compiled = new Map<PageName, HandlebarsTemplateDelegate>();
  return {
    csp,
    render(name, data) {
      let template = compiled.get(name);
      if (!template) {
        template = hbs.compile(templates.get(`${name}.html.hbs`), { strict: true });
        compiled.set(name, template);
      }
      return template({ ...defaults, ...data });
    },
  };
}
