// Language detection: the article's language from its opening, English at once, the rest by franc-min.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../../functions/engine/text/language.js';

const fixture = (style: string) =>
  fileURLToPath(new URL(`../../../fixtures/quote-styles/${style}.jsonl`, import.meta.url));

function languagesOf(style: string): string[] {
  return readFileSync(fixture(style), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => detectLanguage((JSON.parse(l) as { text: string }).text.split(/\n\s*\n/)));
}

describe('detectLanguage', () => {
  it.each([
    ['british', 'en'],
    ['american-check-1', 'en'],
    ['french', 'fr'],
    ['french-check-1', 'fr'],
    ['german', 'de'],
    ['german-check-1', 'de'],
    ['spanish', 'es'],
    ['spanish-check-1', 'es'],
  ])('reads every %s article as %s', (style, language) => {
    const found = languagesOf(style);
    expect(found.length).toBeGreaterThanOrEqual(6);
    expect(new Set(found)).toEqual(new Set([language]));
  });

  it('calls a language it does not read other', () => {
    expect(
      detectLanguage([
        '«Non cederemo», ha detto martedì il ministro dell’Interno durante una visita a Milano. Il governo presenterà un nuovo disegno di legge prima dell’estate, e i sindacati hanno annunciato uno sciopero.',
      ]),
    ).toBe('other');
    expect(
      detectLanguage([
        '‚We zullen niet toegeven‘, zei de minister dinsdag tijdens een bezoek aan Utrecht. De regering wil voor de zomer een nieuw wetsvoorstel indienen, en de vakbonden dreigen met acties.',
      ]),
    ).toBe('other');
  });

  it('reads English without the marker words franc is spared for', () => {
    // Headline-like English with few function words still comes out English, by franc.
    expect(
      detectLanguage([
        'Storm Ciara: flights cancelled, trains halted, thousands without power across northern England and Scotland; rail operators urge passengers: avoid travel Sunday',
      ]),
    ).toBe('en');
  });

  it('assumes English when there is too little text to tell', () => {
    expect(detectLanguage(['Oui.'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });
});
