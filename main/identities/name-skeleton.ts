// When two display names look the same to a person glancing at a tile or a knock. Names are
// chosen by whoever joins, so an impostor picks one that reads as "Bob": another case, accents,
// a Cyrillic "о", a zero for an "o", an "rn" for an "m", extra spaces or dots. The skeleton
// folds all of those to one string (in the spirit of Unicode TR39's confusable skeletons, with a
// small table of the look-alikes that matter in Latin names); equal skeletons mean "looks like".

/** Letters from other scripts, digits and pairs that read as a Latin letter. */
const CONFUSABLES: ReadonlyArray<readonly [RegExp, string]> = [
  // Cyrillic and Greek letters shaped like Latin ones (after lower-casing).
  [/[аα]/gu, 'a'], [/[в]/gu, 'b'], [/[сϲ]/gu, 'c'], [/[ԁ]/gu, 'd'], [/[еєε]/gu, 'e'], [/[һ]/gu, 'h'],
  [/[іїιӏ]/gu, 'l'], [/[ј]/gu, 'j'], [/[кκ]/gu, 'k'], [/[м]/gu, 'm'], [/[пη]/gu, 'n'], [/[оοσ]/gu, 'o'],
  [/[рρ]/gu, 'p'], [/[ԛ]/gu, 'q'], [/[ѕ]/gu, 's'], [/[тτ]/gu, 't'], [/[υ]/gu, 'u'], [/[ѵν]/gu, 'v'],
  [/[ԝω]/gu, 'w'], [/[хχ]/gu, 'x'], [/[уγ]/gu, 'y'], [/[ᴢ]/gu, 'z'],
  // Digits and symbols used for letters.
  [/0/g, 'o'], [/[1!|]/g, 'l'], [/3/g, 'e'], [/4/g, 'a'], [/5/g, 's'], [/7/g, 't'], [/8/g, 'b'], [/\$/g, 's'], [/@/g, 'a'],
  // Shapes that merge at small sizes: "rn" reads as "m", "vv" as "w", "cl" as "d", and i as l.
  [/rn/g, 'm'], [/vv/g, 'w'], [/cl/g, 'd'], [/i/g, 'l'],
];

export function nameSkeleton(name: string): string {
  let s = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  s = s.replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/ł/g, 'l').replace(/đ/g, 'd');
  for (const [pattern, replacement] of CONFUSABLES) s = s.replace(pattern, replacement);
  // Spaces, dots, dashes and invisible characters do not tell names apart at a glance.
  return s.replace(/[^\p{L}\p{N}]/gu, '');
}

/** Whether two display names look alike (empty names never match anything). */
export function namesLookAlike(a: string, b: string): boolean {
  const skeleton = nameSkeleton(a);
  return skeleton.length > 0 && skeleton === nameSkeleton(b);
}
