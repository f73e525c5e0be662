// Cleaning: scraper clutter never reaches a digest, headlines are told from first sentences, paragraphs
// keep their order and content (a quotation running across paragraphs stays intact), odd input is handled.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../../functions/engine/article.js';
import { cleanArticle, cleanTitle, deriveTitle, UNTITLED } from '../../../functions/engine/clean.js';
import { articleSentences } from '../../../functions/engine/sentences.js';

const sample = readFileSync(new URL('../../../samples/sample-article.txt', import.meta.url), 'utf8');

/** The clutter strings listed for the sample article in the evaluation's seed gold. */
const SAMPLE_CLUTTER = [
  '| Vladimir Putin',
  'This combination of pictures created on',
  'This combination picture created on',
  'Photograph:',
  'A Taiwan military personnel observes',
  'Leave a Comment',
  'BIO BIO',
];

function allText(article: { title: string; paragraphs: readonly string[] }): string {
  return [article.title, ...article.paragraphs].join('\n');
}

describe('cleanArticle on the sample article', () => {
  const article = cleanArticle({ text: sample });

  it('takes the headline without its section tag', () => {
    expect(article.title).toBe('Putin thanks Xi for China’s ‘balanced’ stance on Ukraine invasion');
  });

  it.each(SAMPLE_CLUTTER)('leaves out the clutter %j', (clutter) => {
    expect(allText(article)).not.toContain(clutter);
  });

  it('keeps the story paragraphs in order, the name before the widget tokens included', () => {
    expect(article.paragraphs[0]).toMatch(/^Vladimir Putin has thanked Xi Jinping/);
    expect(article.paragraphs.at(-1)).toMatch(/^An itinerary released by India’s delegation/);
    expect(article.paragraphs).toContain(
      '“In historical terms, China has been at its strongest whenever the global trade system is land based, not sea based,” said Niva Yau, prior to the summit.',
    );
    expect(article.paragraphs).toHaveLength(19);
  });
});

describe('cleanArticle on tabloid clutter', () => {
  const text = [
    'A man was arrested after a chase through the city centre on Friday night, police said.',
    'Officers followed the car for six miles before it crashed into a wall.',
    'Scroll down for video',
    'Sharp dresser:',
    'The suspect wears a striped shirt as he is led away by officers',
    'Detectives said the man, 34, would appear in court on Monday (pictured) to face charges.',
    'Police chief Anna Berg praised the officers involved in the chase on Friday ‘They showed real courage and kept the public safe,’ said Ms Berg.',
    'Share or comment on this article',
  ].join('\n\n');
  const article = cleanArticle({ text });

  it('drops "Scroll down for video", caption labels, captions and share lines', () => {
    const all = allText(article);
    expect(all).not.toContain('Scroll down');
    expect(all).not.toContain('Sharp dresser');
    expect(all).not.toContain('striped shirt');
    expect(all).not.toContain('Share or comment');
  });

  it('strips a photo reference and a caption glued before a quotation', () => {
    expect(article.paragraphs).toContain(
      'Detectives said the man, 34, would appear in court on Monday to face charges.',
    );
    expect(article.paragraphs).toContain(
      '‘They showed real courage and kept the public safe,’ said Ms Berg.',
    );
  });

  it('keeps a first sentence as a paragraph and derives the title from it', () => {
    expect(article.paragraphs[0]).toMatch(/^A man was arrested/);
    expect(article.title).toBe('A man was arrested after a chase through the city centre on Friday night');
  });
});

describe('cleanArticle headlines', () => {
  it('takes a short first line without a full stop as the headline', () => {
    const article = cleanArticle({
      text: 'Council approves housing plan\n\nThe council approved the plan on Tuesday.',
    });
    expect(article.title).toBe('Council approves housing plan');
    expect(article.paragraphs).toEqual(['The council approved the plan on Tuesday.']);
  });

  it('takes a longer first line as the headline when the next paragraph can only open a sentence', () => {
    const article = cleanArticle({
      text: "Farmers accuse ministers of 'betrayal' over subsidy cuts\n\nHundreds of farmers drove tractors through Shrewsbury on Saturday.\n\nThe scheme closed last month.",
    });
    expect(article.title).toBe("Farmers accuse ministers of 'betrayal' over subsidy cuts");
    expect(article.paragraphs[0]).toBe('Hundreds of farmers drove tractors through Shrewsbury on Saturday.');
    const school = cleanArticle({
      text: 'Primary school rated inadequate after inspectors find safeguarding failures\n\nA primary school in Kettering has been placed in special measures.',
    });
    expect(school.title).toBe('Primary school rated inadequate after inspectors find safeguarding failures');
  });

  it('still joins a first sentence the scraper broke before a titled name', () => {
    const article = cleanArticle({
      text: 'The plan to close the hospital was defended on Tuesday by the health secretary\n\nMr Johnson said the savings would go to new clinics across the region.\n\nUnions condemned it.',
    });
    expect(articleSentences(article.paragraphs)[0]?.text).toBe(
      'The plan to close the hospital was defended on Tuesday by the health secretary Mr Johnson said the savings would go to new clinics across the region.',
    );
  });

  it('still joins a first sentence the scraper broke before a name', () => {
    const article = cleanArticle({
      text: 'A section of fans left their seats empty for the first 10 minutes of their lunchtime\n\nBarclays Premier League clash in a protest against ticket prices.\n\nThe protest was organised online.',
    });
    expect(articleSentences(article.paragraphs)[0]?.text).toBe(
      'A section of fans left their seats empty for the first 10 minutes of their lunchtime Barclays Premier League clash in a protest against ticket prices.',
    );
  });

  it('takes a title-case headline even with a closing full stop', () => {
    const article = cleanArticle({
      text: 'Obama Power Plant Rules Face Key Test In U.S. Court.\n\nThe centerpiece of the climate strategy faces judges.',
    });
    expect(article.title).toBe('Obama Power Plant Rules Face Key Test In U.S. Court');
  });

  it('uses the given title, cleaned, and drops its repetition from the text', () => {
    const article = cleanArticle({
      title: 'Storm hits coast | Weather',
      text: 'Storm hits coast\n\nThe storm reached the coast at dawn.',
    });
    expect(article.title).toBe('Storm hits coast');
    expect(article.paragraphs).toEqual(['The storm reached the coast at dawn.']);
  });

  it('strips site names and stray tokens from headlines', () => {
    expect(cleanTitle('Prices rise again - BBC News')).toBe('Prices rise again');
    expect(cleanTitle('Markets fall | Business | The Guardian')).toBe('Markets fall');
  });

  it('derives a shortened title from a long first sentence, never an empty one', () => {
    expect(
      deriveTitle([
        'Gary Locke will be confirmed as the permanent manager on Friday - exactly eight weeks after he took charge.',
      ]),
    ).toBe('Gary Locke will be confirmed as the permanent manager on Friday');
    expect(deriveTitle([])).toBe(UNTITLED);
  });
});

describe('cleanArticle paragraphs', () => {
  it('never merges or reorders paragraphs: a quotation running on stays as written', () => {
    const paragraphs = [
      '“We will win this vote,” the minister said. “We have the numbers.',
      '“And we will keep them until the end of the session.”',
      'The opposition disagreed.',
    ];
    expect(cleanArticle({ title: 'Vote', text: paragraphs.join('\n\n') }).paragraphs).toEqual(paragraphs);
  });

  it('moves an opening quotation mark stranded at a paragraph end to the paragraph it opens', () => {
    const article = cleanArticle({
      title: 'Coach',
      text: "He said: 'It is a sad situation. '\n\nBut in the summer, it will be a new situation.'",
    });
    expect(article.paragraphs).toEqual([
      "He said: 'It is a sad situation.",
      "'But in the summer, it will be a new situation.'",
    ]);
  });

  it('removes agency datelines at the start of the story', () => {
    const article = cleanArticle({ title: 'Tsarnaev', text: '(CNN)Jurors found him guilty on all counts.' });
    expect(article.paragraphs).toEqual(['Jurors found him guilty on all counts.']);
    const wire = cleanArticle({
      title: 'T',
      text: 'WASHINGTON (AP) — The Senate passed the bill on Friday.',
    });
    expect(wire.paragraphs).toEqual(['The Senate passed the bill on Friday.']);
  });

  it('drops bylines, date lines and reading times, but not sentences that start alike', () => {
    const article = cleanArticle({
      text: [
        'Council approves housing plan',
        'By Jane Smith, Political correspondent',
        'Published: 10:32 BST, 3 March 2024 | Updated: 11:05 BST, 3 March 2024',
        '5 min read',
        'The council approved the plan on Tuesday.',
        'By Monday, the council said, work would start.',
        'May 2024 was the warmest May on record.',
        'By JANE SMITH FOR MAILONLINE',
      ].join('\n\n'),
    });
    expect(article.title).toBe('Council approves housing plan');
    expect(article.paragraphs).toEqual([
      'The council approved the plan on Tuesday.',
      'By Monday, the council said, work would start.',
      'May 2024 was the warmest May on record.',
    ]);
  });

  it('drops the furniture of big news sites', () => {
    const article = cleanArticle({
      text: [
        'Rail fares to rise',
        'Image source, Getty Images',
        'Image caption, Commuters at Waterloo station in London',
        'Fares will rise by 4.9% in March, the government said.',
        'Advertisement',
        'Continue reading the main story',
        'Passenger groups criticised the decision.',
        'Related Topics',
        'Our Standards: The Thomson Reuters Trust Principles.',
        'Follow Sky News on WhatsApp',
        'Support for the plan was mixed.',
      ].join('\n\n'),
    });
    expect(article.paragraphs).toEqual([
      'Fares will rise by 4.9% in March, the government said.',
      'Passenger groups criticised the decision.',
      'Support for the plan was mixed.',
    ]);
  });

  it('drops editorial trailers and credit lines', () => {
    const article = cleanArticle({
      title: 'T',
      text: 'The bill passed.\n\nGetty/Instagram.\n\n(Reporting by Jane Doe; Editing by John Roe)\n\nRead the rest here.',
    });
    expect(article.paragraphs).toEqual(['The bill passed.']);
  });

  it('normalises no-break and zero-width spaces and Windows line ends', () => {
    const article = cleanArticle({ text: 'Budget\u00a0day\r\n\r\nThe\u00a0chancellor spoke\u200b today.' });
    expect(article.title).toBe('Budget day');
    expect(article.paragraphs).toEqual(['The chancellor spoke today.']);
  });

  it('joins hard-wrapped lines and keeps one-line-per-paragraph text apart', () => {
    const wrapped = cleanArticle({
      title: 'T',
      text: [
        'The committee met on Tuesday to discuss the proposal for a new',
        'library in the town centre, which has been debated for several',
        'years without any decision being taken by the council members.',
      ].join('\n'),
    });
    expect(wrapped.paragraphs).toHaveLength(1);
    const lines = cleanArticle({
      title: 'T',
      text: 'First paragraph ends here.\nSecond paragraph ends here.',
    });
    expect(lines.paragraphs).toEqual(['First paragraph ends here.', 'Second paragraph ends here.']);
  });
});

describe('cleanArticle keeps what is not a caption', () => {
  it('keeps the words before a quoted title after a possessive', () => {
    const paragraphs = [
      'The National Interagency Fire Center’s “Wildland Fire Potential Outlook for June Through September,” released Thursday, shows elevated risk.',
      'Freberg also was the voice of Beaver in Disney\'s "Lady and the Tramp Go West" (1955).',
    ];
    expect(cleanArticle({ title: 'Fire risk', text: paragraphs.join('\n\n') }).paragraphs).toEqual(
      paragraphs,
    );
  });

  it('keeps the words before a quotation opened after "because" or a participle ("writing", "saying")', () => {
    const paragraphs = [
      'Mayor Ruth Ambler has said she read the letters and disagrees with the council, because “I do not see what makes them secret.”',
      'Band member Juno Pike shared the news on the radio last week, writing “Feels great to play for someone I believe in.”',
    ];
    expect(cleanArticle({ title: 'Letters', text: paragraphs.join('\n\n') }).paragraphs).toEqual(paragraphs);
  });

  it('keeps quotations closed the French and the German way', () => {
    const paragraphs = [
      '«\u00a0Nous comprenons l’inquiétude des salariés\u00a0», a expliqué M.\u00a0Marchand. «\u00a0La porte du dialogue reste ouverte.\u00a0»',
      'Die Jurypräsidentin äußerte sich zurückhaltender. »Die Filme sind politisch genug.«',
    ];
    // The cleaner writes no-break spaces as plain ones.
    expect(cleanArticle({ title: 'Grève', text: paragraphs.join('\n\n') }).paragraphs).toEqual(
      paragraphs.map((p) => p.replace(/\u00a0/g, ' ')),
    );
  });

  it('keeps list items introduced by a colon', () => {
    const article = cleanArticle({
      title: 'Debate',
      text: 'He has to accomplish the following:\n\nStop lying\nShow humility\nFill in the gaps in his policy.',
    });
    expect(article.paragraphs).toEqual([
      'He has to accomplish the following:',
      'Stop lying',
      'Show humility',
      'Fill in the gaps in his policy.',
    ]);
  });

  it('keeps a quotation signed by its author and party tags after names', () => {
    const article = cleanArticle({
      title: 'Voices',
      text: '”He represents our greatest shame.” ― Sonya Herridge\n\nGov. Pat McCrory (R) said it would be improper.',
    });
    expect(article.paragraphs).toEqual([
      '”He represents our greatest shame.” ― Sonya Herridge',
      'Gov. Pat McCrory (R) said it would be improper.',
    ]);
  });

  it('keeps shouting that merely repeats a word', () => {
    const article = cleanArticle({ title: 'T', text: 'It’s all about ME ME AND ONLY ME, he wrote.' });
    expect(article.paragraphs).toEqual(['It’s all about ME ME AND ONLY ME, he wrote.']);
  });

  it('keeps a sentence broken by the scraper before a lower-case continuation', () => {
    const paragraphs = [
      'Leeds had an early chance when the prop was held up over the line',
      'but then it was all Warrington.',
    ];
    expect(cleanArticle({ title: 'T', text: paragraphs.join('\n\n') }).paragraphs).toEqual(paragraphs);
  });
});

describe('cleanArticle on odd input', () => {
  it('returns no paragraphs for empty or blank text, with a title that is not empty', () => {
    expect(cleanArticle({ text: '' })).toEqual({ title: UNTITLED, paragraphs: [] });
    expect(cleanArticle({ text: ' \n\n\t ' }).paragraphs).toEqual([]);
  });

  it('keeps a one-word text as its own body', () => {
    expect(cleanArticle({ text: 'Hello' })).toEqual({ title: 'Hello', paragraphs: ['Hello'] });
  });

  it('refuses binary data with an ArticleError', () => {
    const bytes = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 37) % 256)).join('');
    expect(() => cleanArticle({ text: bytes })).toThrow(ArticleError);
    expect(() => cleanArticle({ text: 'PNG\u0000\u0000IHDR' })).toThrow(ArticleError);
  });

  it('handles text in other languages and scripts', () => {
    const chinese = cleanArticle({ text: '习近平与普京在撒马尔罕会面。双方讨论了乌克兰局势。' });
    expect(chinese.paragraphs).toHaveLength(1);
    expect(chinese.title).toBe('习近平与普京在撒马尔罕会面');
    const french = cleanArticle({ text: 'Le président a parlé. « Nous irons jusqu’au bout », a-t-il dit.' });
    expect(french.paragraphs).toHaveLength(1);
  });

  it('handles a megabyte of text without punctuation or without line breaks', () => {
    const words = cleanArticle({ text: 'word '.repeat(200_000) });
    expect(words.paragraphs).toHaveLength(1);
    expect(words.title.length).toBeLessThan(120);
    const lines = cleanArticle({ text: 'line\n'.repeat(200_000) });
    expect(lines.paragraphs.length).toBeGreaterThan(0);
  });
});
