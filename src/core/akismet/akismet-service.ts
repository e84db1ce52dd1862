// The Akismet protocol's meaning, over our spam engine: which key and site a call belongs to,
// which fields are required, the documented test values, and how a check or a correction maps
// onto the engine. Where the key travels and how bytes become fields is the transport's job
// (src/server/routes/akismet); this file sees decoded fields only.
//
// A site that asks us through Akismet posted nothing on our form and has no history with us:
// the checks that judge the act of posting here (form timing, repeats, velocity, trust,
// pre-moderation) are switched off for these calls, since they would judge every call alike.
import type { Clock } from '../clock.ts';
import { DISCARD_LOG_SIZE, type Secrets, type SiteContext } from '../comments/comment-deps.ts';
import { LIMITS } from '../comments/limits.ts';
import { newId } from '../ids.ts';
import type { ApiKeys } from '../keys/api-keys.ts';
import { isAkismetKeyShape } from '../keys/api-keys.ts';
import type { AkismetStore, ApiKeyRow, Outcome, SpamPolicy, SpamTextExtras, Verdict } from '../ports.ts';
import { hashIp } from '../privacy/ip.ts';

/** Decoded form fields; a name sent twice keeps its last value (as PHP, where the protocol was born). */
export type AkismetFields = Readonly<Record<string, string | undefined>>;

/** Checks that judge posting on our own form or a commenter's history with us. */
export const NOT_FOR_AKISMET = ['form-timing', 'repeat', 'velocity', 'trust', 'premoderation'] as const;

/** Fields every check and correction needs, in the order the protocol reports them. */
const REQUIRED = ['blog', 'user_ip'] as const;
export type RequiredField = (typeof REQUIRED)[number];

/** A request the protocol refuses, with the words it uses for it. */
export type Refusal = { kind: 'invalid-key'; debug: string } | { kind: 'missing'; field: RequiredField; debug: string };

export type CheckAnswer =
  | { kind: 'verdict'; spam: boolean; discard: boolean; outcome: Outcome; guid: string }
  | Refusal;
export type SubmitAnswer = { kind: 'thanks'; learned: boolean } | Refusal;

/** The documented test values: they answer the same everywhere, whatever the filter thinks. */
const TEST_SPAM_AUTHOR = 'viagra-test-123';
const TEST_SPAM_EMAIL = 'akismet-guaranteed-spam@example.com';

/** Fields of the protocol itself: never taken as the name of a honeypot field. */
const PROTOCOL_FIELDS = new Set([
  'api_key',
  'key',
  'blog',
  'blog_lang',
  'blog_charset',
  'user_ip',
  'user_agent',
  'referrer',
  'permalink',
  'comment_type',
  'comment_author',
  'comment_author_email',
  'comment_author_url',
  'comment_content',
  'comment_date_gmt',
  'comment_post_modified_gmt',
  'comment_parent',
  'user_role',
  'is_test',
  'recheck_reason',
  'honeypot_field_name',
]);

export type SiteLookup = (siteId: string) => Promise<SiteContext | undefined>;

/** What a check or a correction reads of the fields. */
type AkismetComment = ReturnType<typeof comment>;

export class AkismetService {
  readonly #spam: Pick<SpamPolicy, 'judge' | 'learn'>;
  readonly #keys: ApiKeys;
  readonly #site: SiteLookup;
  readonly #store: AkismetStore;
  readonly #secrets: Secrets;
  readonly #clock: Clock;
  /** The last blog URL that parsed: a client sends the same one on every call. */
  #parsedBlog = '';
  /** Parsed `blog_lang` values: clients send the same one on every call. */
  readonly #langs = new Map<string, readonly string[]>();

  constructor(deps: {
    spam: Pick<SpamPolicy, 'judge' | 'learn'>;
    keys: ApiKeys;
    site: SiteLookup;
    store: AkismetStore;
    secrets: Secrets;
    clock: Clock;
  }) {
    this.#spam = deps.spam;
    this.#keys = deps.keys;
    this.#site = deps.site;
    this.#store = deps.store;
    this.#secrets = deps.secrets;
    this.#clock = deps.clock;
  }

  /** The live key and its site, or why not. Counts the call against the key. */
  async authorize(key: string | undefined, count = true): Promise<{ key: ApiKeyRow; site: SiteContext } | Refusal> {
    if (!key) return { kind: 'invalid-key', debug: 'Empty "api_key" value' };
    const row = isAkismetKeyShape(key) ? await this.#keys.resolve(key, 'akismet') : null;
    const site = row ? await this.#site(row.site_id) : undefined;
    if (!row || !site) return { kind: 'invalid-key', debug: 'Provided API key is invalid.' };
    if (count) this.#keys.count(row.key_hash);
    return { key: row, site };
  }

  /** verify-key: the key, and a blog URL to go with it (the protocol requires both). */
  async verify(key: string | undefined, f: AkismetFields): Promise<{ kind: 'valid' } | Refusal> {
    if (!key) return { kind: 'invalid-key', debug: 'Empty "key" value' };
    const auth = await this.authorize(key);
    if ('kind' in auth) return auth;
    const missing = this.#missing(f, ['blog']);
    return missing ? { kind: 'invalid-key', debug: missing.debug } : { kind: 'valid' };
  }

  async check(key: string | undefined, f: AkismetFields): Promise<CheckAnswer> {
    const auth = await this.authorize(key);
    if ('kind' in auth) return auth;
    const missing = this.#missing(f, REQUIRED);
    if (missing) return missing;
    const now = this.#clock.now();
    const guid = newId(now);
    const fixed = documentedAnswer(f);
    if (fixed) return { kind: 'verdict', spam: fixed === 'spam', discard: false, outcome: fixed, guid };
    const c = comment(f);
    const ipHash = hashIp(c.ip, this.#secrets.ip);
    const verdict = await this.#judge(auth.site, f, c, ipHash, now);
    const { outcome } = verdict;
    if (outcome === 'discard' && !isTest(f)) await this.#logDiscard(auth.site.site.id, guid, c, ipHash, verdict, now);
    return {
      kind: 'verdict',
      spam: outcome === 'spam' || outcome === 'discard',
      discard: outcome === 'discard',
      outcome,
      guid,
    };
  }

  /** The policy's verdict with the form-and-history checks off: an Akismet client posted nothing here. */
  #judge(
    { site, settings }: SiteContext,
    f: AkismetFields,
    c: AkismetComment,
    ipHash: string | null,
    now: number,
  ): Promise<Verdict> {
    const honeypot = f.honeypot_field_name?.trim();
    return this.#spam.judge({
      site,
      settings,
      skipChecks: NOT_FOR_AKISMET,
      languages: this.#languages(f.blog_lang),
      comment: { name: c.name, email: c.email, website: c.website, body: c.body, ipHash, userAgent: c.userAgent },
      form:
        honeypot && !PROTOCOL_FIELDS.has(honeypot)
          ? { honeypotFilled: !!(f[honeypot] || f[`POST_${honeypot}`]) }
          : null,
      page: { title: c.extras.context ?? null, url: c.extras.permalink ?? null },
      now,
    });
  }

  /** Not stored anywhere else: the bounded log is the moderators' only view of what was dropped. */
  async #logDiscard(
    siteId: string,
    guid: string,
    c: AkismetComment,
    ipHash: string | null,
    verdict: Verdict,
    now: number,
  ): Promise<void> {
    await this.#store.recordDiscard(
      {
        id: guid,
        site_id: siteId,
        source: 'akismet',
        thread_key: c.extras.permalink ?? null,
        author_name: c.name || null,
        author_email: c.email || null,
        author_website: c.website,
        body: c.body,
        ip_hash: ipHash,
        user_agent: c.userAgent ? c.userAgent.slice(0, 400) : null,
        score: verdict.score,
        reasons: verdict.reasons,
        created_at: now,
      },
      DISCARD_LOG_SIZE,
    );
  }

  /** submit-spam (label 1) and submit-ham (label 0): the site's filter learns it at once, unless it is a test. */
  async submit(key: string | undefined, f: AkismetFields, label: 0 | 1): Promise<SubmitAnswer> {
    const auth = await this.authorize(key);
    if ('kind' in auth) return auth;
    const missing = this.#missing(f, REQUIRED);
    if (missing) return missing;
    const c = comment(f);
    if (isTest(f) || !c.body.trim()) return { kind: 'thanks', learned: false };
    await this.#spam.learn(
      auth.key.site_id,
      label,
      { text: c.body, extras: c.extras },
      { source: 'akismet', authorEmail: c.email || null },
    );
    return { kind: 'thanks', learned: true };
  }

  /** Calls counted this month for the key (every server's). */
  async usage(key: string | undefined): Promise<{ usage: number } | Refusal> {
    const auth = await this.authorize(key, false);
    if ('kind' in auth) return auth;
    return { usage: await this.#keys.usage(auth.key.key_hash) };
  }

  #missing(f: AkismetFields, names: readonly RequiredField[]): Refusal | null {
    for (const field of names) {
      const v = f[field]?.trim();
      if (!v) return { kind: 'missing', field, debug: `Empty "${field}" value` };
      if (field === 'blog' && v !== this.#parsedBlog) {
        if (!URL.canParse(v)) return { kind: 'missing', field, debug: 'We were unable to parse your blog URI' };
        this.#parsedBlog = v;
      }
    }
    return null;
  }

  /** `en, fr_ca` → ['en', 'fr']; null when the client named none we can read. */
  #languages(raw: string | undefined): readonly string[] | null {
    if (!raw) return null;
    let langs = this.#langs.get(raw);
    if (!langs) {
      const codes = raw
        .split(',')
        .map((l) => /^\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*$/i.exec(l)?.[1]?.toLowerCase())
        .filter((l): l is string => !!l);
      langs = [...new Set(codes)].slice(0, 20);
      if (this.#langs.size > 1000) this.#langs.clear();
      this.#langs.set(raw, langs);
    }
    return langs.length ? langs : null;
  }
}

/** An administrator's comment is never spam; the documented test author and address always are. */
function documentedAnswer(f: AkismetFields): 'approve' | 'spam' | null {
  if (f.user_role?.trim().toLowerCase() === 'administrator') return 'approve';
  if (f.comment_author === TEST_SPAM_AUTHOR || f.comment_author_email?.trim().toLowerCase() === TEST_SPAM_EMAIL)
    return 'spam';
  return null;
}

function isTest(f: AkismetFields): boolean {
  const v = f.is_test?.trim().toLowerCase();
  return !!v && v !== '0' && v !== 'false';
}

/** What a check or a correction reads of the fields, cut to our own comment limits. */
function comment(f: AkismetFields) {
  const website = clean(f.comment_author_url, LIMITS.website).trim() || null;
  const permalink = clean(f.permalink, LIMITS.thread).trim() || null;
  const context = contextOf(f);
  const extras: SpamTextExtras = { authorUrl: website, permalink, context };
  return {
    name: clean(f.comment_author, LIMITS.name).trim(),
    email: clean(f.comment_author_email, LIMITS.email).trim(),
    website,
    body: clean(f.comment_content, LIMITS.body),
    ip: (f.user_ip ?? '').trim(),
    userAgent: clean(f.user_agent, 1000) || null,
    extras,
  };
}

/** `comment_context` as one value, or as WordPress's `comment_context[0]`, `[1]`… in index order. */
function contextOf(f: AkismetFields): string | null {
  const parts: [number, string][] = [];
  for (const name in f) {
    if (!name.startsWith('comment_context')) continue;
    const v = f[name];
    if (!v) continue;
    if (name === 'comment_context') parts.push([-1, v]);
    else {
      const m = /^comment_context\[(\d*)\]$/.exec(name);
      if (m) parts.push([m[1] === '' ? parts.length : Number(m[1]), v]);
    }
  }
  if (!parts.length) return null;
  parts.sort((a, b) => a[0] - b[0]);
  return clean(parts.map((p) => p[1]).join(', '), LIMITS.title * 4) || null;
}

/** NUL cannot be stored (PostgreSQL text) and means nothing in a comment; long values are cut whole characters. */
function clean(v: string | undefined, max: number): string {
  if (!v) return '';
  let s = v.includes('\u0000') ? v.replaceAll('\u0000', '') : v;
  if (s.length > max) {
    s = s.slice(0, max);
    const last = s.charCodeAt(s.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) s = s.slice(0, -1);
  }
  return s;
}
