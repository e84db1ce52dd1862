// The one `parley` command. Thin adapters over the same store and rules the server uses;
// they run in-process against the database (stop nothing: SQLite in WAL mode lets the CLI
// write while a server runs).
import { parseArgs } from 'node:util';
import { pickLanguage, LANGUAGES } from '../contracts/messages.ts';
import { newId } from '../core/ids.ts';
import { newSecret } from '../core/tokens.ts';
import { configHelp, ConfigError, defaultSiteSettings, loadConfig } from '../config/config.ts';
import { SETTING_RULES, type SiteSettings } from '../core/sites/settings.ts';
import { SiteSettingsService, settingsProblems } from '../core/sites/site-settings.ts';
import { CHECK_NAMES } from '../spam/pipeline.ts';
import { parseOrigin, SiteAdmin, siteView } from '../core/sites/site-admin.ts';
import { AuditLog, cliActor } from '../core/audit/audit-log.ts';
import { Accounts } from '../core/accounts/accounts.ts';
import { systemClock } from '../core/clock.ts';
import type { AppError } from '../core/errors.ts';
import { openStore } from '../store/open-store.ts';

const HELP = `parley — self-hosted comments for news sites

Usage:
  parley serve [--demo]        Start the server (--demo also serves the demo newsroom)
  parley migrate               Create or upgrade the database schema, then exit
  parley site add --name NAME --origin https://news.example.com [--origin …] [--lang en|fr|ru] [--default]
  parley site list             List sites with their ids, origins and language
  parley site settings [--site ID] [KEY=VALUE …]   Show a site's settings, or change them (lists comma-separated; KEY=default removes an override)
                               e.g. holdScore=4 blockKeywords=casino,pill* languages=en,fr disabledChecks=language
  parley backup FILE [--force]  A consistent copy of the SQLite database, safe while the server runs and writes
  parley migrate-data --from ./data/parley.db --to postgres://…   Copy a SQLite install into PostgreSQL (idempotent; verifies counts and checksums)
  parley spam train [--seed N] [--out FILE]   Retrain the spam classifier from training/spam/ (deterministic)
  parley spam eval FILE [--text-column C] [--label-column C] [--spam-value V] [--json] [--train-on FILE…]
                               Measure the spam classifier on a labelled CSV/TSV (accuracy, precision, recall, F1, MCC, FPR, hold rate)
  parley spam mark ID spam|ham  A moderator's verdict: moves the comment and teaches the site's spam filter
  parley spam explain ID [--json]   The spam score and reasons a comment got
  parley spam discards [--site ID] [--limit N] [--json]   The newest discarded comments, with their reasons
  parley moderation-keys create [--site ID] [--label TEXT] | list | revoke KEY|PREFIX   Keys for the moderation API
  parley akismet-keys create [--site ID] [--label TEXT] | list | revoke KEY|PREFIX   Keys for the Akismet-compatible API (create prints only the key)
  parley privacy export EMAIL [--site ID]   Everything stored about a commenter, as JSON
  parley privacy erase EMAIL [--site ID] [--delete-text]   Anonymize a commenter everywhere (keeps the texts unless --delete-text)
  parley admin create --site ID --email ADDRESS --role admin|moderator   A dashboard account (password from the terminal or stdin)
  parley --help                This help

Configuration (environment variables; per-site settings stored in the database override them):
${configHelp()}
`;

function fail(message: string): never {
  process.stderr.write(`parley: ${message}\n`);
  process.exit(2);
}

export async function runCli(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(HELP);
        return;
      case 'serve': {
        const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean', default: false } } });
        // The only way into the server's code: other commands load none of it.
        const { serve } = await import('../server/main.ts');
        const plugins = values.demo ? [(await import('../../demo/plugin.ts')).demoPlugin({ seed: true })] : [];
        await serve({ demo: !!values.demo, plugins });
        return;
      }
      case 'migrate': {
        const config = loadConfig();
        const store = (await openStore(config)) as Awaited<ReturnType<typeof openStore>> & { applied?: string[] };
        process.stdout.write(
          store.applied?.length ? `applied: ${store.applied.join(', ')}\n` : 'database is up to date\n',
        );
        await store.close();
        return;
      }
      case 'backup': {
        const { runBackup } = await import('./backup.ts');
        runBackup(rest, loadConfig());
        return;
      }
      case 'migrate-data': {
        const { runMigrateData } = await import('./migrate-data.ts');
        await runMigrateData(rest);
        return;
      }
      case 'site':
        await site(rest);
        return;
      case 'spam': {
        const { runSpam } = await import('./spam.ts');
        await runSpam(rest);
        return;
      }
      case 'akismet-keys': {
        const { runAkismetKeys } = await import('./akismet-keys.ts');
        await runAkismetKeys(rest);
        return;
      }
      case 'privacy': {
        const { runPrivacy } = await import('./privacy.ts');
        await runPrivacy(rest);
        return;
      }
      case 'admin': {
        const { runAdmin } = await import('./admin.ts');
        await runAdmin(rest);
        return;
      }
      case 'moderation-keys': {
        const { runModerationKeys } = await import('./moderation-keys.ts');
        await runModerationKeys(rest);
        return;
      }
      default:
        fail(`unknown command "${command}"; see parley --help`);
    }
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration: ${err.message}`);
    throw err;
  }
}

async function site(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const config = loadConfig();
  if (sub === 'add') {
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        lang: { type: 'string', default: 'en' },
        default: { type: 'boolean', default: false },
      },
    });
    if (!values.name?.trim()) fail('site add: --name is required');
    const origins: string[] = [];
    for (const o of values.origin ?? []) {
      const origin = parseOrigin(o);
      if (!origin) fail(`site add: --origin "${o}" is not an http or https URL`);
      origins.push(origin);
    }
    if (!(LANGUAGES as readonly string[]).includes(values.lang!))
      fail(`site add: --lang must be one of ${LANGUAGES.join(', ')}`);
    const store = await openStore(config);
    const existing = await store.listSites();
    const id = newId();
    const row = {
      id,
      name: values.name!.trim(),
      origins: JSON.stringify(origins),
      lang: pickLanguage(values.lang),
      settings: '{}',
      avatar_secret: newSecret(),
      is_default: values.default || existing.length === 0 ? 1 : 0,
      created_at: Date.now(),
    };
    await store.createSite(row);
    if (values.default) for (const s of existing) if (s.is_default) await store.updateSite(s.id, { is_default: 0 });
    // Audited like a site created in the dashboard, in the new site's own log.
    await new AuditLog({ store, clock: systemClock }).record({
      actor: cliActor(),
      siteId: id,
      action: 'site.create',
      target: id,
      after: siteView(row),
    });
    await store.close();
    process.stdout.write(`${id}\t${values.name}\t${origins.join(',')}\n`);
    return;
  }
  if (sub === 'list') {
    const store = await openStore(config);
    for (const s of await store.listSites()) {
      process.stdout.write(
        `${s.id}\t${s.name}\t${JSON.parse(s.origins).join(',') || '-'}\t${s.lang}${s.is_default ? '\tdefault' : ''}\n`,
      );
    }
    await store.close();
    return;
  }
  if (sub === 'settings') {
    await siteSettings(rest, config);
    return;
  }
  if (sub === 'update') {
    // The same rules as the dashboard's site editor (src/core/sites/site-admin.ts); audited as "cli:<user>".
    const { values } = parseArgs({
      args: rest,
      options: {
        site: { type: 'string' },
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        lang: { type: 'string' },
      },
    });
    const store = await openStore(config);
    try {
      const sites = await store.listSites();
      const site = values.site ? sites.find((s) => s.id === values.site) : sites.length === 1 ? sites[0] : undefined;
      if (!site)
        fail(
          values.site ? `site update: no site ${values.site}` : 'site update: several sites, choose one with --site',
        );
      const patch: Record<string, unknown> = {};
      if (values.name !== undefined) patch.name = values.name;
      if (values.origin !== undefined) patch.origins = values.origin;
      if (values.lang !== undefined) patch.lang = values.lang;
      try {
        const after = await new SiteAdmin({
          store,
          clock: systemClock,
          accounts: new Accounts({ store, clock: systemClock }),
          audit: new AuditLog({ store, clock: systemClock }),
        }).update(null, site.id, patch);
        process.stdout.write(`${after.id}\t${after.name}\t${after.origins.join(',') || '-'}\t${after.lang}\n`);
      } catch (err) {
        const fields = (err as AppError).fields;
        if (!fields) throw err;
        fail(
          `site update: ${Object.entries(fields)
            .map(([k, v]) => `${k}: ${v.message}`)
            .join('; ')}`,
        );
      }
    } finally {
      await store.close();
    }
    return;
  }
  fail('usage: parley site add|list|update|settings');
}

/** `parley site settings [--site ID] [KEY=VALUE …]`: shows a site's settings, changed first when asked. */
async function siteSettings(rest: string[], config: ReturnType<typeof loadConfig>): Promise<void> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { site: { type: 'string' } },
  });
  const store = await openStore(config);
  try {
    const sites = await store.listSites();
    const site = values.site
      ? sites.find((s) => s.id === values.site)
      : sites.length === 1
        ? sites[0]
        : sites.find((s) => s.is_default);
    if (!site)
      fail(
        values.site ? `site settings: no site ${values.site}` : 'site settings: several sites, choose one with --site',
      );
    const keys = Object.keys(SETTING_RULES) as (keyof SiteSettings)[];
    const patch: Record<string, unknown> = {};
    for (const arg of positionals) {
      const eq = arg.indexOf('=');
      const key = arg.slice(0, eq) as keyof SiteSettings;
      if (eq < 1 || !keys.includes(key))
        fail(`site settings: "${arg}" is not KEY=VALUE with a known key (${keys.join(', ')})`);
      const raw = arg.slice(eq + 1);
      // Lists are comma-separated (or a JSON array); numbers are numbers; "default" (null) removes the override.
      const rule = SETTING_RULES[key];
      const value =
        raw === 'default'
          ? null
          : rule.list
            ? raw.startsWith('[')
              ? JSON.parse(raw)
              : raw
                  .split(',')
                  .map((x) => x.trim())
                  .filter(Boolean)
            : rule.oneOf
              ? raw
              : Number(raw);
      // The dashboard's rules (src/core/sites/site-settings.ts), checked as each argument is read.
      const problem = settingsProblems({ [key]: value }, CHECK_NAMES)[0];
      if (problem) fail(`site settings: ${problem.message}`);
      patch[key] = value;
    }
    const service = new SiteSettingsService({
      store,
      audit: new AuditLog({ store, clock: systemClock }),
      defaults: defaultSiteSettings(config),
      checks: CHECK_NAMES,
    });
    const { settings: effective, overrides } = positionals.length
      ? await service.update(cliActor(), site.id, patch)
      : await service.show(site.id);
    for (const key of keys)
      process.stdout.write(
        `${key}=${Array.isArray(effective[key]) ? (effective[key] as string[]).join(',') : effective[key]}${key in overrides ? '' : '\t(default)'}\n`,
      );
  } finally {
    await store.close();
  }
}
