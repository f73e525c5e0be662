// The email of a multi-story issue: "In this issue" at the top (for two stories or more) linking to each story,
// each headline linked to its original when it has a public address, its key points and its best quote, the count
// kept in a long subject, article text escaped, and the unsubscribe slot replaced per recipient in both parts.
import { describe, expect, it } from 'vitest';
import { fileTemplates } from '../../../functions/adapters/templates.js';
import { createDigestRenderer, MAX_SUBJECT_CHARS, personalise } from '../../../functions/email/render.js';
import { createStoriesRenderer, storiesPreheader, storiesSubject } from '../../../functions/email/stories.js';
import type { Digest } from '../../../functions/engine/digest.js';
import { fixtureBranding, fixtureDigest } from '../../fixtures/digest-fixture.js';

const renderStories = createStoriesRenderer(fileTemplates(), fixtureBranding);

const story = (title: string, location: string, kind: Digest['source']['kind'] = 'url'): Digest => ({
  ...fixtureDigest,
  title,
  source: { ...fixtureDigest.source, kind, location },
});

const a = story('Harbour town votes to rebuild its sea wall', 'https://herald.example/sea-wall');
const b = story('Ferry fares change in April', 'https://herald.example/ferry');
const local = story('A story read from a file', 'samples/stories/a.html', 'file');

describe('a multi-story email', () => {
  it('opens with "In this issue", linking to each story, then shows each with its points and best quote', () => {
    const email = renderStories([a, b]);

    expect(email.html).toContain('In this issue');
    expect(email.html).toMatch(/<a href="#story-1"[^>]*>Harbour town votes to rebuild its sea wall<\/a>/);
    expect(email.html).toMatch(/id="story-2"/);
    expect(email.html).toMatch(
      /<h1 class="story-title"[^>]*><a href="https:\/\/herald\.example\/ferry"[^>]*>Ferry fares change in April<\/a><\/h1>/,
    );
    expect(email.html.match(/class="point"/g)).toHaveLength(2 * fixtureDigest.keyPoints.length);
    expect(email.html.match(/class="quote-text"/g)).toHaveLength(2);
    expect(email.text).toMatch(
      /^IN THIS ISSUE\n\n 1\. Harbour town votes to rebuild its sea wall\n 2\. Ferry fares/m,
    );
    expect(email.text).toContain('Read the original: https://herald.example/ferry');
    expect(email.text).toContain('  • Putin backed Beijing over Taiwan');
  });

  it('shows one story without a list of contents, and a story with no public address without a link', () => {
    const email = renderStories([local]);

    expect(email.html).not.toContain('In this issue');
    expect(email.text).not.toContain('IN THIS ISSUE');
    expect(email.html).toMatch(/<h1 class="story-title"[^>]*>A story read from a file<\/h1>/);
    expect(email.text).not.toContain('Read the original');
    expect(email.html).not.toContain('samples/stories');
  });

  it('escapes article text in the HTML part', () => {
    const email = renderStories([
      story('<script>alert(1)</script> & more', 'https://x.example/"onmouseover="x'),
    ]);

    expect(email.html).not.toContain('<script>alert(1)</script>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(email.html).not.toContain('"onmouseover="x');
  });

  it('puts each recipient’s own unsubscribe link in both parts, and nothing else carries the slot', () => {
    const email = renderStories([a, b]);

    const mine = personalise(email, 'https://digest.example.com/unsubscribe?token=abc');

    expect(mine.html).not.toContain(email.unsubscribeSlot);
    expect(mine.text).not.toContain(email.unsubscribeSlot);
    expect(mine.text).toContain('Unsubscribe (one click): https://digest.example.com/unsubscribe?token=abc');
    expect(mine.html).toContain('href="https://digest.example.com/unsubscribe?token=abc"');
  });
});

describe('the subject and preheader of a multi-story email', () => {
  it('name the lead story and how many more, the count kept when the headline is cut', () => {
    const long = story(`${'A'.repeat(40)} ${'B'.repeat(40)} ${'C'.repeat(40)}`, 'https://x.example/1');

    expect(storiesSubject([a, b, b], fixtureBranding)).toBe(
      'Harbour town votes to rebuild its sea wall, and 2 more',
    );
    expect(storiesSubject([a], fixtureBranding)).toBe('Harbour town votes to rebuild its sea wall');
    const subject = storiesSubject([long, a], fixtureBranding);
    expect(subject.endsWith('…, and 1 more')).toBe(true);
    expect(Array.from(subject).length).toBeLessThanOrEqual(MAX_SUBJECT_CHARS);
    expect(storiesPreheader([a, b])).toBe('Also: Ferry fares change in April');
  });
});

describe('a single-article issue', () => {
  it('keeps its own layout: its email is not the multi-story one', () => {
    const single = createDigestRenderer(fileTemplates(), fixtureBranding)(fixtureDigest);

    expect(single.html).not.toContain('story-title');
    expect(single.html).toContain('Key points');
  });
});

describe('a multi-story email with a web version', () => {
  it('links to it in both parts, and carries every story’s public content with nothing personal', () => {
    const email = renderStories([a, b], { webUrl: 'https://digest.example.com/issues/harbour-0123456789ab' });

    expect(email.text).toContain('View in browser: https://digest.example.com/issues/harbour-0123456789ab');
    expect(email.html).toContain('href="https://digest.example.com/issues/harbour-0123456789ab"');
    expect(email.content?.title).toBe(email.subject);
    expect(email.content?.keyPoints).toEqual([a.title, b.title]);
    expect(email.content?.stories?.map((s) => s.title)).toEqual([a.title, b.title]);
    expect(email.content?.stories?.[1]?.quotes).toHaveLength(fixtureDigest.quotes.length);
    expect(JSON.stringify(email.content)).not.toContain(email.unsubscribeSlot);
    expect(() => renderStories([a], { webUrl: 'javascript:alert(1)' })).toThrow(/http\(s\) URL/);
  });
});
