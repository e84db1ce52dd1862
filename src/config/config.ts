// The install's configuration, declared once: each entry has its variable, a description
// (printed by `parley --help` and in the README), a default and a parser. A bad value stops
// start-up with a message naming the variable. The result is frozen.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { SiteSettings } from '../core/sites/settings.ts';
import { DEFAULT_SETTINGS, SETTING_RULES, checkSetting } from '../core/sites/settings.ts';
import { siteDefaults } from '../core/sites/install-defaults.ts';
import { DEFAULT_CHECKS } from '../spam/pipeline.ts';

type Entry<T> = { env: string; doc: string; default: T; parse: (raw: string) => T; sensitive?: boolean };

function int(min: number, max: number) {
  return (raw: string): number => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error('must be an integer');
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}`);
    return n;
  };
}
function oneOf<T extends string>(...values: T[]) {
  return (raw: string): T => {
    const v = raw.trim().toLowerCase() as T;
    if (!values.includes(v)) throw new Error(`must be one of ${values.join(', ')}`);
    return v;
  };
}
function bool(raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no'].includes(v)) return false;
  throw new Error('must be on or off');
}
function proxies(raw: string): string[] {
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of list) {
    const [addr, bits] = p.split('/');
    if (!isIP(addr) || (bits !== undefined && !/^\d{1,3}$/.test(bits)))
      throw new Error(`"${p}" is not an IP address or CIDR range`);
  }
  return list;
}
function redisUrl(raw: string): string {
  const u = new URL(raw.trim());
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error('must be a redis:// URL');
  return u.toString();
}
function pgUrl(raw: string): string {
  const u = new URL(raw.trim());
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error('must be a postgres:// URL');
  return u.toString();
}
function smtpUrl(raw: string): string {
  const u = new URL(raw.trim());
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('must be an smtp:// or smtps:// URL');
  return u.toString();
}
function mailbox(raw: string): string {
  const v = raw.trim();
  // "Name <a@b.example>" or a bare address; the domain also names our Message-IDs.
  if (!/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(v)) throw new Error('must be an address');
  return v;
}
function url(raw: string): string {
  const u = new URL(raw.trim());
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('must be an http(s) URL');
  return u.origin;
}

/** Open streams allowed in total unless configured: the most a process of ours is trusted with. */
const STREAMS_TOTAL_MAX = 5000;
/** Where the file limit cannot be read (not Linux): a number below the usual limits elsewhere. */
const STREAMS_TOTAL_FALLBACK = 500;

/**
 * Half this process's open-file limit, at most STREAMS_TOTAL_MAX: each stream holds a socket,
 * and the other half is left for the database, ordinary requests and files. Node raises its
 * soft limit to the hard one at start-up, so /proc/self/limits shows what we really have.
 */
export function defaultStreamsTotal(limits = '/proc/self/limits'): number {
  try {
    const soft = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(limits, 'utf8'))?.[1];
    if (soft === 'unlimited') return STREAMS_TOTAL_MAX;
    if (soft) return Math.max(1, Math.min(STREAMS_TOTAL_MAX, Math.floor(Number(soft) / 2)));
  } catch {
    // Not Linux: fall through to the fixed number.
  }
  return STREAMS_TOTAL_FALLBACK;
}

export const CONFIG_SCHEMA = {
  port: { env: 'PARLEY_PORT', doc: 'TCP port to listen on.', default: 8080, parse: int(0, 65535) },
  host: { env: 'PARLEY_HOST', doc: 'Address to listen on.', default: '0.0.0.0', parse: (s: string) => s.trim() },
  dataDir: {
    env: 'PARLEY_DATA_DIR',
    doc: 'Folder for the embedded SQLite database.',
    default: './data',
    parse: (s: string) => s,
  },
  databaseUrl: {
    env: 'PARLEY_DATABASE_URL',
    doc: 'postgres://… to use PostgreSQL instead of the embedded SQLite database (DATABASE_URL is read too).',
    default: '',
    parse: pgUrl,
    sensitive: true,
  },
  redisUrl: {
    env: 'PARLEY_REDIS_URL',
    doc: 'redis://… to keep flood-control counters in Redis (REDIS_URL is read too); without it, or while Redis is away, the database does the job.',
    default: '',
    parse: redisUrl,
    sensitive: true,
  },
  databasePool: {
    env: 'PARLEY_DATABASE_POOL',
    doc: 'PostgreSQL connections per server.',
    default: 10,
    parse: int(1, 500),
  },
  publicUrl: {
    env: 'PARLEY_PUBLIC_URL',
    doc: 'Public origin of this server (used for canonical links of the demo newsroom). Defaults to http://localhost:<port>.',
    default: '',
    parse: url,
  },
  trustedProxies: {
    env: 'PARLEY_TRUSTED_PROXIES',
    doc: 'Comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For is believed. Empty: the socket address is the client.',
    default: [] as string[],
    parse: proxies,
  },
  sqliteSynchronous: {
    env: 'PARLEY_SQLITE_SYNCHRONOUS',
    doc: 'SQLite synchronous mode: full (every acknowledged comment is fsynced; survives power loss) or normal (survives process crashes only).',
    default: 'full' as 'full' | 'normal',
    parse: oneOf('full', 'normal'),
  },
  readCache: {
    env: 'PARLEY_READ_CACHE',
    doc: 'In-process cache of public thread pages, invalidated on every change of the thread.',
    default: true,
    parse: bool,
  },
  readCacheEntries: {
    env: 'PARLEY_READ_CACHE_ENTRIES',
    doc: 'Pages kept in the read cache.',
    default: 5000,
    parse: int(1, 1_000_000),
  },
  readCacheSeconds: {
    env: 'PARLEY_READ_CACHE_SECONDS',
    doc: 'How long a cached page may be served: how long a change made from the command line (import, privacy erase) may take to show.',
    default: 60,
    parse: int(1, 86_400),
  },
  logLevel: {
    env: 'PARLEY_LOG_LEVEL',
    doc: 'Log level.',
    default: 'info' as string,
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  },
  logFormat: {
    env: 'PARLEY_LOG_FORMAT',
    doc: 'Log format: pretty (readable lines), json (one JSON object a line), or auto (pretty when stdout is a terminal, else json).',
    default: 'auto' as 'auto' | 'json' | 'pretty',
    parse: oneOf('auto', 'json', 'pretty'),
  },
  floodSeconds: {
    env: 'PARLEY_FLOOD_SECONDS',
    doc: 'Minimum seconds between two comments from one IP network or email; 0 turns flood control off.',
    default: DEFAULT_SETTINGS.floodSeconds,
    parse: int(0, 3600),
  },
  editWindowMinutes: {
    env: 'PARLEY_EDIT_WINDOW_MINUTES',
    doc: 'Minutes during which an author may edit or delete their comment.',
    default: DEFAULT_SETTINGS.editWindowMinutes,
    parse: int(0, 1440),
  },
  maxDepth: {
    env: 'PARLEY_MAX_DEPTH',
    doc: 'Display depth of reply nesting (1–10); deeper replies attach to the deepest allowed ancestor.',
    default: DEFAULT_SETTINGS.maxDepth,
    parse: int(1, 10),
  },
  pageSize: {
    env: 'PARLEY_PAGE_SIZE',
    doc: 'Top-level comments per page (each with its first replies).',
    default: DEFAULT_SETTINGS.pageSize,
    parse: int(1, 200),
  },
  repliesPerPage: {
    env: 'PARLEY_REPLIES_PER_PAGE',
    doc: 'Replies shown under one top-level comment per page.',
    default: DEFAULT_SETTINGS.repliesPerPage,
    parse: int(1, 200),
  },
  premoderation: {
    env: 'PARLEY_PREMODERATION',
    doc: "Hold comments for review: none, first (a new commenter's first comment), links (comments with links), all.",
    default: DEFAULT_SETTINGS.premoderation,
    parse: oneOf('none', 'first', 'links', 'all'),
  },
  maxLinks: {
    env: 'PARLEY_MAX_LINKS',
    doc: 'A comment with this many links or more is held for moderation.',
    default: DEFAULT_SETTINGS.maxLinks,
    parse: int(1, 100),
  },
  spamDisabledChecks: {
    env: 'PARLEY_SPAM_DISABLED_CHECKS',
    doc: 'Comma-separated spam checks to switch off for every site (e.g. velocity,repeat for load tests); sites may switch off more.',
    default: [] as string[],
    parse: (raw: string) =>
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
  },
  spamWorkers: {
    env: 'PARLEY_SPAM_WORKERS',
    doc: 'Worker threads that compute the spam checks’ text features beside the serving thread (default: 1 on a machine with 2 or more cores, else 0).',
    default: availableParallelism() >= 2 ? 1 : 0,
    parse: int(0, 16),
  },
  ipRetentionDays: {
    env: 'PARLEY_IP_RETENTION_DAYS',
    doc: 'Days after which IP hashes and user agents are erased from comments (0: at once, on the next purge).',
    default: DEFAULT_SETTINGS.ipRetentionDays,
    parse: int(0, 3650),
  },
  shutdownSeconds: {
    env: 'PARLEY_SHUTDOWN_SECONDS',
    doc: 'On SIGTERM or SIGINT the server stops accepting, tells live streams to reconnect and finishes in-flight requests; it exits within this many seconds, cutting what is still open.',
    default: 10,
    parse: int(1, 600),
  },
  streamsPerNetwork: {
    env: 'PARLEY_STREAMS_PER_NETWORK',
    doc: 'Live streams (readers’ and the dashboard’s) open at once from one IP network (an IPv4 address or IPv6 /64); more are refused with 429. Readers behind one carrier NAT share an address.',
    default: 100,
    parse: int(1, 1_000_000),
  },
  streamsTotal: {
    env: 'PARLEY_STREAMS_TOTAL',
    doc: `Live streams open at once on this server; more are refused with 429. Default: half the process’s open-file limit (Linux /proc/self/limits), at most ${STREAMS_TOTAL_MAX}, or ${STREAMS_TOTAL_FALLBACK} where that limit cannot be read.`,
    default: defaultStreamsTotal(),
    parse: int(1, 1_000_000),
  },
  requestTimeoutSeconds: {
    env: 'PARLEY_REQUEST_TIMEOUT_SECONDS',
    doc: 'Seconds a client has to send a whole request, headers and body; a slower one is answered 408 and disconnected.',
    default: 30,
    parse: int(1, 3600),
  },
  headersTimeoutSeconds: {
    env: 'PARLEY_HEADERS_TIMEOUT_SECONDS',
    doc: 'Seconds a client has to send a request’s headers (at most the request timeout); a slower one is answered 408 and disconnected.',
    default: 10,
    parse: int(1, 3600),
  },
  idleTimeoutSeconds: {
    env: 'PARLEY_IDLE_TIMEOUT_SECONDS',
    doc: 'Seconds a connection may stay open with no bytes moving, kept-alive ones between requests included; longer than the 60 s of common load balancers, so they close first. Live streams are exempt.',
    default: 72,
    parse: int(1, 3600),
  },
  smtpUrl: {
    env: 'PARLEY_SMTP_URL',
    doc: 'smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465 for readers’ notification emails; without it (or PARLEY_MAIL_FROM) no email is sent and readers are not offered any.',
    default: '',
    parse: smtpUrl,
    sensitive: true,
  },
  mailFrom: {
    env: 'PARLEY_MAIL_FROM',
    doc: 'From address of notification emails, e.g. "News comments <comments@news.example>".',
    default: '',
    parse: mailbox,
  },
  smtpHelo: {
    env: 'PARLEY_SMTP_HELO',
    doc: 'Name this server gives in the SMTP HELO/EHLO greeting (default: the machine’s hostname).',
    default: '',
    parse: (s: string) => s.trim(),
  },
  dkimDomain: {
    env: 'PARLEY_DKIM_DOMAIN',
    doc: 'Sign emails with DKIM for this domain (with PARLEY_DKIM_SELECTOR and PARLEY_DKIM_KEY_FILE); otherwise the relay should sign.',
    default: '',
    parse: (s: string) => s.trim().toLowerCase(),
  },
  dkimSelector: { env: 'PARLEY_DKIM_SELECTOR', doc: 'DKIM selector.', default: '', parse: (s: string) => s.trim() },
  dkimKeyFile: {
    env: 'PARLEY_DKIM_KEY_FILE',
    doc: 'PEM file of the DKIM private key.',
    default: '',
    parse: (s: string) => s.trim(),
  },
  mailPerRecipientHour: {
    env: 'PARLEY_MAIL_PER_RECIPIENT_HOUR',
    doc: 'Most emails sent to one address in an hour; more wait for the next hour.',
    default: 10,
    parse: int(1, 1000),
  },
  mailClaimSeconds: {
    env: 'PARLEY_MAIL_CLAIM_SECONDS',
    doc: 'Seconds a server holds the queued emails it is sending; when it dies, another server (or this one, restarted) sends them once this has passed. Keep it above the time a batch of 100 emails takes through the relay, or a slow batch may be sent twice.',
    default: 300,
    parse: int(5, 3600),
  },
  webhooksAllowPrivate: {
    env: 'PARLEY_WEBHOOKS_ALLOW_PRIVATE',
    doc: 'Allow webhook endpoints on private, loopback, link-local and other internal addresses (receivers on your own network); off, they are refused when added and at each delivery.',
    default: false,
    parse: bool,
  },
  webhookTimeoutSeconds: {
    env: 'PARLEY_WEBHOOK_TIMEOUT_SECONDS',
    doc: 'Seconds a webhook receiver has to answer (connection included) before the attempt counts as failed and is retried later.',
    default: 10,
    parse: int(1, 60),
  },
} satisfies Record<string, Entry<unknown>>;

type Schema = typeof CONFIG_SCHEMA;
export type Config = { readonly [K in keyof Schema]: Schema[K]['default'] } & { readonly dbPath: string };

export class ConfigError extends Error {}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(CONFIG_SCHEMA) as [string, Entry<unknown>][]) {
    // DATABASE_URL is what hosting platforms set; PARLEY_DATABASE_URL wins when both are.
    const raw =
      env[entry.env] ??
      (entry.env === 'PARLEY_DATABASE_URL'
        ? env.DATABASE_URL
        : entry.env === 'PARLEY_REDIS_URL'
          ? env.REDIS_URL
          : undefined);
    if (raw === undefined || raw === '') {
      out[key] = entry.default;
      continue;
    }
    try {
      out[key] = entry.parse(raw);
    } catch (err) {
      throw new ConfigError(`${entry.env}=${entry.sensitive ? '…' : JSON.stringify(raw)}: ${(err as Error).message}`);
    }
  }
  Object.assign(out, overrides);
  // Node refuses a headers timeout longer than the request timeout; say which variable to change.
  if (Number(out.headersTimeoutSeconds) > Number(out.requestTimeoutSeconds))
    throw new ConfigError(
      `PARLEY_HEADERS_TIMEOUT_SECONDS=${out.headersTimeoutSeconds}: must not exceed PARLEY_REQUEST_TIMEOUT_SECONDS (${out.requestTimeoutSeconds})`,
    );
  const dkim = [out.dkimDomain, out.dkimSelector, out.dkimKeyFile].filter(Boolean).length;
  if (dkim !== 0 && dkim !== 3)
    throw new ConfigError('PARLEY_DKIM_DOMAIN, PARLEY_DKIM_SELECTOR and PARLEY_DKIM_KEY_FILE go together');
  if (!out.publicUrl) out.publicUrl = `http://localhost:${out.port}`;
  out.dbPath = resolve(String(out.dataDir), 'parley.db');
  return Object.freeze(out) as Config;
}

export function defaultSiteSettings(config: Config): SiteSettings {
  const s = siteDefaults(config);
  const known = DEFAULT_CHECKS.map((c) => c.name);
  for (const name of config.spamDisabledChecks) {
    if (!known.includes(name))
      throw new ConfigError(`PARLEY_SPAM_DISABLED_CHECKS: "${name}" is not a check (checks: ${known.join(', ')})`);
  }
  for (const k of Object.keys(SETTING_RULES) as (keyof SiteSettings)[]) {
    const problem = checkSetting(k, s[k]);
    if (problem) throw new ConfigError(`${k} ${problem}`);
  }
  return s;
}

export function configHelp(): string {
  return Object.values(CONFIG_SCHEMA)
    .map((e: Entry<unknown>) => `  ${e.env.padEnd(28)} ${e.doc} (default: ${JSON.stringify(e.default) || '""'})`)
    .join('\n');
}
