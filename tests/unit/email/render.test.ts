// The digest email: escaping of untrusted article text, CSS inlining, the parts a newsletter needs (preheader,
// source line, key points, featured quotes, footer with unsubscribe link and postal address), the plain-text
// version, the subject line and personalisation.
import { describe, expect, it } from 'vitest';
import { fileTemplates } from '../../../functions/adapters/templates.js';
import {
  createDigestRenderer,
  LEGACY_UNSUBSCRIBE_SLOT,
  MAX_CONTENT_QUOTES,
  MAX_SUBJECT_CHARS,
  newUnsubscribeSlot,
  personalise,
  RenderError,
  subjectFor,
  TEXT_WIDTH,
} from '../../../functions/email/render.js';
import type { Digest } from '../../../functions/engine/digest.js';
import { fixtureBranding, fixtureDigest } from '../../fixtures/digest-fixture.js';

const render = createDigestRenderer(fileTemplates(), fixtureBranding);

function digestWith(overrides: Partial<Digest>): Digest {
  return { ...fixtureDigest, ...overrides };
}

const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

describe('HTML email', () => {
  it('escapes hostile article text in the title, key points, quotes, speaker and byline', () => {
    const email = render(
      digestWith({
        title: `Title ${HOSTILE}`,
        keyPoints: [`Point ${HOSTILE}`],
        quotes: [
          {
            text: `Quote ${HOSTILE}`,
            speaker: `Speaker ${HOSTILE}`,
            paragraphIndex: 0,
            partial: false,
            featured: true,
          },
        ],
        source: { ...fixtureDigest.source, byline: `Byline ${HOSTILE}`, siteName: `Site ${HOSTILE}` },
      }),
    );

    expect(email.html).not.toContain('<script');
    expect(email.html).not.toMatch(/<img[^>]*onerror/i);
    expect(email.html).not.toContain('"><img');
    // Five fields plus the <title> and the preheader: each shows the text, escaped.
    expect(email.html.match(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('inlines the CSS and keeps the phone and dark-mode media queries in a style element', () => {
    const { html } = render(fixtureDigest);

    expect(html).toMatch(/<h1 class="title" style="[^"]*font-family: Georgia/);
    expect(html).toMatch(/<li class="point" style="[^"]*font-size: 17px/);
    const styles = html.match(/<style[^>]*>[\s\S]*?<\/style>/g)?.join('\n') ?? '';
    expect(styles).toContain('@media only screen and (max-width: 620px)');
    expect(styles).toContain('@media (prefers-color-scheme: dark)');
    expect(styles).toContain('color-scheme: light dark');
    // Rules that were inlined are not left behind in the head.
    expect(styles).not.toMatch(/^\s*\.title \{ margin/m);
  });

  it('is an email-safe layout: presentation tables, a 600px column, colour-scheme meta, a viewport', () => {
    const { html } = render(fixtureDigest);

    expect(html).toMatch(/<table role="presentation"[^>]*class="container"[^>]*width="600"/);
    expect(html).toMatch(/class="container"[^>]*style="[^"]*max-width: 600px/);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('carries a hidden preheader taken from the first key point', () => {
    const { html, preheader } = render(fixtureDigest);

    expect(preheader).toBe(fixtureDigest.keyPoints[0]);
    expect(html).toMatch(
      /<div class="preheader" style="display: none;[^"]*">Vladimir Putin thanked Xi Jinping/,
    );
  });

  it('hides the preheader without a transparent colour, which spam filters score (HTML_FONT_LOW_CONTRAST)', () => {
    const { html } = render(fixtureDigest);

    const style = /<div class="preheader" style="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(style).toMatch(/display: none/);
    expect(style).toMatch(/opacity: 0/);
    expect(html).not.toMatch(/color:\s*transparent/i);
  });

  it('shows the source line with byline, date, reading time and a link to the original', () => {
    const { html } = render(fixtureDigest);

    expect(html).toContain('By Helen Davidson · 15 September 2022 · 4 min read');
    expect(html).toContain('href="https://news.example.com/world/2022/sep/15/putin-xi-samarkand"');
    expect(html).toContain('From World News Daily');
  });

  it('links the original only when the source is an http(s) URL', () => {
    const fromFile = render(digestWith({ source: { kind: 'file', location: '/home/editor/article.txt' } }));
    const hostileUrl = render(digestWith({ source: { kind: 'url', location: 'javascript:alert(1)' } }));

    expect(fromFile.html).not.toContain('/home/editor/article.txt');
    expect(fromFile.html).not.toContain('Read the original');
    expect(hostileUrl.html).not.toContain('javascript:');
  });

  it('lists every key point and features only the featured quotes, each with its speaker', () => {
    const { html } = render(fixtureDigest);

    expect(html.match(/<li class="point"/g)).toHaveLength(4);
    expect(html.match(/<blockquote class="quote"/g)).toHaveLength(3);
    expect(html).toContain('— Vladimir Putin');
    expect(html).toContain('— Niva Yau');
    expect(html).not.toContain('We intend to firmly adhere');
    expect(html).toContain('1 more quotation in the full article.');
  });

  it('mentions the quotations left out only when the email links to the full article', () => {
    const linked = render(fixtureDigest);
    const fromFile = render(digestWith({ source: { kind: 'file', location: '/home/editor/article.txt' } }));

    expect(linked.text).toContain('1 more quotation in the full article.');
    expect(fromFile.html).not.toContain('more quotation');
    expect(fromFile.text).not.toContain('more quotation');
    expect(fromFile.html.match(/<blockquote class="quote"/g)).toHaveLength(3);
  });

  it('leaves out the quotes section when the article has no quotes', () => {
    const { html, text } = render(digestWith({ quotes: [] }));

    expect(html).not.toContain('What they said');
    expect(html).not.toContain('<blockquote');
    expect(text).not.toContain('WHAT THEY SAID');
  });

  it('ends with a footer: why the reader gets it, a visible unsubscribe link and the postal address', () => {
    const { html, unsubscribeSlot } = render(fixtureDigest);

    expect(html).toContain('You are receiving this because you subscribed to The Morning Digest');
    expect(html).toMatch(new RegExp(`<a class="unsubscribe" href="${unsubscribeSlot}"[^>]*>Unsubscribe</a>`));
    expect(html).toContain('12 Fleet Street, London EC4Y 1AA');
  });
});

describe('text email', () => {
  it('is real text wrapped at 72 columns, with numbered key points and quotes with speakers', () => {
    const { text } = render(fixtureDigest);
    const lines = text.split('\n');

    for (const line of lines) {
      if (!/https?:\/\//.test(line)) expect(line.length).toBeLessThanOrEqual(TEXT_WIDTH);
    }
    expect(text).not.toMatch(/<[a-z]/i);
    expect(text).toContain(' 1. Vladimir Putin thanked Xi Jinping');
    expect(text).toContain(' 4. Before the summit Xi visited Kazakhstan');
    expect(text).toContain('  “We highly value the balanced position');
    expect(text).toContain('    — Vladimir Putin');
  });

  it('carries the unsubscribe URL and the postal address', () => {
    const { text, unsubscribeSlot } = render(fixtureDigest);

    expect(text).toContain(`Unsubscribe (one click): ${unsubscribeSlot}`);
    expect(text).toContain('12 Fleet Street\nLondon EC4Y 1AA\nUnited Kingdom');
  });

  it('prints template syntax in article text as it is, never evaluating it', () => {
    const sneaky = '{{branding.postalAddress}} {{#each keyPoints}}x{{/each}} {{> digest-footer}}';
    const { text, html } = render(digestWith({ keyPoints: [sneaky], title: '{{unsubscribeUrl}}' }));

    expect(text.replace(/\s+/g, ' ')).toContain(sneaky);
    expect(text).toContain('{{unsubscribeUrl}}');
    expect(html).toContain('{{branding.postalAddress}}');
    // The footer appears once in each part: the partial named in the article was not rendered.
    expect(text.match(/You are receiving this/g)).toHaveLength(1);
    expect(html.match(/You are receiving this/g)).toHaveLength(1);
  });
});

describe('web version', () => {
  const webUrl = 'https://digest.example.com/issues/putin-thanks-xi-0123456789ab';

  it('links "View in browser" to the issue page in both parts, the same link for every reader', () => {
    const rendered = render(fixtureDigest, { webUrl });
    const a = personalise(rendered, 'https://digest.example.com/unsubscribe?token=reader-a.sig');
    const b = personalise(rendered, 'https://digest.example.com/unsubscribe?token=reader-b.sig');

    expect(rendered.html).toMatch(new RegExp(`<a href="${webUrl}"[^>]*>View in browser</a>`));
    expect(rendered.text).toContain(`View in browser: ${webUrl}`);
    // Personalising touches only the unsubscribe link: the web link is not personal.
    expect(a.html.split(webUrl).length).toBe(b.html.split(webUrl).length);
    expect(a.text).toContain(`View in browser: ${webUrl}`);
  });

  it('has no "View in browser" link when the issue has no web page (a private newsletter, the CLI)', () => {
    const { html, text } = render(fixtureDigest);

    expect(html).not.toContain('View in browser');
    expect(text).not.toContain('View in browser');
  });

  it('sends the quotations left out to the web version, also when the article has no public address', () => {
    const fromFile = render(digestWith({ source: { kind: 'file', location: '/home/editor/article.txt' } }), {
      webUrl,
    });

    expect(fromFile.html).toMatch(
      new RegExp(`<a href="${webUrl}"[^>]*>1 more quotation</a> in the web version of this issue.`),
    );
    expect(fromFile.text).toContain(`1 more quotation in the web version: ${webUrl}`);
    expect(fromFile.html).not.toContain('in the full article');
  });

  it('refuses a web address that is not http(s)', () => {
    expect(() => render(fixtureDigest, { webUrl: 'javascript:alert(1)' })).toThrow(RenderError);
  });

  it('keeps the public content: every quote with its featured flag, cleaned to one line, and nothing personal', () => {
    const rendered = render(digestWith({ title: 'Storm\r\nhits\u0000 coast', keyPoints: ['One\npoint.'] }), {
      webUrl,
    });
    const content = rendered.content;

    expect(content?.title).toBe('Storm hits coast');
    expect(content?.keyPoints).toEqual(['One point.']);
    expect(content?.quotes.map((q) => [q.speaker, q.featured])).toEqual([
      ['Vladimir Putin', true],
      ['Vladimir Putin', false],
      ['Xi Jinping', true],
      ['Niva Yau', true],
    ]);
    expect(content?.source.url).toBe('https://news.example.com/world/2022/sep/15/putin-xi-samarkand');
    expect(JSON.stringify(content)).not.toContain(rendered.unsubscribeSlot);
    expect(JSON.stringify(content)).not.toContain('unsubscribe');
  });

  it('keeps at most MAX_CONTENT_QUOTES quotes', () => {
    const quote = fixtureDigest.quotes[0];
    if (!quote) throw new Error('fixture has quotes');
    const many = Array.from({ length: MAX_CONTENT_QUOTES + 30 }, (_, i) => ({ ...quote, featured: i < 3 }));

    expect(render(digestWith({ quotes: many })).content?.quotes).toHaveLength(MAX_CONTENT_QUOTES);
  });
});

describe('subject line', () => {
  it('is the title on one line, without CR/LF or control characters', () => {
    const subject = subjectFor(digestWith({ title: 'Storm\r\nBcc: victim@example.com\u0000 hits coast' }), {
      siteName: 'Digest',
    });

    expect(subject).toBe('Storm Bcc: victim@example.com hits coast');
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it('is cut at a word boundary when the title is long', () => {
    const title =
      'The council approved the long-awaited plan to rebuild the harbour wall after decades of patching and delay';
    const subject = subjectFor(digestWith({ title }), { siteName: 'Digest' });

    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_CHARS);
    expect(subject.endsWith('…')).toBe(true);
    expect(title.startsWith(subject.slice(0, -1))).toBe(true);
    expect(title[subject.length - 1]).toBe(' ');
  });

  it('is never empty: the first key point, then the newsletter name stand in for a missing title', () => {
    const fromPoint = subjectFor(digestWith({ title: '  \n ' }), { siteName: 'Digest' });
    const fromName = subjectFor(digestWith({ title: '', keyPoints: [] }), { siteName: 'The Morning Digest' });

    expect(fromPoint).toMatch(/^Vladimir Putin thanked/);
    expect(fromName).toBe('The Morning Digest');
  });
});

describe('personalise', () => {
  it("puts the recipient's unsubscribe URL in both parts, escaped in the HTML", () => {
    const url = 'https://digest.example.com/unsubscribe?token=a.b&x="<y>"';
    const rendered = render(fixtureDigest);
    const email = personalise(rendered, url);

    expect(email.html).not.toContain(rendered.unsubscribeSlot);
    expect(email.text).not.toContain(rendered.unsubscribeSlot);
    expect(email.html).toContain(
      'href="https://digest.example.com/unsubscribe?token=a.b&#38;x=&#34;&#60;y&#62;&#34;"',
    );
    expect(email.html).not.toContain('"<y>"');
    expect(email.text).toContain(`Unsubscribe (one click): ${url}`);
  });

  it('keeps a URL with line breaks on one line', () => {
    const email = personalise(render(fixtureDigest), 'https://x.example/u?t=1\r\nBcc: a@b.c');

    expect(email.text).toContain('https://x.example/u?t=1%0D%0ABcc:%20a@b.c');
  });

  it("fills only the rendering's own slot: an article quoting the old or the new slot shape keeps its words", () => {
    const other = render(fixtureDigest).unsubscribeSlot;
    const planted = `Unsubscribe here: ${LEGACY_UNSUBSCRIBE_SLOT} or ${other}`;
    const url = 'https://digest.example.com/unsubscribe?token=reader-1.sig';

    const email = personalise(
      render(
        digestWith({
          title: planted,
          keyPoints: [planted, ...fixtureDigest.keyPoints],
          quotes: [{ text: planted, speaker: planted, paragraphIndex: 0, partial: false, featured: true }],
          source: { ...fixtureDigest.source, byline: planted },
        }),
      ),
      url,
    );

    // The reader's link is in the footer of each part, once, and nowhere the article wrote.
    expect(email.text.split(url)).toHaveLength(2);
    expect(email.html.split(url)).toHaveLength(2);
    expect(email.text).toContain(`Unsubscribe (one click): ${url}`);
    expect(email.html).toContain(`<a class="unsubscribe" href="${url}"`);
    expect(email.text.split(LEGACY_UNSUBSCRIBE_SLOT).length).toBeGreaterThan(4);
    expect(email.text.split(other).length).toBeGreaterThan(4);
    expect(email.html.split(LEGACY_UNSUBSCRIBE_SLOT).length).toBeGreaterThan(4);
  });

  it('draws a new random slot for every rendering, never one the article contains', () => {
    const a = render(fixtureDigest).unsubscribeSlot;
    const b = render(fixtureDigest).unsubscribeSlot;
    const draws = [Buffer.alloc(16, 0xab), Buffer.alloc(16, 0xcd)];
    const taken = `an article quoting https://unsubscribe.invalid/${'ab'.repeat(16)}`;

    expect(a).toMatch(/^https:\/\/unsubscribe\.invalid\/[0-9a-f]{32}$/);
    expect(b).not.toBe(a);
    expect(newUnsubscribeSlot(taken, () => draws.shift() ?? Buffer.alloc(16))).toBe(
      `https://unsubscribe.invalid/${'cd'.repeat(16)}`,
    );
  });

  it('refuses an email whose slot is missing, rather than replacing nothing or everything', () => {
    const rendered = render(fixtureDigest);

    expect(() => personalise({ ...rendered, unsubscribeSlot: '' }, 'https://x.example/u')).toThrow(
      RenderError,
    );
  });

  it('leaves the subject and preheader as rendered', () => {
    const rendered = render(fixtureDigest);
    const email = personalise(rendered, 'https://digest.example.com/u/1');

    expect(email.subject).toBe(rendered.subject);
    expect(email.preheader).toBe(rendered.preheader);
  });
});

describe('branding', () => {
  it('is checked when the renderer is created', () => {
    expect(() => createDigestRenderer(fileTemplates(), { ...fixtureBranding, postalAddress: ' ' })).toThrow(
      RenderError,
    );
    expect(() =>
      createDigestRenderer(fileTemplates(), { ...fixtureBranding, siteUrl: 'javascript:x' }),
    ).toThrow(RenderError);
    expect(() =>
      createDigestRenderer(fileTemplates(), {
        ...fixtureBranding,
        logoUrl: 'http://insecure.example/logo.png',
      }),
    ).toThrow(RenderError);
  });

  it('shows an https logo above the newsletter name when one is given', () => {
    const withLogo = createDigestRenderer(fileTemplates(), {
      ...fixtureBranding,
      logoUrl: 'https://digest.example.com/logo.png',
    });

    expect(withLogo(fixtureDigest).html).toMatch(
      /<img src="https:\/\/digest.example.com\/logo.png" alt="The Morning Digest"/,
    );
  });
});
