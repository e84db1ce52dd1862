// `parley site add|list|update|settings`: the install's sites, with the same rules and the same
// audit log as the dashboard's Sites and Settings screens (changes are audited as "cli:<user>").
import { parseArgs } from 'node:util';
import { type Config, defaultSiteSettings } from '../config/config.ts';
import { LANGUAGES, pickLanguage } from '../contracts/messages.ts';
import { AuditLog, cliActor } from '../core/audit/audit-log.ts';
import { systemClock } from '../core/clock.ts';
import type { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { SETTING_RULES, type SiteSettings } from '../core/sites/settings.ts';
import { parseOrigin, SiteAdmin, siteView } from '../core/sites/site-admin.ts';
import { SiteSettingsService, settingsProblems } from '../core/sites/site-settings.ts';
import { newSecret } from '../core/tokens.ts';
import { CHECK_NAMES } from '../spam/pipeline.ts';
import { openStore } from '../store/open-store.ts';
import { fail } from './exit.ts';
import { chooseSite } from './choose-site.ts';

export async function runSite(argv: string[], config: Config): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'add') return siteAdd(rest, config);
  if (sub === 'list') return siteList(rest, config);
  if (sub === 'settings') return siteSettings(rest, config);
  if (sub === 'update') return siteUpdate(rest, config);
  fail('usage: parley site add|list|update|settings');
}

async function siteAdd(rest: string[], config: Config): Promise<void> {
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
    origins,
    lang: pickLanguage(values.lang),
    settings: {},
    avatar_secret: newSecret(),
    is_default: values.default === true || existing.length === 0,
    created_at: Date.now(),
  };
  await store.createSite(row);
  if (values.default) for (const s of existing) if (s.is_default) await store.updateSite(s.id, { is_default: false });
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
}

async function siteList(rest: string[], config: Config): Promise<void> {
  parseArgs({ args: rest, options: {} }); // refuses unknown options
  const store = await openStore(config);
  for (const s of await store.listSites()) {
    process.stdout.write(
      `${s.id}\t${s.name}\t${s.origins.join(',') || '-'}\t${s.lang}${s.is_default ? '\tdefault' : ''}\n`,
    );
  }
  await store.close();
}

/** The same rules as the dashboard's site editor (src/core/sites/site-admin.ts). */
async function siteUpdate(rest: string[], config: Config): Promise<void> {
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
    const site = await chooseSite(store, values.site, 'site update');
    const patch: Record<string, unknown> = {};
    if (values.name !== undefined) patch.name = values.name;
    if (values.origin !== undefined) patch.origins = values.origin;
    if (values.lang !== undefined) patch.lang = values.lang;
    try {
      const after = await new SiteAdmin({
        store,
        clock: systemClock,
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
}

/** `parley site settings [--site ID] [KEY=VALUE …]`: shows a site's settings, changed first when asked. */
async function siteSettings(rest: string[], config: Config): Promise<void> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { site: { type: 'string' } },
  });
  const store = await openStore(config);
  try {
    const site = await chooseSite(store, values.site, 'site settings', { orDefault: true });
    const keys = Object.keys(SETTING_RULES) as (keyof SiteSettings)[];
    const patch: Record<string, unknown> = {};
    for (const arg of positionals) {
      const eq = arg.indexOf('=');
      const key = arg.slice(0, eq) as keyof SiteSettings;
      if (eq < 1 || !keys.includes(key))
        fail(`site settings: "${arg}" is not KEY=VALUE with a known key (${keys.join(', ')})`);
      const raw = arg.slice(eq + 1);
      // Lists are comma-separated (or a JSON array); numbers are numbers; "default" (null) removes the override.
      const value = settingValue(key, raw);
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

/** A setting's value as typed on the command line: lists comma-separated (or a JSON array), numbers as numbers. */
function settingValue(key: keyof SiteSettings, raw: string): unknown {
  if (raw === 'default') return null;
  const rule = SETTING_RULES[key];
  if (rule.oneOf) return raw;
  if (!rule.list) return Number(raw);
  if (!raw.startsWith('[')) {
    return raw
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  }
  try {
    return JSON.parse(raw);
  } catch {
    fail(`site settings: ${key} is neither a comma-separated list nor a JSON array`);
  }
}
