// Sites are few and read on every request: keep them in memory, reload when one is missing
// or every few seconds (another process, the CLI, may have added one).
import type { Store, SiteRow } from '../core/ports.ts';
import { resolveSettings, type SiteSettings } from '../core/sites/settings.ts';
import { pickLanguage } from '../contracts/messages.ts';
import type { SiteContext } from '../core/comments/comment-service.ts';

export class SiteRegistry {
  #sites: SiteRow[] = [];
  #loadedAt = 0;
  readonly #store: Store;
  readonly #defaults: SiteSettings;

  constructor(store: Store, defaults: SiteSettings) {
    this.#store = store;
    this.#defaults = defaults;
  }

  async reload(): Promise<void> {
    this.#sites = await this.#store.listSites();
    this.#loadedAt = Date.now();
  }

  async #fresh(): Promise<SiteRow[]> {
    if (Date.now() - this.#loadedAt > 5000) await this.reload();
    return this.#sites;
  }

  // Contexts are rebuilt only when a site row is reloaded (every few seconds at most).
  readonly #contexts = new WeakMap<SiteRow, SiteContext>();

  context(site: SiteRow): SiteContext {
    let c = this.#contexts.get(site);
    if (!c) {
      c = { site, settings: resolveSettings(this.#defaults, site.settings), lang: pickLanguage(site.lang) };
      this.#contexts.set(site, c);
    }
    return c;
  }

  async byId(id: string): Promise<SiteRow | undefined> {
    let found = (await this.#fresh()).find((s) => s.id === id);
    if (!found) {
      await this.reload();
      found = this.#sites.find((s) => s.id === id);
    }
    return found;
  }

  async byOrigin(origin: string): Promise<SiteRow | undefined> {
    return (await this.#fresh()).find((s) => s.origins.includes(origin));
  }

  async defaultSite(): Promise<SiteRow | undefined> {
    const sites = await this.#fresh();
    return sites.find((s) => s.is_default) ?? sites[0];
  }

  async all(): Promise<SiteRow[]> {
    return this.#fresh();
  }
}
