// A small deterministic pseudo-random generator for property tests: the same seed gives the same cases, so a
// failure can be replayed.

/** Numbers in [0, 1) from a linear congruential generator. */
export function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** A string of `length` items drawn from `alphabet`. */
export function randomText(next: () => number, alphabet: readonly string[], length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}
