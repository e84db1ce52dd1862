// The site settings service on a fake SiteSettingsStore: one validation worded for the API
// (rule codes) and the CLI (sentences), the patch merged over the overrides, audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditLog } from '../audit/audit-log.ts';
import { fakeClock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { AuditRow, SiteRow, SiteSettingsStore } from '../ports.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { settingsProblems, SiteSettingsService } from './site-settings.ts';
import { CHECK_NAMES } from '../../spam/pipeline.ts';

function setup(settings: Record<string, unknown>) {
  const site: SiteRow = {
    id: 's1',
    name: 'Gazette',
    origins: [],
    lang: 'en',
    settings,
    avatar_secret: 'x',
    is_default: true,
    created_at: 0,
  };
  const audit: AuditRow[] = [];
  const store: SiteSettingsStore = {
    getSite: async (id) => (id === site.id ? { ...site } : undefined),
    updateSite: async (_id, patch) => void Object.assign(site, patch),
  };
  const clock = fakeClock();
  const log = new AuditLog({
    store: { addAudit: async (row) => void audit.push(row), listAudit: async () => audit },
    clock,
  });
  return {
    site,
    audit,
    service: new SiteSettingsService({ store, audit: log, defaults: DEFAULT_SETTINGS, checks: CHECK_NAMES }),
  };
}

test('problems carry the API rule and the CLI sentence', () => {
  assert.deepEqual(
    settingsProblems({ holdScore: 0, disabledChecks: ['nope'], maxLinks: true, spamScore: null }, CHECK_NAMES),
    [
      { key: 'holdScore', code: 'INVALID_VALUE', message: 'holdScore must be at least 1' },
      {
        key: 'disabledChecks',
        code: 'INVALID_VALUE',
        message: settingsProblems({ disabledChecks: ['nope'] }, CHECK_NAMES)[0].message,
      },
      { key: 'maxLinks', code: 'INVALID_TYPE', message: 'maxLinks must be an integer' },
    ],
  );
  assert.match(
    settingsProblems({ disabledChecks: ['nope'] }, CHECK_NAMES)[0].message,
    /^disabledChecks: "nope" is not a check \(checks: .*classifier/,
  );
});

test('a patch merges over the overrides, null removes one, and the change is audited', async () => {
  const { site, audit, service } = setup({ holdScore: 4, blockKeywords: ['casino'] });
  const answer = await service.update('cli:ann', 's1', { holdScore: null, spamScore: 8 });
  assert.deepEqual(answer.overrides, { blockKeywords: ['casino'], spamScore: 8 });
  assert.equal(answer.settings.holdScore, DEFAULT_SETTINGS.holdScore);
  assert.deepEqual(site.settings, answer.overrides);
  assert.deepEqual(
    [audit[0].actor, audit[0].action, audit[0].before, audit[0].after],
    ['cli:ann', 'site.settings', { holdScore: 4, blockKeywords: ['casino'] }, answer.overrides],
  );
});

test('a bad patch changes nothing and answers the fields', async () => {
  const { site, audit, service } = setup({});
  await assert.rejects(
    service.update('cli:ann', 's1', { holdScore: 0 }),
    (e) => e instanceof AppError && e.code === 'VALIDATION' && !!e.fields?.holdScore,
  );
  assert.deepEqual(site.settings, {});
  assert.equal(audit.length, 0);
  await assert.rejects(service.show('other'), (e) => e instanceof AppError && e.code === 'NOT_FOUND');
});
