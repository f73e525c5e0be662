// A saved page end to end (tests/fixtures/structured-page.html): the headline where <h1> and og:title agree, the
// body with its headings, list items and table rows and without the caption, credit, byline, date line,
// standfirst, video notice, newsletter promotion and related links; key points from the story text only.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlToArticle } from '../../../functions/adapters/article-sources/html.js';
import { buildDigest } from '../../../functions/engine/digest.js';

const html = readFileSync(new URL('../../fixtures/structured-page.html', import.meta.url), 'utf8');

describe('a page with structure', () => {
  const raw = htmlToArticle(html, { kind: 'file', location: 'structured-page.html' });
  const digest = buildDigest(raw, { points: 3 });
  const body = digest.body.split('\n\n');

  it('takes the headline that <h1> and og:title agree on, not the logo or the <title> with the site', () => {
    expect(digest.title).toBe('River town reopens its old bridge after two years');
  });

  it('keeps headings, list items and table rows in the body, one paragraph each', () => {
    expect(body).toContain('What changes for drivers');
    expect(body).toContain('No vehicles over 7.5 tonnes');
    expect(body).toContain('Market Street to the station | 14 min | 4 min');
    expect(body).toContain(
      "Hundreds of residents lined the banks to watch the first cars cross, led by a tractor driven by the town's oldest farmer, who is ninety-one and has crossed the bridge every week since he was a boy",
    );
  });

  it('leaves captions, credits, the byline, the date, the standfirst, notices and promotions out', () => {
    for (const clutter of [
      'The bridge at its reopening',
      'Tom Reyes',
      'Ana Ferreira',
      '4 May 2024',
      'to cheers from the crowd',
      'Media playback',
      'inbox',
      'Floods close bridge',
      'The Valley Courier',
    ]) {
      expect(digest.body).not.toContain(clutter);
    }
    expect(body[0]).toMatch(/^The old stone bridge over the River Alde reopened/);
  });

  it('chooses key points from the story text, not from headings, items or rows', () => {
    expect(digest.keyPoints).toHaveLength(3);
    for (const point of digest.keyPoints) {
      expect(['What changes', 'A 20 mph', 'No vehicles', 'Route |'].some((s) => point.startsWith(s))).toBe(
        false,
      );
    }
  });

  it('carries the kinds in the raw article, and the story alone in its text', () => {
    expect(raw.blocks?.find((b) => b.text.startsWith('The bridge at its reopening'))?.kind).toBe('caption');
    expect(raw.text).not.toContain('The bridge at its reopening');
    expect(raw.meta).toMatchObject({ byline: 'By Ana Ferreira', publishedAt: '2024-05-04T10:00:00Z' });
  });
});
