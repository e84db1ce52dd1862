// `parley moderation-keys …` and `parley admin-keys …`: keys of one site for its moderation API
// (src/server/routes/moderation) or its admin API for machines (the WordPress plugin's move of
// comments). `create` prints only the key, so scripts can capture it.
import { parseArgs } from 'node:util';
import { systemClock } from '../core/clock.ts';
import { ApiKeys } from '../core/keys/api-keys.ts';
import { loadConfig } from '../config/config.ts';
import { openStore } from '../store/open-store.ts';
import { chooseSite } from './choose-site.ts';

type MachineScope = 'moderation' | 'admin';

export function runModerationKeys(argv: string[]): Promise<void> {
  return runKeys('moderation', argv);
}

export function runAdminKeys(argv: string[]): Promise<void> {
  return runKeys('admin', argv);
}

async function runKeys(scope: MachineScope, argv: string[]): Promise<void> {
  const command = `${scope}-keys`;
  const USAGE = `usage: parley ${command} create [--site ID] [--label TEXT] | list | revoke KEY|PREFIX`;
  const fail: (message: string, code?: number) => never = (message, code = 2) => {
    process.stderr.write(`parley ${command}: ${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
    process.exit(code);
  };
  const [sub, ...rest] = argv;
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke')
    fail(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { site: { type: 'string' }, label: { type: 'string' } },
  });
  const store = await openStore(loadConfig());
  try {
    const keys = new ApiKeys(store, systemClock);
    if (sub === 'create') {
      const site = await chooseSite(store, values.site, command);
      const { key } = await keys.create(site.id, scope, values.label ?? null);
      process.stdout.write(`${key}\n`);
    } else if (sub === 'list') {
      for (const k of await keys.list(scope)) {
        process.stdout.write(
          `${k.prefix}…\t${k.site_id}\t${new Date(k.created_at).toISOString()}\t${k.revoked_at ? `revoked ${new Date(k.revoked_at).toISOString()}` : 'active'}\t${k.label ?? ''}\n`,
        );
      }
    } else {
      if (!positionals[0]) fail('revoke needs a KEY or the PREFIX shown by list');
      const row = await keys.revoke(positionals[0].replace(/…$/, ''), scope);
      if (!row) fail(`no active key matches "${positionals[0]}"`, 1);
      process.stdout.write(`revoked ${row.prefix}…\n`);
    }
  } finally {
    await store.close();
  }
}
