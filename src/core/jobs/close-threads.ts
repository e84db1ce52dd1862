// Threads past their site's "close after N days" already refuse comments; this job marks them
// closed so that their pages, the caches and the dashboard say so too.
import type { ParleyEvents } from '../events.ts';
import type { Store } from '../ports.ts';
import { resolveSettings } from '../sites/settings.ts';
import { siteDefaults, type InstallDefaults } from '../sites/install-defaults.ts';
import { openedBefore } from '../threads/closing.ts';

/** Returns how many threads it closed. */
export async function closeAgedThreads(
  store: Store,
  install: InstallDefaults,
  now: number,
  events: ParleyEvents,
): Promise<number> {
  let closed = 0;
  const defaults = siteDefaults(install);
  for (const site of await store.listSites()) {
    const days = resolveSettings(defaults, site.settings).closeAfterDays;
    if (days <= 0) continue;
    for (const t of await store.closeAgedThreads(site.id, openedBefore(days, now))) {
      events.emit('thread.changed', { siteId: site.id, threadId: t.id, threadKey: t.key });
      closed++;
    }
  }
  return closed;
}
