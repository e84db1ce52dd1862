// Per-site settings: the install's defaults (from PARLEY_… variables) overridden by what a
// site stores. Declared once here with their rules so the CLI, the API and the /privacy page
// read the same values.

/** Which comments wait for a moderator: none, a new commenter's first, any with a link, all. */
export type Premoderation = 'none' | 'first' | 'links' | 'all';

export type SiteSettings = {
  floodSeconds: number;
  editWindowMinutes: number;
  maxDepth: number;
  pageSize: number;
  repliesPerPage: number;
  premoderation: Premoderation;
  /** A commenter with this many approved comments skips pre-moderation (0: never). */
  autoApproveAfter: number;
  /** Threads stop taking comments this many days after they open (0: never). */
  closeAfterDays: number;
  maxLinks: number;
  ipRetentionDays: number;
  // Spam and abuse checks (src/spam): the score thresholds, which checks run, and the lists.
  holdScore: number;
  spamScore: number;
  discardScore: number;
  disabledChecks: string[];
  holdKeywords: string[];
  blockKeywords: string[];
  /** Addresses (anne@example.com) and domains (example.com or @example.com). */
  blockedEmails: string[];
  blockedIpHashes: string[];
  /** Languages comments are expected in (ISO 639-1); empty means the site's language. */
  languages: string[];
  minFillSeconds: number;
  repeatWindowHours: number;
  velocityPerHour: number;
  /** Days the discard log and the texts of moderators' spam corrections are kept. */
  spamRetentionDays: number;
  /** A reader gets at most one notification email per thread in this many minutes; later replies wait for a digest. */
  notifyIntervalMinutes: number;
};

type Rule = { min?: number; max?: number; oneOf?: readonly string[]; list?: { maxItems: number; maxLength: number } };
export const SETTING_RULES: Record<keyof SiteSettings, Rule> = {
  floodSeconds: { min: 0, max: 3600 },
  editWindowMinutes: { min: 0, max: 1440 },
  maxDepth: { min: 1, max: 10 },
  pageSize: { min: 1, max: 200 },
  repliesPerPage: { min: 1, max: 200 },
  premoderation: { oneOf: ['none', 'first', 'links', 'all'] },
  autoApproveAfter: { min: 0, max: 1000 },
  closeAfterDays: { min: 0, max: 3650 },
  maxLinks: { min: 1, max: 100 },
  ipRetentionDays: { min: 0, max: 3650 },
  holdScore: { min: 1, max: 100 },
  spamScore: { min: 1, max: 100 },
  discardScore: { min: 1, max: 1000 },
  disabledChecks: { list: { maxItems: 50, maxLength: 40 } },
  holdKeywords: { list: { maxItems: 5000, maxLength: 200 } },
  blockKeywords: { list: { maxItems: 5000, maxLength: 200 } },
  blockedEmails: { list: { maxItems: 10000, maxLength: 254 } },
  blockedIpHashes: { list: { maxItems: 10000, maxLength: 64 } },
  languages: { list: { maxItems: 20, maxLength: 3 } },
  minFillSeconds: { min: 0, max: 600 },
  repeatWindowHours: { min: 0, max: 24 * 30 },
  velocityPerHour: { min: 1, max: 1000 },
  spamRetentionDays: { min: 0, max: 3650 },
  notifyIntervalMinutes: { min: 0, max: 1440 },
};

/** Spam defaults; the install's environment does not set these, sites do. */
export const SPAM_DEFAULTS = {
  holdScore: 3,
  spamScore: 6,
  discardScore: 10,
  disabledChecks: [] as string[],
  holdKeywords: [] as string[],
  blockKeywords: [] as string[],
  blockedEmails: [] as string[],
  blockedIpHashes: [] as string[],
  languages: [] as string[],
  minFillSeconds: 3,
  repeatWindowHours: 24,
  velocityPerHour: 6,
  spamRetentionDays: 30,
} satisfies Partial<SiteSettings>;

/**
 * Every setting's default when neither the environment (PARLEY_… variables, src/config/config.ts)
 * nor the site says otherwise: the one place these numbers are written.
 */
export const DEFAULT_SETTINGS: SiteSettings = {
  floodSeconds: 15,
  editWindowMinutes: 15,
  maxDepth: 5,
  pageSize: 25,
  repliesPerPage: 50,
  premoderation: 'none',
  autoApproveAfter: 0,
  closeAfterDays: 0,
  maxLinks: 2,
  ipRetentionDays: 30,
  notifyIntervalMinutes: 15,
  ...SPAM_DEFAULTS,
};

/** Returns an error message for a bad value, or null. */
export function checkSetting(key: keyof SiteSettings, value: unknown): string | null {
  // Own keys only: "constructor" or "toString" must not find Object.prototype's members as rules.
  if (!Object.hasOwn(SETTING_RULES, key)) return 'is not a setting';
  const rule = SETTING_RULES[key];
  if (rule.list) {
    if (!Array.isArray(value)) return 'must be a list';
    if (value.length > rule.list.maxItems) return `must have at most ${rule.list.maxItems} entries`;
    for (const v of value) {
      if (typeof v !== 'string' || !v.isWellFormed()) return 'entries must be text';
      if ([...v].length > rule.list.maxLength) return `entries must be at most ${rule.list.maxLength} characters`;
    }
    return null;
  }
  if (rule.oneOf) return rule.oneOf.includes(value as string) ? null : `must be one of ${rule.oneOf.join(', ')}`;
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
  if (rule.min !== undefined && value < rule.min) return `must be at least ${rule.min}`;
  if (rule.max !== undefined && value > rule.max) return `must be at most ${rule.max}`;
  return null;
}

/** Merges stored overrides over the defaults, ignoring (not failing on) stale stored keys and values. */
export function resolveSettings(defaults: SiteSettings, overrides: Readonly<Record<string, unknown>>): SiteSettings {
  const out: SiteSettings = { ...defaults };
  for (const key of Object.keys(SETTING_RULES) as (keyof SiteSettings)[]) {
    if (Object.hasOwn(overrides, key) && checkSetting(key, overrides[key]) === null)
      (out as Record<string, unknown>)[key] = overrides[key];
  }
  return out;
}
