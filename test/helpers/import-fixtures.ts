// What the XML readers' tests share: the fixtures' folder, reading a source to the end, and the
// line a record opens on, found in the fixture's text (so the tests say which record, not which
// line number, and survive an edit of the fixture).
import { readFileSync } from 'node:fs';
import type { ImportItem, ImportSource } from '../../src/core/import/source.ts';

export const FIXTURES = new URL('../fixtures/import/', import.meta.url);
export const fixture = (name: string) => new URL(name, FIXTURES).pathname;

export async function collect(source: ImportSource): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of source.items()) items.push(item);
  return items;
}

/** Reads until the source fails: what it yielded first, and the error. */
export async function collectUntilError(source: ImportSource): Promise<{ items: ImportItem[]; error: unknown }> {
  const items: ImportItem[] = [];
  try {
    for await (const item of source.items()) items.push(item);
  } catch (error) {
    return { items, error };
  }
  return { items, error: null };
}

/** The 1-based line of the last `open` before the first `needle` in the file's text. */
export function lineOpening(file: string, open: string, needle: string): number {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} is not in ${file}`);
  const start = text.lastIndexOf(open, at);
  return text.slice(0, start).split('\n').length;
}

export const kinds = (items: ImportItem[], kind: ImportItem['kind']) => items.filter((i) => i.kind === kind);
