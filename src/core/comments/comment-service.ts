// The rules of commenting, between transport and storage: who may post where, what is
// stored, what the public sees. Transport-agnostic: the JSON API and the no-JavaScript form
// both call this.
import { createHmac } from 'node:crypto';
import type { CreatedComment, PublicComment, PublicThread, RepliesPage, ThreadPage } from '../../contracts/api.ts';
import type { Language } from '../../contracts/messages.ts';
import type { CheckContext } from '../../spam/check.ts';
import type { Verdict } from '../../spam/pipeline.ts';
import type { Clock } from '../clock.ts';
import { decodeCursor, encodeCursor, type Sort } from '../cursor.ts';
import { AppError } from '../errors.ts';
import type { ParleyEvents } from '../events.ts';
import { newId } from '../ids.ts';
import type { FloodGuard, Store, SiteRow, ThreadRow, CommentRow, PublicRow } from '../ports.ts';
import type { Bans } from '../moderation/bans.ts';
import { hashIp } from '../privacy/ip.ts';
import type { SiteSettings } from '../sites/settings.ts';
import { isClosed } from '../threads/closing.ts';
import { pinnedIds } from '../threads/pins.ts';
import { threadKey, threadUrl } from '../threads/thread-key.ts';
import { editTokenMatches, hashEditToken, issueViewToken, keyedHash, newEditToken, readFormToken, readViewToken } from '../tokens.ts';
import { FieldErrors, type NewCommentInput, validateEditBody } from './validate-comment.ts';
import { nestReplies, toPublicComment } from './public-comment.ts';

/** Case, spacing and punctuation do not make a repeated text new. */
function normalizeForRepeat(body: string): string {
  return body.normalize('NFKC').toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
}

export type Secrets = { ip: string; form: string; edit: string; view: string };

export type SiteContext = { site: SiteRow; settings: SiteSettings; lang: Language };

export type PostMeta = {
  ip: string;
  userAgent: string | null;
  /** Present for the server-rendered form: its honeypot field. */
  honeypot?: string | null;
};

export type Renderer = (body: string) => Promise<string>;
/** The moderation policy (src/spam/engine.ts), injected so the rules here stay transport- and policy-agnostic. */
export type Moderator = (ctx: Omit<CheckContext, 'classifier'>, extras: { permalink?: string | null; context?: string | null }) => Promise<Verdict> | Verdict;

/** How many discarded comments a site's review log keeps (the newest). */
export const DISCARD_LOG_SIZE = 1000;

export type CreateResult = CreatedComment & { threadKey: string; threadId: string | null; verdict: Verdict };

export class CommentService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #secrets: Secrets;
  readonly #render: Renderer;
  readonly #events: ParleyEvents;
  readonly #moderate: Moderator;
  readonly #flood: FloodGuard | null;
  readonly #bans: Bans | null;
  // Posts accepted but perhaps not yet visible to the flood query (same process, same moment).
  readonly #recentPosts = new Map<string, number>();

  constructor(deps: { store: Store; clock: Clock; secrets: Secrets; render: Renderer; events: ParleyEvents; moderate: Moderator; flood?: FloodGuard | null; bans?: Bans | null }) {
    this.#flood = deps.flood ?? null;
    this.#bans = deps.bans ?? null;
    this.#moderate = deps.moderate;
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#secrets = deps.secrets;
    this.#render = deps.render;
    this.#events = deps.events;
  }

  parseThread(raw: string, lang: Language): string {
    const key = threadKey(raw);
    if (!key) {
      const errors = new FieldErrors(lang);
      errors.add('thread', 'INVALID_VALUE');
      throw new AppError('VALIDATION', { fields: errors.fields });
    }
    return key;
  }

  avatarOf(site: SiteRow, email: string): string {
    return createHmac('sha256', site.avatar_secret).update(email.trim().toLowerCase()).digest('hex').slice(0, 12);
  }

  async create(ctx: SiteContext, input: NewCommentInput, meta: PostMeta): Promise<CreateResult> {
    const { site, settings } = ctx;
    const now = this.#clock.now();
    const key = this.parseThread(input.thread, ctx.lang);
    const thread = await this.#store.getThreadByKey(site.id, key);
    if (thread && isClosed(thread, settings.closeAfterDays, now)) throw new AppError('THREAD_CLOSED');

    let parent: CommentRow | undefined;
    if (input.parent) {
      parent = await this.#store.getComment(input.parent);
      if (!parent || parent.site_id !== site.id || !thread || parent.thread_id !== thread.id) throw new AppError('PARENT_NOT_FOUND');
      if (parent.status !== 'approved') throw new AppError('PARENT_NOT_APPROVED');
    }

    const ipHash = hashIp(meta.ip, this.#secrets.ip);
    const email = input.email;
    await this.#checkFlood(site.id, settings, ipHash, email, now);

    const form = input.formToken ? readFormToken(this.#secrets.form, input.formToken, site.id) : null;
    const bodyHash = keyedHash(this.#secrets.edit, 'body', normalizeForRepeat(input.body));
    // Only the trust, repeat and velocity checks read the site's history, each its own part.
    const on = (c: string) => !settings.disabledChecks.includes(c);
    // Earlier approved comments matter to trust and to pre-moderation of first comments.
    const premoderatesByHistory = settings.premoderation !== 'none' && (settings.premoderation === 'first' || settings.autoApproveAfter > 0);
    const need = { prior: on('trust') || premoderatesByHistory, repeats: on('repeat') && settings.repeatWindowHours > 0, recent: on('velocity') };
    const facts = !(need.prior || need.repeats || need.recent) ? { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 } : await this.#store.spamFacts({
      need,
      siteId: site.id,
      name: input.name,
      email,
      ipHash,
      bodyHash,
      threadId: thread?.id ?? null,
      repeatSince: now - settings.repeatWindowHours * 3_600_000,
      hourSince: now - 3_600_000,
    });
    const verdict = await this.#moderate(
      {
        siteId: site.id,
        siteLang: site.lang,
        languages: settings.languages.length ? settings.languages : [site.lang],
        name: input.name,
        email,
        website: input.website,
        body: input.body,
        ipHash,
        userAgent: meta.userAgent,
        form: meta.honeypot !== undefined ? { honeypotFilled: !!meta.honeypot } : null,
        formAgeMs: form ? now - form.issuedAt : null,
        settings: this.#bans ? await this.#bans.apply(site.id, settings) : settings,
        facts,
        now,
      },
      { permalink: threadUrl(key), context: thread?.title ?? input.title ?? null },
    );

    const id = newId(now);
    const editToken = newEditToken();
    const editableUntil = new Date(now + settings.editWindowMinutes * 60_000).toISOString();
    if (verdict.outcome === 'discard') {
      // Blatant spam is not stored as a comment, but the client gets what a held comment gets;
      // a bounded log keeps it for review (and the retention job purges it).
      this.#remember(site.id, ipHash, email, now);
      await this.#store.recordDiscard(
        {
          id,
          site_id: site.id,
          source: 'comment',
          thread_key: key,
          author_name: input.name,
          author_email: email,
          author_website: input.website,
          body: input.body,
          ip_hash: ipHash,
          user_agent: meta.userAgent ? meta.userAgent.slice(0, 400) : null,
          score: verdict.score,
          reasons: JSON.stringify(verdict.reasons),
          created_at: now,
        },
        DISCARD_LOG_SIZE,
      );
      return { id, editToken, status: 'held', viewToken: issueViewToken(this.#secrets.view, id, now), editableUntil, threadKey: key, threadId: thread?.id ?? null, verdict };
    }

    const status = verdict.outcome === 'approve' ? 'approved' : verdict.outcome === 'spam' ? 'spam' : 'pending';
    const row: CommentRow = {
      id,
      site_id: site.id,
      thread_id: thread?.id ?? '',
      parent_id: parent?.id ?? null,
      root_id: parent ? (parent.root_id ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 0,
      author_name: input.name,
      author_email: email,
      author_website: input.website,
      avatar: this.avatarOf(site, email),
      body: input.body,
      body_html: await this.#render(input.body),
      status,
      created_at: now,
      edited_at: null,
      edit_token_hash: hashEditToken(editToken),
      ip_hash: ipHash,
      user_agent: meta.userAgent ? meta.userAgent.slice(0, 400) : null,
      body_hash: bodyHash,
      spam_score: verdict.score,
      spam_reasons: JSON.stringify(verdict.reasons),
      dedupe_key: keyedHash(this.#secrets.edit, site.id, key, parent?.id ?? '', input.name.toLowerCase(), email.toLowerCase(), input.body),
    };
    const result = await this.#store.insertComment({
      comment: row,
      thread: { id: newId(now), siteId: site.id, key, url: threadUrl(key), title: input.title, createdAt: now },
    });
    if (!result.ok) throw new AppError('DUPLICATE_COMMENT');
    this.#remember(site.id, ipHash, email, now);
    row.thread_id = result.threadId;

    if (status === 'approved') {
      const comment = toPublicComment(row);
      this.#events.emit('thread.changed', { siteId: site.id, threadId: result.threadId, threadKey: key });
      this.#events.emit('comment.published', { siteId: site.id, threadId: result.threadId, threadKey: key, comment });
      return { id, editToken, status: 'published', comment, editableUntil, threadKey: key, threadId: result.threadId, verdict };
    }
    this.#events.emit('queue.changed', { siteId: site.id });
    return { id, editToken, status: 'held', viewToken: issueViewToken(this.#secrets.view, id, now), editableUntil, threadKey: key, threadId: result.threadId, verdict };
  }

  async #checkFlood(siteId: string, settings: SiteSettings, ipHash: string | null, email: string, now: number): Promise<void> {
    if (settings.floodSeconds <= 0) return;
    const windowMs = settings.floodSeconds * 1000;
    const keys = [`${siteId}|e|${email.toLowerCase()}`, ...(ipHash ? [`${siteId}|i|${ipHash}`] : [])];
    if (this.#flood) {
      const wait = await this.#flood.hit(keys.map((k) => keyedHash(this.#secrets.ip, k)), windowMs, now);
      if (wait !== null) {
        const retryAfter = Math.max(1, Math.ceil(wait / 1000));
        throw new AppError('RATE_LIMITED', { headers: { 'retry-after': String(retryAfter) }, params: { retryAfter } });
      }
      return;
    }
    let last = Math.max(0, ...keys.map((k) => this.#recentPosts.get(k) ?? 0));
    const stored = await this.#store.lastPostTime(siteId, ipHash, email, now - windowMs);
    if (stored != null) last = Math.max(last, stored);
    if (last > 0 && now - last < windowMs) {
      const retryAfter = Math.max(1, Math.ceil((last + windowMs - now) / 1000));
      throw new AppError('RATE_LIMITED', { headers: { 'retry-after': String(retryAfter) }, params: { retryAfter } });
    }
  }

  #remember(siteId: string, ipHash: string | null, email: string, now: number): void {
    this.#recentPosts.set(`${siteId}|e|${email.toLowerCase()}`, now);
    if (ipHash) this.#recentPosts.set(`${siteId}|i|${ipHash}`, now);
    if (this.#recentPosts.size > 50_000) {
      // Old entries are only needed for one flood window; drop the oldest half.
      const cutoff = now - 3_600_000;
      for (const [k, t] of this.#recentPosts) if (t < cutoff || this.#recentPosts.size > 25_000) this.#recentPosts.delete(k);
    }
  }

  publicThread(key: string, thread: ThreadRow | undefined, closeAfterDays = 0): PublicThread {
    return {
      id: thread?.id ?? null,
      key,
      title: thread?.title ?? null,
      url: thread?.url ?? threadUrl(key),
      count: thread?.comment_count ?? 0,
      closed: thread ? isClosed(thread, closeAfterDays, this.#clock.now()) : false,
    };
  }

  async findThread(ctx: SiteContext, rawThread: string): Promise<{ key: string; thread: ThreadRow | undefined }> {
    const key = this.parseThread(rawThread, ctx.lang);
    return { key, thread: await this.#store.getThreadByKey(ctx.site.id, key) };
  }

  async threadPage(
    ctx: SiteContext,
    rawThread: string,
    opts: { cursor?: string; limit?: number; sort?: Sort; viewToken?: string; found?: { key: string; thread: ThreadRow | undefined } },
  ): Promise<ThreadPage> {
    return (await this.readThread(ctx, rawThread, opts)).page;
  }

  /** A page with the thread row it was read from (whose version names the page in an ETag). */
  async readThread(
    ctx: SiteContext,
    rawThread: string,
    opts: { cursor?: string; limit?: number; sort?: Sort; viewToken?: string; found?: { key: string; thread: ThreadRow | undefined } },
  ): Promise<{ thread: ThreadRow | undefined; page: ThreadPage }> {
    const key = opts.found?.key ?? this.parseThread(rawThread, ctx.lang);
    const sort = opts.sort ?? 'oldest';
    const limit = Math.min(Math.max(1, opts.limit ?? ctx.settings.pageSize), 200);
    let afterId: string | null = null;
    if (opts.cursor) {
      const c = decodeCursor(opts.cursor);
      if (!c || c.sort !== sort) throw new AppError('BAD_CURSOR');
      afterId = c.after;
    }
    const perRoot = ctx.settings.repliesPerPage;
    let thread: ThreadRow | undefined;
    let top: PublicRow[] = [];
    let hasMore = false;
    let replies: PublicRow[] = [];
    if (!opts.found) {
      // Thread, top-level comments and replies in one database round trip.
      ({ thread, top, hasMore, replies } = await this.#store.threadPage({ siteId: ctx.site.id, key, afterId, sort, limit, perRoot: perRoot + 1 }));
    } else {
      thread = opts.found.thread;
      if (thread) {
        top = await this.#store.listTopLevel({ threadId: thread.id, afterId, sort, limit: limit + 1 });
        hasMore = top.length > limit;
        if (hasMore) top.pop();
        replies = await this.#store.listReplies({ rootIds: top.map((c) => c.id), perRoot: perRoot + 1 });
      }
    }
    if (!thread) return { thread, page: { thread: this.publicThread(key, undefined), comments: [], nextCursor: null } };

    const byRoot = new Map<string, PublicRow[]>();
    for (const r of replies) {
      const list = byRoot.get(r.root_id!) ?? [];
      list.push(r);
      byRoot.set(r.root_id!, list);
    }
    const withReplies = (row: PublicRow, pinned = false) => {
      const node = toPublicComment(row, row.parent_id, row.depth, pinned);
      const rows = byRoot.get(row.id) ?? [];
      if (rows.length > perRoot) {
        rows.pop();
        node.moreReplies = encodeCursor(rows[rows.length - 1].id, 'oldest');
      }
      nestReplies(node, rows, ctx.settings.maxDepth);
      return node;
    };
    const pins = pinnedIds(thread);
    // Pinned comments open the first page and are left out of the pages where time puts them.
    // The cursor still follows the rows read, so no page skips or repeats a comment.
    const comments = (pins.length ? top.filter((row) => !pins.includes(row.id)) : top).map((row) => withReplies(row));
    if (pins.length && !opts.cursor) comments.unshift(...(await this.#pinned(thread, pins, perRoot, byRoot)).map((row) => withReplies(row, true)));
    if (opts.viewToken && !opts.cursor) await this.#addOwnPending(comments, thread, opts.viewToken, sort);
    return {
      thread,
      page: {
        thread: this.publicThread(key, thread, ctx.settings.closeAfterDays),
        comments,
        nextCursor: hasMore ? encodeCursor(top[top.length - 1].id, sort) : null,
      },
    };
  }

  /** The pinned comments still published, in pin order, with their replies added to `byRoot`. */
  async #pinned(thread: ThreadRow, pins: string[], perRoot: number, byRoot: Map<string, PublicRow[]>): Promise<PublicRow[]> {
    const found = new Map((await this.#store.getComments(pins)).map((r) => [r.id, r]));
    const rows = pins.map((id) => found.get(id)).filter((r): r is CommentRow => !!r && r.thread_id === thread.id && r.depth === 0 && r.status === 'approved');
    const missing = rows.filter((r) => !byRoot.has(r.id)).map((r) => r.id);
    if (missing.length) {
      for (const r of await this.#store.listReplies({ rootIds: missing, perRoot: perRoot + 1 })) {
        const list = byRoot.get(r.root_id!) ?? [];
        list.push(r);
        byRoot.set(r.root_id!, list);
      }
    }
    return rows;
  }

  /** The author of a held (or spam) comment sees it, marked pending, for the view token's 10 minutes. */
  async #addOwnPending(comments: PublicComment[], thread: ThreadRow, token: string, sort: Sort): Promise<void> {
    const view = readViewToken(this.#secrets.view, token, this.#clock.now());
    if (!view) return;
    const row = await this.#store.getComment(view.commentId);
    // A comment judged spam looks to its author exactly like a held one: whoever wrote it learns
    // nothing about the verdict (a bot least of all).
    if (!row || row.thread_id !== thread.id || (row.status !== 'pending' && row.status !== 'spam')) return;
    const node = toPublicComment({ ...row, status: 'pending' });
    if (!row.parent_id) {
      if (sort === 'oldest') comments.push(node);
      else comments.unshift(node);
      return;
    }
    const stack = [...comments];
    while (stack.length) {
      const c = stack.pop()!;
      if (c.id === row.parent_id) {
        node.depth = c.depth + 1;
        c.replies.push(node);
        return;
      }
      stack.push(...c.replies);
    }
  }

  async moreReplies(ctx: SiteContext, rootId: string, cursor: string | undefined, limit?: number): Promise<RepliesPage> {
    const root = await this.#store.getComment(rootId);
    if (!root || root.site_id !== ctx.site.id || root.depth !== 0 || (root.status !== 'approved' && root.status !== 'deleted')) {
      throw new AppError('NOT_FOUND');
    }
    let afterId: string | null = null;
    if (cursor) {
      const c = decodeCursor(cursor);
      if (!c) throw new AppError('BAD_CURSOR');
      afterId = c.after;
    }
    const n = Math.min(Math.max(1, limit ?? ctx.settings.repliesPerPage), 200);
    const rows = await this.#store.listMoreReplies({ rootId, afterId, limit: n + 1 });
    const hasMore = rows.length > n;
    if (hasMore) rows.pop();
    const deepest = Math.max(1, ctx.settings.maxDepth - 1);
    const known = new Map<string, PublicRow>();
    const out: PublicComment[] = [];
    for (const row of rows) {
      known.set(row.id, row);
      // Replies deeper than the display depth attach to their deepest allowed ancestor.
      let parent = row.parent_id;
      let depth = row.depth;
      while (depth > deepest && parent) {
        const p = known.get(parent) ?? (await this.#store.getComment(parent));
        if (!p) break;
        known.set(p.id, p);
        parent = p.parent_id;
        depth--;
      }
      if (row.status === 'deleted') continue;
      out.push(toPublicComment(row, parent, Math.min(row.depth, deepest)));
    }
    return { comments: out, nextCursor: hasMore ? encodeCursor(rows[rows.length - 1].id, 'oldest') : null };
  }

  async counts(ctx: SiteContext, rawThreads: string[]): Promise<Record<string, number>> {
    const keys = new Map<string, string>();
    for (const raw of rawThreads) {
      const key = threadKey(raw);
      if (key) keys.set(raw, key);
    }
    const found = await this.#store.countsByKeys(ctx.site.id, [...new Set(keys.values())]);
    const out: Record<string, number> = {};
    for (const raw of rawThreads) out[raw] = found.get(keys.get(raw) ?? '') ?? 0;
    return out;
  }

  async #ownComment(ctx: SiteContext, id: string, token: unknown): Promise<CommentRow> {
    const row = await this.#store.getComment(id);
    if (!row || row.site_id !== ctx.site.id || row.status === 'deleted') throw new AppError('NOT_FOUND');
    if (!editTokenMatches(token, row.edit_token_hash)) throw new AppError('EDIT_TOKEN_INVALID');
    if (this.#clock.now() > row.created_at + ctx.settings.editWindowMinutes * 60_000) throw new AppError('EDIT_WINDOW_CLOSED');
    return row;
  }

  async edit(ctx: SiteContext, id: string, token: unknown, rawBody: unknown): Promise<PublicComment> {
    const row = await this.#ownComment(ctx, id, token);
    const body = validateEditBody(rawBody, ctx.lang);
    if (!body.ok) throw new AppError('VALIDATION', { fields: body.fields });
    // An edit passes the checks again (a harmless comment must not turn into an advert), minus
    // those about the act of posting: the form, repeats and pace were judged at the post.
    const { site, settings } = ctx;
    const thread = await this.#store.getThread(row.thread_id);
    const verdict = await this.#moderate(
      {
        siteId: site.id,
        siteLang: site.lang,
        languages: settings.languages.length ? settings.languages : [site.lang],
        name: row.author_name,
        email: row.author_email,
        website: row.author_website,
        body: body.value,
        ipHash: row.ip_hash,
        userAgent: row.user_agent,
        form: null,
        formAgeMs: null,
        settings: { ...settings, disabledChecks: [...settings.disabledChecks, 'form-timing', 'repeat', 'velocity'] },
        facts: { priorApproved: 0, repeats: 0, recentByIp: 0, recentByEmail: 0 },
        now: this.#clock.now(),
      },
      { permalink: thread?.url ?? null, context: thread?.title ?? null },
    );
    const status = verdict.outcome === 'approve' ? row.status : verdict.outcome === 'hold' ? 'pending' : 'spam';
    const updated = await this.#store.updateComment(id, {
      body: body.value,
      bodyHtml: await this.#render(body.value),
      editedAt: this.#clock.now(),
      status: status === row.status ? undefined : status,
      verdict: { score: verdict.score, reasons: JSON.stringify(verdict.reasons) },
    });
    await this.#changed(ctx.site.id, updated!);
    return toPublicComment(updated!);
  }

  /** A moderator's change to a comment's text: re-rendered and sanitized, marked as theirs. */
  async moderatorEdit(ctx: SiteContext, id: string, rawBody: unknown): Promise<{ before: CommentRow; after: CommentRow }> {
    const row = await this.#store.getComment(id);
    if (!row || row.site_id !== ctx.site.id || row.status === 'deleted') throw new AppError('NOT_FOUND');
    const body = validateEditBody(rawBody, ctx.lang);
    if (!body.ok) throw new AppError('VALIDATION', { fields: body.fields });
    const now = this.#clock.now();
    const updated = await this.#store.updateComment(id, { body: body.value, bodyHtml: await this.#render(body.value), editedAt: now, moderatorEditedAt: now });
    await this.#changed(ctx.site.id, updated!);
    return { before: row, after: updated! };
  }

  /** A moderator's reply, published at once under their name with a badge (no spam checks, no flood limit). */
  async moderatorReply(ctx: SiteContext, parentId: string, author: { name: string; email: string }, rawBody: unknown): Promise<CommentRow> {
    const parent = await this.#store.getComment(parentId);
    if (!parent || parent.site_id !== ctx.site.id) throw new AppError('PARENT_NOT_FOUND');
    if (parent.status !== 'approved') throw new AppError('PARENT_NOT_APPROVED');
    const thread = await this.#store.getThread(parent.thread_id);
    if (!thread) throw new AppError('PARENT_NOT_FOUND');
    const body = validateEditBody(rawBody, ctx.lang);
    if (!body.ok) throw new AppError('VALIDATION', { fields: body.fields });
    const now = this.#clock.now();
    const row: CommentRow = {
      id: newId(now),
      site_id: ctx.site.id,
      thread_id: thread.id,
      parent_id: parent.id,
      root_id: parent.root_id ?? parent.id,
      depth: parent.depth + 1,
      author_name: author.name,
      author_email: author.email,
      author_website: null,
      avatar: this.avatarOf(ctx.site, author.email),
      body: body.value,
      body_html: await this.#render(body.value),
      status: 'approved',
      created_at: now,
      edited_at: null,
      edit_token_hash: null,
      ip_hash: null,
      user_agent: null,
      dedupe_key: null,
      body_hash: null,
      spam_score: null,
      spam_reasons: null,
      moderator: 1,
      moderator_edited_at: null,
    };
    const result = await this.#store.insertComment({ comment: row, thread: { id: thread.id, siteId: ctx.site.id, key: thread.key, url: thread.url, title: thread.title, createdAt: thread.created_at } });
    if (!result.ok) throw new AppError('DUPLICATE_COMMENT');
    const comment = toPublicComment(row);
    this.#events.emit('thread.changed', { siteId: ctx.site.id, threadId: thread.id, threadKey: thread.key });
    this.#events.emit('comment.published', { siteId: ctx.site.id, threadId: thread.id, threadKey: thread.key, comment });
    return row;
  }

  async remove(ctx: SiteContext, id: string, token: unknown): Promise<void> {
    await this.#ownComment(ctx, id, token);
    const updated = await this.#store.updateComment(id, { status: 'deleted' });
    await this.#changed(ctx.site.id, updated!);
  }

  async #changed(siteId: string, row: CommentRow): Promise<void> {
    const thread = await this.#store.getThread(row.thread_id);
    if (thread) this.#events.emit('thread.changed', { siteId, threadId: thread.id, threadKey: thread.key });
  }
}
