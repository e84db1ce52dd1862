// A file that holds a shipped corpus's texts under another path (the original download in
// ../shared, a copy, a file with its duplicates kept): measured with the shipped model, its figures
// would be those of a model that has seen its answers. Found by the texts themselves, so that
// `parley spam eval` leaves the corpus out of training (or warns) whatever the file is called.
import type { Corpus } from './classifier/corpora.ts';
import type { Example } from './classifier/data.ts';
import type { Left } from './corpus-eval.ts';
import { groupedByFile } from './corpus-eval.ts';
import { examplesOfCorpus } from './eval-files.ts';

/** Above this share of its texts in one corpus (or one of its files), a file counts as that corpus. */
export const COPIED_SHARE = 0.2;

const key = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

export type Copied = Left & { share: number };

/** The shipped corpora (a grouped corpus: its file) that hold at least COPIED_SHARE of the texts. */
export function copiedCorpora(examples: readonly Example[], corpora: readonly Corpus[]): Copied[] {
  if (!examples.length) return [];
  const texts = new Set(examples.map((e) => key(e.text)));
  const copied: Copied[] = [];
  for (const c of corpora) {
    const byFile = groupedByFile(c);
    // Distinct texts found, by where they were found (a text the corpus holds twice counts once).
    const hits = new Map<string | null, Set<string>>();
    for (const e of examplesOfCorpus(c)) {
      const k = key(e.text);
      if (!texts.has(k)) continue;
      const where = byFile ? e.group : null;
      hits.set(where, (hits.get(where) ?? new Set()).add(k));
    }
    for (const [file, found] of hits) {
      const share = found.size / texts.size;
      if (share >= COPIED_SHARE) copied.push({ corpus: c.name, file, share });
    }
  }
  return copied;
}
