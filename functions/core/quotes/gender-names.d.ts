// Types for the English first-name table of gender-detection-from-name, which we import directly so the
// bundle carries only the English names (the package's index loads six languages).
declare module 'gender-detection-from-name/names/en.js' {
  const names: ReadonlyMap<string, 'male' | 'female'>;
  export default names;
}
