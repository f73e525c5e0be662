// Email address normalisation and validation for sign-ups and SES events: one parser (email-addresses, RFC 5322
// with the RFC 6532 extensions so that Unicode is seen and judged rather than mis-split), then our own rules.
//
// Decisions, deliberately strict because an address is later put in a header and mailed through SES:
// - Only a bare addr-spec: no display name, no comments, no angle brackets, no quoted local part ("john doe"@x),
//   no IP literal domains. Surrounding spaces are trimmed; any control character (CR, LF, TAB, NUL, DEL, C1)
//   anywhere is refused, so nothing can smuggle a header line.
// - The local part must be ASCII (dot-atom): SES cannot send to SMTPUTF8 mailboxes, and a look-alike Unicode
//   local part is far more often a trick than a real mailbox.
// - The domain may be internationalised. It is NFC-normalised, lowercased and stored as its punycode A-label form
//   (what SES needs). It is refused when UTS 46 would silently change it (fullwidth letters, zero-width or soft
//   hyphen characters), when one label mixes Latin, Cyrillic or Greek letters ("pаypal" with a Cyrillic а), or when
//   a label is made only of Cyrillic/Greek letters that look Latin under an ASCII top-level domain ("аррӏе.com") -
//   roughly the rules browsers use before showing a Unicode domain.
// - Limits: 64 characters for the local part, 253 for the domain, 254 in all (RFC 5321 as amended by errata 1690).
// - The local part keeps its case (RFC 5321 says it is the mailbox's to interpret); the identity key used for
//   de-duplication (`addressKey`) lowercases the whole address, as every large mailbox provider does.
import { domainToASCII, domainToUnicode } from 'node:url';
import emailAddresses from 'email-addresses';

export const MAX_ADDRESS_LENGTH = 254;
export const MAX_LOCAL_LENGTH = 64;
export const MAX_DOMAIN_LENGTH = 253;
/** Raw input longer than this is refused before parsing, so hostile input costs nothing. */
const MAX_INPUT_LENGTH = 512;

export class InvalidAddressError extends Error {
  override readonly name = 'InvalidAddressError';
}

export interface NormalisedAddress {
  /** The address to send to: local part as given, domain lowercased in ASCII (punycode) form. */
  readonly address: string;
  readonly local: string;
  /** ASCII (A-label) form. */
  readonly domain: string;
}

// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LDH_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Normalises and validates one address typed by a person or named by SES. Throws InvalidAddressError. */
export function normaliseAddress(input: unknown): NormalisedAddress {
  if (typeof input !== 'string') throw new InvalidAddressError('an email address is required');
  if (input.length > MAX_INPUT_LENGTH) throw new InvalidAddressError('the email address is too long');
  if (CONTROL.test(input)) throw new InvalidAddressError('the email address contains a control character');
  const trimmed = input.normalize('NFC').trim();
  if (trimmed.length === 0) throw new InvalidAddressError('an email address is required');
  if (trimmed.length > MAX_ADDRESS_LENGTH) throw new InvalidAddressError('the email address is too long');

  const parsed = emailAddresses.parseOneAddress({
    input: trimmed,
    rfc6532: true,
    strict: true,
    rejectTLD: true,
  });
  if (
    parsed?.type !== 'mailbox' ||
    parsed.name !== null ||
    parsed.parts.comments.length > 0 ||
    parsed.address !== trimmed
  ) {
    throw new InvalidAddressError(whyNotAnAddress(trimmed));
  }
  const { local, domain: rawDomain } = parsed;
  if (!DOT_ATOM.test(local)) {
    throw new InvalidAddressError(
      'the part before @ may only hold plain ASCII letters, digits and the usual punctuation',
    );
  }
  if (local.length > MAX_LOCAL_LENGTH) throw new InvalidAddressError('the part before @ is too long');
  const domain = normaliseDomain(rawDomain);
  const address = `${local}@${domain}`;
  if (address.length > MAX_ADDRESS_LENGTH) throw new InvalidAddressError('the email address is too long');
  return { address, local, domain };
}

/** The most helpful reason we can give for an input the parser refused. */
function whyNotAnAddress(input: string): string {
  if (/[<>]/.test(input)) return 'enter the address alone, without a name or angle brackets';
  if (input.includes('"')) return 'addresses in quotation marks are not accepted';
  if (/\s/u.test(input)) return 'the email address contains a space';
  if (/[\uff20\ufe6b]/u.test(input)) return 'use an ordinary @ sign, not a full-width one';
  if (!input.includes('@')) return 'an email address needs an @ sign';
  return 'this is not a valid email address';
}

/** The identity of an address for de-duplication: the same mailbox however its letters were cased. */
export function addressKey(address: NormalisedAddress | string): string {
  return (typeof address === 'string' ? address : address.address).toLowerCase();
}

function normaliseDomain(raw: string): string {
  if (raw.startsWith('[')) throw new InvalidAddressError('IP address domains are not accepted');
  const given = raw.toLowerCase();
  const ascii = domainToASCII(given);
  if (!ascii) throw new InvalidAddressError('the domain is not valid');
  const unicode = domainToUnicode(ascii);
  // UTS 46 maps some characters silently (fullwidth letters, zero-width joiners, soft hyphens). An address that
  // only works after such mapping is refused: what the person sees is not what we would store.
  if (given !== ascii && given !== unicode) {
    throw new InvalidAddressError('the domain contains characters that only look like ordinary ones');
  }
  if (ascii.length > MAX_DOMAIN_LENGTH) throw new InvalidAddressError('the domain is too long');
  const labels = ascii.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2 || !labels.every((l) => LDH_LABEL.test(l)) || !TLD.test(tld)) {
    throw new InvalidAddressError('the domain is not valid');
  }
  const asciiTld = !tld.startsWith('xn--');
  for (const label of unicode.split('.')) {
    if (isConfusableLabel(label, asciiTld)) {
      throw new InvalidAddressError('the domain mixes alphabets in a way that imitates another domain');
    }
  }
  return ascii;
}

// Cyrillic and Greek letters that render like Latin ones in common fonts (after Chromium's IDN spoof checks).
const LATIN_LOOKALIKES = new Set([...'аеорсухіјѕһԁԛԝӏαορυνικ']);
const SCRIPTS = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
] as const;

/** True for a label mixing Latin, Cyrillic and Greek letters, or a whole-script look-alike of a Latin label. */
export function isConfusableLabel(label: string, asciiTld: boolean): boolean {
  const seen = new Set<string>();
  let allLookalikes = true;
  let letters = 0;
  for (const ch of label) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    for (const [name, re] of SCRIPTS) if (re.test(ch)) seen.add(name);
    if (!LATIN_LOOKALIKES.has(ch)) allLookalikes = false;
  }
  if (seen.size > 1) return true;
  const onlyNonLatinConfusableScript = seen.size === 1 && !seen.has('Latin');
  return asciiTld && onlyNonLatinConfusableScript && letters > 0 && allLookalikes;
}
