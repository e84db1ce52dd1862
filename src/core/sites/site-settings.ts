// Changing a site's settings, for the dashboard (PATCH /admin/api/sites/:site/settings) and the
// CLI (`parley site settings KEY=VALUE`): one validation, one write, one audit entry. Each
// surface words a refusal its own way, so a problem carries both the API's rule code and the
// CLI's sentence.
import type { SettingsPatchReply, SettingsReply } from '../../contracts/admin-api.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { FieldErrors } from '../comments/validate-comment.ts';
import { AppError } from '../errors.ts';
import type { SiteSettingsStore } from '../ports.ts';
import { checkSetting, resolveSettings, type SiteSettings } from './settings.ts';

export type SettingProblem = { key: string; code: 'INVALID_VALUE' | 'INVALID_TYPE'; message: string };
/** New values by key; null removes the site's own value, so the install's default applies again. */
export type SettingsPatch = Record<string, unknown>;

/**
 * What is wrong with a patch, in the patch's order; empty when it may be applied. `checks`: the
 * names of the spam policy's checks (the policy is given to core, not known by it).
 */
export function settingsProblems(patch: SettingsPatch, checks: readonly string[]): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) continue;
    const problem = checkSetting(key as keyof SiteSettings, value);
    if (problem) {
      // A value of the right kind but out of bounds is a bad value; anything else, a bad type.
      const code =
        Array.isArray(value) || typeof value === 'number' || typeof value === 'string'
          ? 'INVALID_VALUE'
          : 'INVALID_TYPE';
      problems.push({ key, code, message: `${key} ${problem}` });
      continue;
    }
    const unknown = key === 'disabledChecks' ? (value as string[]).filter((c) => !checks.includes(c)) : [];
    if (unknown.length)
      problems.push({
        key,
        code: 'INVALID_VALUE',
        message: `disabledChecks: "${unknown[0]}" is not a check (checks: ${checks.join(', ')})`,
      });
  }
  return problems;
}

export class SiteSettingsService {
  readonly #store: SiteSettingsStore;
  readonly #audit: AuditLog;
  readonly #defaults: SiteSettings;
  readonly #checks: readonly string[];

  /** `defaults`: the install's settings (its environment over the built-in defaults); `checks`: the spam policy's check names. */
  constructor(deps: { store: SiteSettingsStore; audit: AuditLog; defaults: SiteSettings; checks: readonly string[] }) {
    this.#store = deps.store;
    this.#audit = deps.audit;
    this.#defaults = deps.defaults;
    this.#checks = deps.checks;
  }

  async show(siteId: string): Promise<SettingsReply> {
    const site = await this.#store.getSite(siteId);
    if (!site) throw new AppError('NOT_FOUND');
    // The defaults and the check names come along, so a form can show and validate them.
    return {
      settings: resolveSettings(this.#defaults, site.settings),
      overrides: site.settings as SettingsReply['overrides'],
      defaults: this.#defaults,
      checks: [...this.#checks],
    };
  }

  /** Applies a patch (refused whole when any value is bad), audited with the overrides before and after. */
  async update(actor: string, siteId: string, patch: SettingsPatch): Promise<SettingsPatchReply> {
    const problems = settingsProblems(patch, this.#checks);
    if (problems.length) {
      const errors = new FieldErrors('en');
      for (const p of problems) errors.add(p.key, p.code);
      throw new AppError('VALIDATION', { fields: errors.fields });
    }
    const site = await this.#store.getSite(siteId);
    if (!site) throw new AppError('NOT_FOUND');
    const before = site.settings;
    const next: Record<string, unknown> = { ...before };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete next[k];
      else next[k] = v;
    }
    await this.#store.updateSite(site.id, { settings: next });
    await this.#audit.record({ actor, siteId: site.id, action: 'site.settings', target: site.id, before, after: next });
    return {
      settings: resolveSettings(this.#defaults, next),
      overrides: next as SettingsPatchReply['overrides'],
    };
  }
}
