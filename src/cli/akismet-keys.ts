// `parley akismet-keys create|list|revoke`: keys for the Akismet-compatible API, one per
// integration of a site. `create` prints only the key, so scripts can capture it; the key is
// never shown again (only its hash is stored).
import { parseArgs } from 'node:util';
import { systemClock } from '../core/clock.ts';
import { ApiKeys } from '../core/keys/api-keys.ts';
import { loadConfig } from '../config/config.ts';
import { openStore } from '../store/open-store.ts';
import { chooseSite } from './choose-site.ts';

const USAGE = 'usage: parley akismet-keys create [--site ID] [--label TEXT] | list | revoke KEY|PREFIX';

function fail(message: string, code = 2): never {
  process.stderr.write(`parley akismet-keys: ${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

export async function runAkismetKeys(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke')
    fail(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: sub === 'revoke',
      options: sub === 'create' ? { site: { type: 'string' }, label: { type: 'string' } } : {},
    });
  } catch (err) {
    fail((err as Error).message);
  }
  const { values, positionals } = parsed as { values: { site?: string; label?: string }; positionals: string[] };
  if (sub === 'revoke' && positionals.length !== 1) fail('revoke needs one KEY or the PREFIX shown by list');
  const store = await openStore(loadConfig());
  try {
    const keys = new ApiKeys(store, systemClock);
    if (sub === 'create') {
      const site = await chooseSite(store, values.site, 'akismet-keys create');
      const label = values.label?.trim() || null;
      const { key } = await keys.create(site.id, 'akismet', label ? label.slice(0, 200) : null);
      process.stdout.write(`${key}\n`);
    } else if (sub === 'list') {
      const names = new Map((await store.listSites()).map((s) => [s.id, s.name]));
      for (const k of await keys.list('akismet')) {
        const state = k.revoked_at ? `revoked ${new Date(k.revoked_at).toISOString()}` : 'active';
        process.stdout.write(
          `${k.prefix}…\t${k.site_id}\t${names.get(k.site_id) ?? '-'}\t${new Date(k.created_at).toISOString()}\t${state}\t${k.label ?? ''}\n`,
        );
      }
    } else {
      const row = await keys.revoke(positionals[0].replace(/…$/, ''), 'akismet');
      if (!row) fail(`no active key matches "${positionals[0]}" (a prefix must name exactly one)`, 1);
      process.stdout.write(`revoked ${row.prefix}…\n`);
    }
  } finally {
    await store.close();
  }
}
