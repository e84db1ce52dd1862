// Changing comments after the post: the author's edit and deletion (with the edit token, within
// the site's window), and a moderator's edit and reply.
import type { PublicComment } from '../../contracts/api.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { CommentRow, ThreadRow } from '../ports.ts';
import { editTokenMatches } from '../tokens.ts';
import { announceChange, type CommentDeps, markToTell, type SiteContext, statusStep } from './comment-deps.ts';
import { avatarOf } from './create-comment.ts';
import { ownPendingComment, toPublicComment } from './public-comment.ts';
import { validateEditBody } from './validate-comment.ts';

/** An edit is not a new post: the form, repeats and pace were judged when it was posted. */
const NOT_FOR_EDITS = ['form-timing', 'repeat', 'velocity'];

/** The author's own comment, if the token is theirs and the edit window still open. */
async function ownComment(deps: CommentDeps, ctx: SiteContext, id: string, token: unknown): Promise<CommentRow> {
  const row = await deps.store.getComment(id);
  if (!row || row.site_id !== ctx.site.id || row.status === 'deleted') throw new AppError('NOT_FOUND');
  if (!editTokenMatches(token, row.edit_token_hash)) throw new AppError('EDIT_TOKEN_INVALID');
  if (deps.clock.now() > row.created_at + ctx.settings.editWindowMinutes * 60_000)
    throw new AppError('EDIT_WINDOW_CLOSED');
  return row;
}

function validBody(rawBody: unknown, ctx: SiteContext): string {
  const body = validateEditBody(rawBody, ctx.lang);
  if (!body.ok) throw new AppError('VALIDATION', { fields: body.fields });
  return body.value;
}

export async function editComment(
  deps: CommentDeps,
  ctx: SiteContext,
  id: string,
  token: unknown,
  rawBody: unknown,
): Promise<PublicComment> {
  const row = await ownComment(deps, ctx, id, token);
  // A moderator's edit is the last word: the author's token would otherwise silently undo it
  // while the comment still says "edited by a moderator". Deleting stays the author's right.
  if (row.moderator_edited_at != null) throw new AppError('EDITED_BY_MODERATOR');
  const body = validBody(rawBody, ctx);
  // An edit passes the checks again (a harmless comment must not turn into an advert), minus
  // those about the act of posting.
  const thread = await deps.store.getThread(row.thread_id);
  const verdict = await deps.spam.judge({
    site: ctx.site,
    settings: ctx.settings,
    skipChecks: NOT_FOR_EDITS,
    comment: {
      name: row.author_name,
      email: row.author_email,
      website: row.author_website,
      body,
      ipHash: row.ip_hash,
      userAgent: row.user_agent,
    },
    page: { title: thread?.title ?? null, url: thread?.url ?? null },
    now: deps.clock.now(),
  });
  const status = verdict.outcome === 'approve' ? row.status : verdict.outcome === 'hold' ? 'pending' : 'spam';
  const updated = await deps.store.updateComment(id, {
    body,
    bodyHtml: await deps.render(body),
    editedAt: deps.clock.now(),
    status: status === row.status ? undefined : status,
    verdict: { score: verdict.score, reasons: verdict.reasons },
  });
  await announceChange(deps, ctx.site.id, updated!.thread_id);
  // Held by its edit: it joins the moderators' queue, and their alerts hear of it.
  if (status === 'pending' && row.status !== 'pending') {
    deps.events.emit('queue.changed', { siteId: ctx.site.id });
    deps.events.emit('moderation.alert', { siteId: ctx.site.id, kind: 'held', commentId: id });
  }
  // An edit the policy now holds, or takes for spam, moves the comment out of sight.
  const step = status === row.status ? null : statusStep(status);
  if (step) await deps.events.lifecycle({ type: step, siteId: ctx.site.id, commentId: id });
  // Its author sees a held comment, or one judged spam, alike: their own text, waiting.
  return updated!.status === 'pending' || updated!.status === 'spam'
    ? ownPendingComment(updated!)
    : toPublicComment(updated!);
}

export async function removeComment(deps: CommentDeps, ctx: SiteContext, id: string, token: unknown): Promise<void> {
  await ownComment(deps, ctx, id, token);
  const updated = await deps.store.updateComment(id, { status: 'deleted' });
  await announceChange(deps, ctx.site.id, updated!.thread_id);
  await deps.events.lifecycle({ type: 'comment.deleted', siteId: ctx.site.id, commentId: id });
}

/** A moderator's change to a comment's text: re-rendered and sanitized, marked as theirs. */
export async function moderatorEdit(
  deps: CommentDeps,
  ctx: SiteContext,
  id: string,
  rawBody: unknown,
): Promise<{ before: CommentRow; after: CommentRow }> {
  const row = await deps.store.getComment(id);
  if (!row || row.site_id !== ctx.site.id || row.status === 'deleted') throw new AppError('NOT_FOUND');
  const body = validBody(rawBody, ctx);
  const now = deps.clock.now();
  const updated = await deps.store.updateComment(id, {
    body,
    bodyHtml: await deps.render(body),
    editedAt: now,
    moderatorEditedAt: now,
  });
  await announceChange(deps, ctx.site.id, updated!.thread_id);
  return { before: row, after: updated! };
}

/** A moderator's reply, published at once under their name with a badge (no spam checks, no flood limit). */
export async function moderatorReply(
  deps: CommentDeps,
  ctx: SiteContext,
  parentId: string,
  author: { name: string; email: string },
  rawBody: unknown,
): Promise<CommentRow> {
  const parent = await deps.store.getComment(parentId);
  if (!parent || parent.site_id !== ctx.site.id) throw new AppError('PARENT_NOT_FOUND');
  if (parent.status !== 'approved') throw new AppError('PARENT_NOT_APPROVED');
  const thread = await deps.store.getThread(parent.thread_id);
  if (!thread) throw new AppError('PARENT_NOT_FOUND');
  const body = validBody(rawBody, ctx);
  const row = await moderatorReplyRow(deps, ctx, parent, thread, author, body);
  // Published at once: marked to be told with it, as a reader's reply is.
  const notify = await markToTell(deps, row);
  const result = await deps.store.insertComment({
    comment: row,
    notify,
    thread: {
      id: thread.id,
      siteId: ctx.site.id,
      key: thread.key,
      url: thread.url,
      title: thread.title,
      createdAt: thread.created_at,
    },
  });
  if (!result.ok) throw new AppError('DUPLICATE_COMMENT');
  if (notify) deps.mail!.marked();
  const comment = toPublicComment(row);
  deps.events.emit('thread.changed', { siteId: ctx.site.id, threadId: thread.id, threadKey: thread.key });
  deps.events.emit('comment.published', {
    siteId: ctx.site.id,
    threadId: thread.id,
    threadKey: thread.key,
    comment,
    mailQueued: deps.mail !== null,
  });
  await deps.events.lifecycle(
    { type: 'comment.created', siteId: ctx.site.id, commentId: row.id },
    { type: 'comment.published', siteId: ctx.site.id, commentId: row.id },
  );
  return row;
}

async function moderatorReplyRow(
  deps: CommentDeps,
  ctx: SiteContext,
  parent: CommentRow,
  thread: ThreadRow,
  author: { name: string; email: string },
  body: string,
): Promise<CommentRow> {
  const now = deps.clock.now();
  return {
    id: newId(now),
    site_id: ctx.site.id,
    thread_id: thread.id,
    parent_id: parent.id,
    root_id: parent.root_id ?? parent.id,
    depth: parent.depth + 1,
    author_name: author.name,
    author_email: author.email,
    author_website: null,
    avatar: avatarOf(ctx.site, author.email),
    body,
    body_html: await deps.render(body),
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
    moderator: true,
    moderator_edited_at: null,
  };
}
