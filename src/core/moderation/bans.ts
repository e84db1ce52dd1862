// Bans: a commenter kept out of a site by email address, email domain or network (IP hash),
// for a while or for good, with a reason for the other moderators. Checks read them as part of
// the site's block lists (the `blocklist` spam check); they are read from the database at most
// every few seconds per site, so a ban reaches every server of a cluster within that time.
import type { Clock } from '../clock.ts';
import type { BanRow, Store } from '../ports.ts';
import type { SiteSettings } from '../sites/settings.ts';

const FRESH_MS = 5000;

export class Bans {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { at: number; bans: BanRow[]; merged: WeakMap<SiteSettings, SiteSettings> }>();

  constructor(deps: { store: Store; clock: Clock }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  /** The site's settings with its active bans added to the block lists. */
  async apply(siteId: string, settings: SiteSettings): Promise<SiteSettings> {
    const now = this.#clock.now();
    let c = this.#cache.get(siteId);
    if (!c || now - c.at >= FRESH_MS) {
      c = { at: now, bans: await this.#store.activeBans(siteId, now), merged: new WeakMap() };
      this.#cache.set(siteId, c);
    }
    const live = c.bans.filter((b) => b.until === null || b.until > now);
    if (!live.length) return settings;
    let merged = c.merged.get(settings);
    if (!merged) {
      merged = {
        ...settings,
        blockedEmails: [...settings.blockedEmails, ...live.filter((b) => b.kind !== 'ip').map((b) => (b.kind === 'domain' ? `@${b.value}` : b.value))],
        blockedIpHashes: [...settings.blockedIpHashes, ...live.filter((b) => b.kind === 'ip').map((b) => b.value)],
      };
      c.merged.set(settings, merged);
    }
    return merged;
  }

  /** Forget what was read, after a change on this server. */
  changed(siteId: string): void {
    this.#cache.delete(siteId);
  }
}
