// The site a command acts on, chosen the same way by every command that takes `--site ID`: the
// one named, or the install's only one (or, where a command allows it, the default site), and
// otherwise one line saying what to do.
import type { SiteRow, Store } from '../core/ports.ts';
import { fail } from './exit.ts';

export async function chooseSite(
  store: Pick<Store, 'listSites'>,
  id: string | undefined,
  command: string,
  opts: { orDefault?: boolean } = {},
): Promise<SiteRow> {
  const sites = await store.listSites();
  if (id) {
    const site = sites.find((s) => s.id === id);
    if (!site) fail(`${command}: no site ${id} (see parley site list)`, 1);
    return site;
  }
  if (sites.length === 1) return sites[0];
  const fallback = opts.orDefault ? sites.find((s) => s.is_default) : undefined;
  if (fallback) return fallback;
  if (!sites.length) fail(`${command}: this install has no site yet: add one with parley site add`, 1);
  fail(`${command}: --site is required: this install has ${sites.length} sites (see parley site list)`);
}
