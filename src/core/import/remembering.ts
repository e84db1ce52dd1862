// A million imported comments come from far fewer commenters: the keyed hashes of a commenter's
// address (their avatar) and of their network are worked out once and remembered, not once a
// comment (an HMAC each, a few µs).
/** `f` remembering its last answers (forgotten all at once past `limit`: memory stays bounded). */
export function remembering<T>(f: (key: string) => T, limit = 10_000): (key: string) => T {
  let known = new Map<string, T>();
  return (key) => {
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as T;
    if (known.size >= limit) known = new Map();
    const value = f(key);
    known.set(key, value);
    return value;
  };
}
