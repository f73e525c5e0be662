// Plain-text helpers shared by the email renderer and the terminal output of the CLI: one-line fields, cutting at
// a word boundary, wrapping with a hanging indent, and dates as readers write them. No dependencies, so the CLI
// can format a digest without loading the email renderer.

// C0/C1 controls, line and paragraph separators and bidi overrides: never in a subject or a one-line field.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text: controls removed, whitespace collapsed. */
export function oneLine(value: string): string {
  return value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** Cuts a text to at most `max` characters at a word boundary, ending it with an ellipsis when cut. */
export function truncateAtWord(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  let cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.5) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.\-–—|]+$/u, '')}…`;
}

/** Wraps text at `width` columns; the first line starts with `prefix`, later lines with as many spaces. */
export function wrapText(value: string, width = 72, prefix = ''): string {
  const indent = ' '.repeat(Array.from(prefix).length);
  const lines: string[] = [];
  let line = prefix;
  let lineLength = Array.from(prefix).length;
  let empty = true;
  for (const word of oneLine(value).split(' ')) {
    if (word === '') continue;
    const wordLength = Array.from(word).length;
    if (!empty && lineLength + 1 + wordLength > width) {
      lines.push(line);
      line = indent + word;
      lineLength = indent.length + wordLength;
    } else {
      line += empty ? word : ` ${word}`;
      lineLength += empty ? wordLength : wordLength + 1;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** "15 September 2022" from an ISO date; undefined when the article's date cannot be read. */
export function formatDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}
