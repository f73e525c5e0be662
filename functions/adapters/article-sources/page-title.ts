// The headline of a web page from the page's own signals, without a list of site names: an <h1> that the
// og:title or the <title> also gives (a site's headline is repeated there, its logo and section headings are
// not); else og:title, else <title>, with a leading or trailing part that names the site (og:site_name, or the
// address's domain) taken off ("Headline - Sportsnet.ca", "Headline | Live Science").

export interface TitleSources {
  readonly title?: string | undefined;
  readonly ogTitle?: string | undefined;
  /** The page's <h1> texts, in document order. */
  readonly headings: readonly string[];
  readonly siteName?: string | undefined;
  /** The page's address, when known. */
  readonly url?: string | undefined;
}

/** Separators between a headline and the site's name or section in a <title>. */
const SEPARATOR = /\s+(?:[|·•»]|::|[-–—]|\/)\s+/;
/** A site's name beyond its domain's words is short; a longer part starting with them is a headline. */
const MAX_SITE_NAME_WORDS = 4;
/** A headline has at least this many words; a shorter <h1> is a logo or a section name. */
const MIN_HEADLINE_WORDS = 2;

/** Lower-case words: what two spellings of one headline share ("doesn’t" and "doesn't" alike). */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Letters and digits only: "Sportsnet.ca" and "sportsnet.ca" and "SPORTSNET CA" are one key. */
function squash(text: string): string {
  return words(text).join('');
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => b[i] === w);
}

/** A title's words and those of its leading parts ("Headline | Section | Site" gives three). */
function leadingParts(title: string): string[][] {
  const parts = title.split(SEPARATOR);
  return parts.map((_, k) => words(parts.slice(0, k + 1).join(' ')));
}

/** The address's host without "www." and its main name ("thesun" for www.thesun.co.uk). */
function hostNames(url: string | undefined): { host: string; name: string } | undefined {
  if (url === undefined) return undefined;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^www\d?\./, '');
  } catch {
    return undefined;
  }
  const labels = host.split('.');
  // The main name is the label before the public suffix: two labels from the end, or three for "co.uk".
  const suffixLabels = labels.length >= 3 && (labels.at(-2) as string).length <= 3 ? 2 : 1;
  const name = labels[labels.length - 1 - suffixLabels] ?? host;
  return { host: squash(host), name: squash(name) };
}

/** Whether a part of a title names the site: the page's site name, or its domain. */
function namesSite(part: string, sources: TitleSources): boolean {
  const key = squash(part);
  if (key === '') return false;
  if (sources.siteName !== undefined && squash(sources.siteName) === key) return true;
  const host = hostNames(sources.url);
  if (host === undefined) return false;
  if (key === host.host || key === host.name) return true;
  // A site named in words its domain runs together, and a little more: "Vortex Cannon Entertainment".
  return host.name.length >= 4 && key.startsWith(host.name) && words(part).length <= MAX_SITE_NAME_WORDS;
}

/** A title without the site's name at its start or end. */
export function withoutSiteName(title: string, sources: TitleSources): string {
  let parts = title.split(SEPARATOR);
  while (parts.length > 1 && namesSite(parts[parts.length - 1] as string, sources))
    parts = parts.slice(0, -1);
  while (parts.length > 1 && namesSite(parts[0] as string, sources)) parts = parts.slice(1);
  if (parts.length === title.split(SEPARATOR).length) return title;
  // The parts kept, with the separators that stood between them.
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  return title.slice(title.indexOf(first), title.lastIndexOf(last) + last.length).trim();
}

/** The page's headline, or undefined when it gives none. */
export function pageTitle(sources: TitleSources): string | undefined {
  const agreeing = [sources.ogTitle, sources.title]
    .filter((t): t is string => t !== undefined)
    .flatMap(leadingParts);
  for (const heading of sources.headings) {
    const key = words(heading);
    if (key.length < MIN_HEADLINE_WORDS || namesSite(heading, sources)) continue;
    if (agreeing.some((o) => sameWords(o, key))) return heading;
  }
  const given = sources.ogTitle ?? sources.title;
  return given === undefined ? undefined : withoutSiteName(given, sources);
}
