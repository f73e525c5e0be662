// Character classes for the hand-written text scanners (sentences, words, tokens): tests on UTF-16 code
// units, cheaper in hot loops than regular expressions with Unicode property escapes.

/** White space as regular expressions' \s define it. */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A character with case, in upper case (any script). */
export function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** A character with case, in lower case (any script). */
export function isLower(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

/**
 * Letters and digits: ASCII, and beyond it the blocks of the world's scripts (Latin-1 letters, Latin
 * Extended, Greek, Cyrillic, Hebrew, Arabic, Indic, CJK, Hangul...), leaving out the punctuation and
 * symbol blocks (general punctuation with its quotation marks and dashes, CJK punctuation). A range
 * test, because Unicode property escapes make regular expressions several times slower here.
 */
export function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return (
    c === 0xaa ||
    c === 0xb5 ||
    c === 0xba ||
    (c >= 0xc0 && c <= 0x1fff && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x2c00 && c <= 0x2dff) ||
    (c >= 0x3040 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdff) ||
    (c >= 0xfe70 && c <= 0xfeff) ||
    (c >= 0xff10 && c <= 0xff19) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a) ||
    (c >= 0xff66 && c <= 0xffdc)
  );
}
