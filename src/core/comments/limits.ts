// Field limits, in Unicode code points (WordPress's numbers, which readers' tools expect).
export const LIMITS = {
  name: 245,
  email: 100,
  website: 200,
  body: 65_525,
  title: 300,
  thread: 2_000,
  formToken: 300,
} as const;

/** Code points in a well-formed string, without allocating an array for 64 KB bodies. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}
