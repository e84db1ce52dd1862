// Replies read before their parent (some formats list comments in no particular order) were
// written at the top of their thread, marked as waiting for that parent. Once the whole file is
// in, each is hung under its parent, with the replies below it; one whose parent never came, or
// came in another thread, stays at the top: an orphan. An interrupted run leaves the marks in
// the database, so the next run links them too.
import type { ImportStore } from '../ports.ts';

const PAGE = 200;

/** Links every waiting reply of the site's imports from `format`; returns how many stayed orphans. */
export async function linkWaitingReplies(
  store: Pick<ImportStore, 'pendingImportLinks' | 'importLookup' | 'linkImportedReply'>,
  siteId: string,
  format: string,
): Promise<number> {
  let orphans = 0;
  let after: string | null = null;
  for (;;) {
    const page = await store.pendingImportLinks(siteId, format, after, PAGE);
    if (!page.length) return orphans;
    for (const link of page) {
      // One at a time, read fresh: linking one reply moves the replies below it, and one of
      // those may be the next one's parent.
      const { comments } = await store.importLookup({
        siteId,
        format,
        threadKeys: [],
        commentKeys: [link.sourceKey, link.parentKey],
      });
      const me = comments.get(link.sourceKey);
      const parent = comments.get(link.parentKey);
      // A parent below the reply itself would make a loop: the file says so, we cannot.
      const fits =
        !!me && !!parent && parent.threadId === me.threadId && parent.id !== me.id && parent.rootId !== me.id;
      if (!fits) orphans++;
      await store.linkImportedReply(siteId, format, {
        sourceKey: link.sourceKey,
        id: link.id,
        parent: fits ? parent : null,
      });
    }
    after = page[page.length - 1].sourceKey;
  }
}
