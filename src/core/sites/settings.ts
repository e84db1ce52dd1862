// Per-site settings: the install's defaults (from PARLEY_… variables) overridden by what a
// site stores. Declared once here with their rules so the CLI, the API and the /privacy page
// read the same values.

export type Premoderation = 'none' | 'links' | 'all';

export type SiteSettings = {
  floodSeconds: number;
  editWindowMinutes: number;
  maxDepth: number;
  pageSize: number;
  repliesPerPage: number;
  premoderation: Premoderation;
  maxLinks: number;
  ipRetentionDays: number;
};

type Rule = { min?: number; max?: number; oneOf?: readonly string[] };
export const SETTING_RULES: Record<keyof SiteSettings, Rule> = {
  floodSeconds: { min: 0, max: 3600 },
  editWindowMinutes: { min: 0, max: 1440 },
  maxDepth: { min: 1, max: 10 },
  pageSize: { min: 1, max: 200 },
  repliesPerPage: { min: 1, max: 200 },
  premoderation: { oneOf: ['none', 'links', 'all'] },
  maxLinks: { min: 1, max: 100 },
  ipRetentionDays: { min: 0, max: 3650 },
};

/** Returns an error message for a bad value, or null. */
export function checkSetting(key: keyof SiteSettings, value: unknown): string | null {
  const rule = SETTING_RULES[key];
  if (rule.oneOf) return rule.oneOf.includes(value as string) ? null : `must be one of ${rule.oneOf.join(', ')}`;
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
  if (rule.min !== undefined && value < rule.min) return `must be at least ${rule.min}`;
  if (rule.max !== undefined && value > rule.max) return `must be at most ${rule.max}`;
  return null;
}

/** Merges stored overrides over the defaults, ignoring (not failing on) stale stored keys. */
export function resolveSettings(defaults: SiteSettings, stored: string): SiteSettings {
  let overrides: Record<string, unknown> = {};
  try {
    overrides = JSON.parse(stored) ?? {};
  } catch {
    overrides = {};
  }
  const out: SiteSettings = { ...defaults };
  for (const key of Object.keys(SETTING_RULES) as (keyof SiteSettings)[]) {
    if (key in overrides && checkSetting(key, overrides[key]) === null) (out as Record<string, unknown>)[key] = overrides[key];
  }
  return out;
}
