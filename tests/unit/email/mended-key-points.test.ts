// The email shows key points as mended (a dropped connective, a name in square brackets) in both parts, the
// brackets as text in the HTML.
import { describe, expect, it } from 'vitest';
import { fileTemplates } from '../../../functions/adapters/templates.js';
import { createDigestRenderer } from '../../../functions/email/render.js';
import { buildDigest } from '../../../functions/engine/digest.js';
import { fixtureBranding } from '../../fixtures/digest-fixture.js';

const text = [
  'Tory leader wins the welfare row',
  'Prime Minister David Cameron launched the Conservative manifesto in Swindon on Tuesday morning.',
  'Mr Cameron said families stuck on benefits were not playing the system but were victims of it.',
  'He accused Ed Miliband and Ed Balls of having some brass neck over poverty in a long speech.',
  'But the opposition said the figures in the manifesto did not add up, and called for an inquiry.',
].join('\n\n');

describe('mended key points in the digest email', () => {
  const digest = buildDigest({ text, meta: { kind: 'inline', location: 'test' } }, { points: 4 });
  const email = createDigestRenderer(fileTemplates(), fixtureBranding)(digest);

  it('are mended in the digest', () => {
    expect(digest.keyPoints).toContain(
      '[Cameron] accused Ed Miliband and Ed Balls of having some brass neck over poverty in a long speech.',
    );
    expect(digest.keyPoints).toContain(
      'The opposition said the figures in the manifesto did not add up, and called for an inquiry.',
    );
  });

  it('show the bracketed name and the dropped connective in the HTML part', () => {
    expect(email.html).toContain('<li class="point" style="');
    expect(email.html).toMatch(/>\[Cameron\] accused Ed Miliband and Ed Balls of having some brass neck/);
    expect(email.html).toMatch(/>The opposition said the figures in the manifesto did not add up/);
    expect(email.html).not.toContain('But the opposition');
  });

  it('show them in the text part', () => {
    const flat = email.text.replace(/\s+/g, ' ');

    expect(flat).toContain(
      '[Cameron] accused Ed Miliband and Ed Balls of having some brass neck over poverty',
    );
    expect(flat).toContain('The opposition said the figures in the manifesto did not add up');
  });
});
