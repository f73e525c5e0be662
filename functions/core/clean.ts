// Cleaning: turns scraped article text into a headline and clean paragraphs, removing scraper clutter.
// PLACEHOLDER until the digest-engine work lands: splits paragraphs only.

export interface CleanArticle {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

export function cleanArticle(input: { title?: string; text: string }): CleanArticle {
  const blocks = input.text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
  if (input.title !== undefined) return { title: input.title.trim(), paragraphs: blocks };
  const [first = '', ...rest] = blocks;
  return { title: first, paragraphs: rest };
}
