// Address normalisation: what a sign-up form or an SES event may hand us, and what we refuse.
import { describe, expect, it } from 'vitest';
import { addressKey, InvalidAddressError, normaliseAddress } from '../../../functions/subscribers/address.js';

describe('normaliseAddress accepts', () => {
  it.each([
    ['jane@example.com', 'jane@example.com'],
    ['  Jane.Doe@Example.COM ', 'Jane.Doe@example.com'],
    ["o'brien+news@mail.example.co.uk", "o'brien+news@mail.example.co.uk"],
    ['user@münchen.de', 'user@xn--mnchen-3ya.de'],
    ['user@MÜNCHEN.de', 'user@xn--mnchen-3ya.de'],
    ['user@xn--mnchen-3ya.de', 'user@xn--mnchen-3ya.de'],
    ['user@пример.рф', 'user@xn--e1afmkfd.xn--p1ai'],
    ['user@例え.jp', 'user@xn--r8jz45g.jp'],
    [`${'a'.repeat(64)}@example.com`, `${'a'.repeat(64)}@example.com`],
  ])('%j as %j', (input, expected) => {
    expect(normaliseAddress(input).address).toBe(expected);
  });

  it('a 254-character address, the longest allowed', () => {
    const domain = `${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.${'g'.repeat(8)}.com`;
    const local = 'l'.repeat(254 - domain.length - 1);
    expect(normaliseAddress(`${local}@${domain}`).address).toHaveLength(254);
  });

  it('decomposed Unicode in the domain, composed to NFC first', () => {
    expect(normaliseAddress('user@mu\u0308nchen.de').domain).toBe('xn--mnchen-3ya.de');
  });

  it('the same identity key for the same mailbox typed in another case', () => {
    expect(addressKey(normaliseAddress('Jane@Example.com'))).toBe(
      addressKey(normaliseAddress('jane@EXAMPLE.com')),
    );
  });
});

describe('normaliseAddress refuses', () => {
  it.each([
    ['an empty string', ''],
    ['blanks', '   '],
    ['a header injection', 'a@b.com\r\nBcc: x@y.com'],
    ['a trailing line feed', 'jane@example.com\n'],
    ['a NUL byte', 'ja\u0000ne@example.com'],
    ['a tab', 'jane@exa\tmple.com'],
    ['a Unicode line separator', 'jane@example.com\u2028Bcc: x@y.com'],
    ['300 characters', `${'a'.repeat(288)}@example.com`],
    ['a 65-character local part', `${'a'.repeat(65)}@example.com`],
    [
      'a 255-character address',
      `${'l'.repeat(60)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.example.com`,
    ],
    ['a fullwidth at sign', 'jane＠example.com'],
    ['fullwidth letters in the domain', 'jane@ｅｘａｍｐｌｅ.com'],
    ['a zero-width space in the domain', 'jane@exa\u200bmple.com'],
    ['a soft hyphen in the domain', 'jane@exam\u00adple.com'],
    ['a Cyrillic letter inside a Latin domain', 'jane@p\u0430ypal.com'],
    ['a Cyrillic look-alike of a Latin domain', 'jane@\u0430\u0440\u0440\u04cf\u0435.com'],
    ['a Greek omicron inside a Latin domain', 'jane@g\u03bfogle.com'],
    ['a non-ASCII local part', 'jöhn@example.com'],
    ['a Cyrillic look-alike local part', '\u0430dmin@example.com'],
    ['a zero-width space in the local part', 'ja\u200bne@example.com'],
    ['a quoted local part with a space', '"john doe"@example.com'],
    ['a quoted local part', '"jane"@example.com'],
    ['a display name', 'Jane <jane@example.com>'],
    ['angle brackets', '<jane@example.com>'],
    ['a comment', 'jane(work)@example.com'],
    ['two addresses', 'jane@example.com, joe@example.com'],
    ['two at signs', 'jane@doe@example.com'],
    ['no at sign', 'jane.example.com'],
    ['an IP literal', 'jane@[127.0.0.1]'],
    ['a domain without a dot', 'jane@localhost'],
    ['consecutive dots', 'jane..doe@example.com'],
    ['a leading dot', '.jane@example.com'],
    ['a hyphen-led label', 'jane@-example.com'],
    ['an underscore in the domain', 'jane@exa_mple.com'],
    ['a one-letter top-level domain', 'jane@example.c'],
    ['a numeric top-level domain', 'jane@example.123'],
    ['an invalid punycode label', 'jane@xn--zz.com'],
    ['HTML', '<script>alert(1)</script>@example.com'],
  ])('%s', (_what, input) => {
    expect(() => normaliseAddress(input)).toThrow(InvalidAddressError);
  });

  it.each([[42], [null], [undefined], [{ email: 'jane@example.com' }]])('a non-string (%j)', (input) => {
    expect(() => normaliseAddress(input)).toThrow(InvalidAddressError);
  });

  it.each([
    ['Jane <jane@example.com>', /without a name/],
    ['"john doe"@example.com', /quotation marks/],
    ['jane doe@example.com', /space/],
    ['jane.example.com', /needs an @/],
    ['jane＠example.com', /ordinary @/],
    ['jöhn@example.com', /plain ASCII/],
    ['jane@p\u0430ypal.com', /imitates another domain/],
    ['a@b.com\r\nBcc: x@y.com', /control character/],
  ])('%j with a reason a person can act on', (input, reason) => {
    expect(() => normaliseAddress(input)).toThrow(reason);
  });

  it('a megabyte of input as too long, before parsing it', () => {
    expect(() => normaliseAddress(`${'a'.repeat(1_000_000)}@example.com`)).toThrow(/too long/);
  });
});
