// Altered forms of an issued token, shared by the unit and HTTP tests of "tokens in canonical form only".

/**
 * Ways to alter an issued token: those Node's lenient base64url decoder reads as the same signature, and others.
 * Variants that would equal the token itself are left out.
 */
export function forgedVariants(token: string): Record<string, string> {
  const [payload = '', signature = ''] = token.split('.');
  const last = signature.length - 1;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const value = alphabet.indexOf(signature.charAt(last));
  // 43 characters carry 258 bits for 256: the last character's two low bits are spare.
  const spare = [1, 2, 3].map((flip) => `${payload}.${signature.slice(0, last)}${alphabet[value ^ flip]}`);
  const variants: Record<string, string> = {
    'appended =': `${token}=`,
    'appended ==': `${token}==`,
    'appended !!': `${token}!!`,
    'appended ~': `${token}~`,
    'appended .': `${token}.`,
    'appended space': `${token} `,
    'appended newline': `${token}\n`,
    'appended character (44 long)': `${token}A`,
    'padded payload': `${payload}=.${signature}`,
    'space inside the signature': `${payload}.${signature.slice(0, 10)} ${signature.slice(10)}`,
    'standard base64 alphabet': `${payload}.${signature.replaceAll('-', '+').replaceAll('_', '/')}`,
    'spare bits changed (1)': spare[0] ?? '',
    'spare bits changed (2)': spare[1] ?? '',
    'spare bits changed (3)': spare[2] ?? '',
    'last character dropped (42 long)': token.slice(0, -1),
    'leading space': ` ${token}`,
    'no signature': `${payload}.`,
    'no payload': `.${signature}`,
    empty: '',
  };
  // A signature without '-' or '_' has no standard-alphabet twin: that variant would be the token itself.
  return Object.fromEntries(Object.entries(variants).filter(([, variant]) => variant !== token));
}
