// Posting a comment: where it goes (the thread open, the parent published), whether the poster
// may post again yet, what the spam policy makes of it, and then one of three ends: dropped to
// the discard log, stored for moderators, or published.
import { createHmac } from 'node:crypto';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { CommentRow, SiteRow, ThreadRow, Verdict } from '../ports.ts';
import { hashIp } from '../privacy/ip.ts';
import { isClosed } from '../threads/closing.ts';
import { threadUrl } from '../threads/thread-key.ts';
import { hashEditToken, issueViewToken, keyedHash, newEditToken, readFormToken } from '../tokens.ts';
import {
  DISCARD_LOG_SIZE,
  type CommentDeps,
  markToTell,
  type CreateResult,
  type PostMeta,
  type SiteContext,
  statusStep,
} from './comment-deps.ts';
import type { FloodControl } from './flood-control.ts';
import { toPublicComment } from './public-comment.ts';
import { gatherSpamFacts, repeatHash } from './spam-facts.ts';
import { parseThread } from './thread-reader.ts';
import type { NewCommentInput } from './validate-comment.ts';

/** Where a new comment goes: the thread (none yet for a first comment) and the parent replied to. */
type Target = { key: string; thread: ThreadRow | undefined; parent: CommentRow | undefined };

/** A post on its way in: what was sent, where it goes, and what was worked out about it. */
type Post = {
  ctx: SiteContext;
  input: NewCommentInput;
  meta: PostMeta;
  target: Target;
  ipHash: string | null;
  bodyHash: string;
  now: number;
};

/** The same address gets the same avatar on a site, and no one can tell the address from it. */
export function avatarOf(site: SiteRow, email: string): string {
  return createHmac('sha256', site.avatar_secret).update(email.trim().toLowerCase()).digest('hex').slice(0, 12);
}

export async function createComment(
  deps: CommentDeps,
  flood: FloodControl,
  ctx: SiteContext,
  input: NewCommentInput,
  meta: PostMeta,
): Promise<CreateResult> {
  const now = deps.clock.now();
  const target = await findTarget(deps, ctx, input, now);
  const ipHash = hashIp(meta.ip, deps.secrets.ip);
  // Before flood control: a reader who sent the same comment twice (a double click, a resent
  // form) learns it is already there, with its id, as WordPress answers, not "wait 15 s".
  const dedupeKey = dedupeKeyOf(deps, ctx, target, input);
  await refuseDuplicate(deps, ctx.site.id, dedupeKey);
  await flood.check(ctx.site.id, ctx.settings, ipHash, input.email, now);
  const post: Post = { ctx, input, meta, target, ipHash, bodyHash: repeatHash(deps.secrets.edit, input.body), now };
  const verdict = await judgePost(deps, post);
  if (verdict.outcome === 'discard') {
    // Blatant spam is not stored as a comment, but the client gets what a held comment gets.
    flood.remember(ctx.site.id, ipHash, input.email, now);
    return logDiscard(deps, post, verdict);
  }
  const editToken = newEditToken();
  const row = await newCommentRow(deps, post, verdict, editToken, dedupeKey);
  const notify = await markToTell(deps, row);
  const threadId = await insertNewComment(deps, post, row, notify);
  flood.remember(ctx.site.id, ipHash, input.email, now);
  if (notify) deps.mail!.marked();
  const result = announceNewComment(deps, post, row, threadId, editToken, verdict, deps.mail !== null);
  const step = statusStep(row.status);
  await deps.events.lifecycle(
    { type: 'comment.created', siteId: ctx.site.id, commentId: row.id },
    ...(step ? [{ type: step, siteId: ctx.site.id, commentId: row.id }] : []),
  );
  return result;
}

/** The thread (refused when closed) and the parent (refused unless published in that thread). */
async function findTarget(deps: CommentDeps, ctx: SiteContext, input: NewCommentInput, now: number): Promise<Target> {
  const key = parseThread(input.thread, ctx.lang);
  const thread = await deps.store.getThreadByKey(ctx.site.id, key);
  if (thread && isClosed(thread, ctx.settings.closeAfterDays, now)) throw new AppError('THREAD_CLOSED');
  if (!input.parent) return { key, thread, parent: undefined };
  const parent = await deps.store.getComment(input.parent);
  if (!parent || parent.site_id !== ctx.site.id || !thread || parent.thread_id !== thread.id)
    throw new AppError('PARENT_NOT_FOUND');
  if (parent.status !== 'approved') throw new AppError('PARENT_NOT_APPROVED');
  return { key, thread, parent };
}

/** The spam policy's verdict, with the site's history and bans and the form's timing. */
async function judgePost(deps: CommentDeps, post: Post): Promise<Verdict> {
  const { ctx, input, meta, target, ipHash, now } = post;
  const { site, settings } = ctx;
  const form = input.formToken ? readFormToken(deps.secrets.form, input.formToken, site.id) : null;
  const facts = await gatherSpamFacts(
    deps.store,
    settings,
    deps.spam.factLimits(settings),
    {
      siteId: site.id,
      name: input.name,
      email: input.email,
      ipHash,
      bodyHash: post.bodyHash,
      threadId: target.thread?.id ?? null,
    },
    now,
  );
  return deps.spam.judge({
    site,
    settings: deps.bans ? await deps.bans.apply(site.id, settings) : settings,
    comment: {
      name: input.name,
      email: input.email,
      website: input.website,
      body: input.body,
      ipHash,
      userAgent: meta.userAgent,
    },
    form: meta.honeypot !== undefined ? { honeypotFilled: !!meta.honeypot } : null,
    formAgeMs: form ? now - form.issuedAt : null,
    facts,
    // A first comment creates its thread: until then the page is what the embedding page says it is.
    page: {
      title: target.thread?.title ?? input.title ?? null,
      url: target.thread?.url ?? threadUrl(target.key),
    },
    now,
  });
}

/** What a held comment's author gets back: the edit token, and a view token to see it pending. */
function heldResult(
  deps: CommentDeps,
  post: Post,
  id: string,
  editToken: string,
  threadId: string | null,
  verdict: Verdict,
): CreateResult {
  const editableUntil = editableUntilOf(post);
  return {
    id,
    editToken,
    status: 'held',
    viewToken: issueViewToken(deps.secrets.view, id, post.now),
    editableUntil,
    threadKey: post.target.key,
    threadId,
    verdict,
  };
}

function editableUntilOf(post: Post): string {
  return new Date(post.now + post.ctx.settings.editWindowMinutes * 60_000).toISOString();
}

/** A bounded log keeps discarded comments for review (and the retention job purges it). */
async function logDiscard(deps: CommentDeps, post: Post, verdict: Verdict): Promise<CreateResult> {
  const { ctx, input, meta, now } = post;
  const id = newId(now);
  const editToken = newEditToken();
  await deps.store.recordDiscard(
    {
      id,
      site_id: ctx.site.id,
      source: 'comment',
      thread_key: post.target.key,
      author_name: input.name,
      author_email: input.email,
      author_website: input.website,
      body: input.body,
      ip_hash: post.ipHash,
      user_agent: meta.userAgent ? meta.userAgent.slice(0, 400) : null,
      score: verdict.score,
      reasons: verdict.reasons,
      created_at: now,
    },
    DISCARD_LOG_SIZE,
  );
  return heldResult(deps, post, id, editToken, post.target.thread?.id ?? null, verdict);
}

/** The same author, thread, parent and text: what makes a second post the same comment. */
function dedupeKeyOf(deps: CommentDeps, ctx: SiteContext, target: Target, input: NewCommentInput): string {
  const { name, email, body } = input;
  const parent = target.parent?.id ?? '';
  return keyedHash(deps.secrets.edit, ctx.site.id, target.key, parent, name.toLowerCase(), email.toLowerCase(), body);
}

async function refuseDuplicate(deps: CommentDeps, siteId: string, dedupeKey: string): Promise<void> {
  const id = await deps.store.commentIdByDedupeKey(siteId, dedupeKey);
  if (id) throw new AppError('DUPLICATE_COMMENT', { params: { id } });
}

async function newCommentRow(
  deps: CommentDeps,
  post: Post,
  verdict: Verdict,
  editToken: string,
  dedupeKey: string,
): Promise<CommentRow> {
  const {
    ctx,
    input,
    meta,
    target: { thread, parent },
    now,
  } = post;
  const { site } = ctx;
  return {
    id: newId(now),
    site_id: site.id,
    thread_id: thread?.id ?? '',
    parent_id: parent?.id ?? null,
    root_id: parent ? (parent.root_id ?? parent.id) : null,
    depth: parent ? parent.depth + 1 : 0,
    author_name: input.name,
    author_email: input.email,
    author_website: input.website,
    avatar: avatarOf(site, input.email),
    body: input.body,
    body_html: await deps.render(input.body),
    status: verdict.outcome === 'approve' ? 'approved' : verdict.outcome === 'spam' ? 'spam' : 'pending',
    created_at: now,
    edited_at: null,
    edit_token_hash: hashEditToken(editToken),
    ip_hash: post.ipHash,
    user_agent: meta.userAgent ? meta.userAgent.slice(0, 400) : null,
    body_hash: post.bodyHash,
    spam_score: verdict.score,
    spam_reasons: verdict.reasons,
    dedupe_key: dedupeKey,
  };
}

/**
 * Stores the comment, with its thread when it is the first and the reply notifier's marker
 * when its followers are to be told; the same comment twice is refused. Returns the thread's id.
 */
async function insertNewComment(deps: CommentDeps, post: Post, row: CommentRow, notify: boolean): Promise<string> {
  const { key } = post.target;
  const result = await deps.store.insertComment({
    comment: row,
    // In the comment's own write unit: one commit for the post, and that its followers are to
    // be told is as durable as the comment. Their outbox rows are written later, in a batch
    // (src/core/mail/reply-notifier.ts): a row per reply in this commit cost more than the rest
    // of what mail adds to a post.
    notify,
    thread: {
      id: newId(post.now),
      siteId: post.ctx.site.id,
      key,
      url: threadUrl(key),
      title: post.input.title,
      createdAt: post.now,
    },
  });
  // Posted twice at the same instant: the other copy won the race; name it as above.
  if (!result.ok) await refuseDuplicate(deps, post.ctx.site.id, row.dedupe_key!);
  if (!result.ok) throw new AppError('DUPLICATE_COMMENT');
  row.thread_id = result.threadId;
  return result.threadId;
}

/** Published: readers of the thread hear of it. Held: the moderators' queue does. */
function announceNewComment(
  deps: CommentDeps,
  post: Post,
  row: CommentRow,
  threadId: string,
  editToken: string,
  verdict: Verdict,
  mailQueued: boolean,
): CreateResult {
  const siteId = post.ctx.site.id;
  const threadKey = post.target.key;
  if (row.status === 'approved') {
    const comment = toPublicComment(row);
    deps.events.emit('thread.changed', { siteId, threadId, threadKey });
    deps.events.emit('comment.published', { siteId, threadId, threadKey, comment, mailQueued });
    return {
      id: row.id,
      editToken,
      status: 'published',
      comment,
      editableUntil: editableUntilOf(post),
      threadKey,
      threadId,
      verdict,
    };
  }
  deps.events.emit('queue.changed', { siteId });
  if (row.status === 'pending') deps.events.emit('moderation.alert', { siteId, kind: 'held', commentId: row.id });
  return heldResult(deps, post, row.id, editToken, threadId, verdict);
}
