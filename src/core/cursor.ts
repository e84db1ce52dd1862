// One cursor encoding for every list and every database: an opaque base64url token
// carrying the sort order and the id of the last item seen (ids are time-ordered).
import { isId } from './ids.ts';

export type Sort = 'oldest' | 'newest';
export type Cursor = { v: 1; after: string; sort: Sort };

export function encodeCursor(after: string, sort: Sort): string {
  return Buffer.from(JSON.stringify({ v: 1, after, sort } satisfies Cursor)).toString('base64url');
}

export function decodeCursor(token: string): Cursor | null {
  if (typeof token !== 'string' || token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (value?.v !== 1 || !isId(value.after) || (value.sort !== 'oldest' && value.sort !== 'newest')) return null;
    return { v: 1, after: value.after, sort: value.sort };
  } catch {
    return null;
  }
}
