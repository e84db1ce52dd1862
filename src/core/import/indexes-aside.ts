// A bulk import's writes with the comments' indexes set aside when the store allows it (no
// comment stored yet: see Store.setAsideImportIndexes), built again once the writes end, whether
// they ended well or not. --recheck and --train read the comments as they go: with them the
// indexes stay, and are built first if an interrupted bulk import left them aside.
import type { ImportStore } from '../ports.ts';

export async function withIndexesAside(
  store: ImportStore,
  siteId: string,
  opts: { bulk: boolean; reads: boolean; onIndexing: () => void },
  write: () => Promise<void>,
): Promise<void> {
  if (opts.reads) await store.restoreImportIndexes?.();
  const aside = opts.bulk && !opts.reads && (await store.setAsideImportIndexes?.(siteId)) === true;
  let failed = true;
  try {
    await write();
    failed = false;
  } finally {
    if (aside) {
      opts.onIndexing();
      // After failed writes, their error is the one to tell; the next open builds the indexes.
      await store.restoreImportIndexes!().catch((err: unknown) => {
        if (!failed) throw err;
      });
    }
  }
}
