// The rules of commenting, between transport and storage: who may post where, what is
// stored, what the public sees. Transport-agnostic: the JSON API and the no-JavaScript form
// both call this. The rules themselves live beside it, one file per responsibility: posting
// (create-comment.ts), changing (edit-comment.ts), reading (thread-reader.ts); this class holds
// the dependencies and the flood memory they share.
import type { PublicComment, PublicThread, RepliesPage, ThreadPage } from '../../contracts/api.ts';
import type { Language } from '../../contracts/messages.ts';
import type { Clock } from '../clock.ts';
import type { ParleyEvents } from '../events.ts';
import type { Bans } from '../moderation/bans.ts';
import type { CommentRow, CommentStore, FloodGuard, SiteRow, SpamPolicy, ThreadRow } from '../ports.ts';
import type {
  CommentDeps,
  CreateResult,
  PostMeta,
  PublishedMail,
  Renderer,
  Secrets,
  SiteContext,
} from './comment-deps.ts';
import { avatarOf, createComment } from './create-comment.ts';
import { editComment, moderatorEdit, moderatorReply, removeComment } from './edit-comment.ts';
import { FloodControl, type FloodLog } from './flood-control.ts';
import { counts, moreReplies, parseThread, publicThread, readThread, type ThreadPageOptions } from './thread-reader.ts';
import type { NewCommentInput } from './validate-comment.ts';

export { DISCARD_LOG_SIZE } from './comment-deps.ts';
export type { CreateResult, PostMeta, PublishedMail, Renderer, Secrets, SiteContext } from './comment-deps.ts';

export class CommentService {
  readonly #deps: CommentDeps;
  readonly #flood: FloodControl;

  constructor(deps: {
    store: CommentStore;
    clock: Clock;
    secrets: Secrets;
    render: Renderer;
    events: ParleyEvents;
    spam: Pick<SpamPolicy, 'judge' | 'factLimits'>;
    flood?: FloodGuard | null;
    bans?: Bans | null;
    /** Where flood control says that its fallback failed too. */
    log?: FloodLog | null;
    /** Reply emails stored with a comment published at once; without it, the published event queues them. */
    mail?: PublishedMail | null;
  }) {
    const { store, clock, secrets, render, events, spam } = deps;
    this.#deps = { store, clock, secrets, render, events, spam, bans: deps.bans ?? null, mail: deps.mail ?? null };
    this.#flood = new FloodControl(store, deps.flood ?? null, secrets.ip, deps.log ?? null);
  }

  parseThread(raw: string, lang: Language): string {
    return parseThread(raw, lang);
  }

  avatarOf(site: SiteRow, email: string): string {
    return avatarOf(site, email);
  }

  create(ctx: SiteContext, input: NewCommentInput, meta: PostMeta): Promise<CreateResult> {
    return createComment(this.#deps, this.#flood, ctx, input, meta);
  }

  publicThread(key: string, thread: ThreadRow | undefined, closeAfterDays = 0): PublicThread {
    return publicThread(this.#deps.clock, key, thread, closeAfterDays);
  }

  async findThread(ctx: SiteContext, rawThread: string): Promise<{ key: string; thread: ThreadRow | undefined }> {
    const key = parseThread(rawThread, ctx.lang);
    return { key, thread: await this.#deps.store.getThreadByKey(ctx.site.id, key) };
  }

  async threadPage(ctx: SiteContext, rawThread: string, opts: ThreadPageOptions): Promise<ThreadPage> {
    return (await readThread(this.#deps, ctx, rawThread, opts)).page;
  }

  /** A page with the thread row it was read from (whose version names the page in an ETag). */
  readThread(
    ctx: SiteContext,
    rawThread: string,
    opts: ThreadPageOptions,
  ): Promise<{ thread: ThreadRow | undefined; page: ThreadPage }> {
    return readThread(this.#deps, ctx, rawThread, opts);
  }

  moreReplies(ctx: SiteContext, rootId: string, cursor: string | undefined, limit?: number): Promise<RepliesPage> {
    return moreReplies(this.#deps, ctx, rootId, cursor, limit);
  }

  counts(ctx: SiteContext, rawThreads: string[]): Promise<Record<string, number>> {
    return counts(this.#deps, ctx, rawThreads);
  }

  edit(ctx: SiteContext, id: string, token: unknown, rawBody: unknown): Promise<PublicComment> {
    return editComment(this.#deps, ctx, id, token, rawBody);
  }

  /** A moderator's change to a comment's text: re-rendered and sanitized, marked as theirs. */
  moderatorEdit(ctx: SiteContext, id: string, rawBody: unknown): Promise<{ before: CommentRow; after: CommentRow }> {
    return moderatorEdit(this.#deps, ctx, id, rawBody);
  }

  /** A moderator's reply, published at once under their name with a badge (no spam checks, no flood limit). */
  moderatorReply(
    ctx: SiteContext,
    parentId: string,
    author: { name: string; email: string },
    rawBody: unknown,
  ): Promise<CommentRow> {
    return moderatorReply(this.#deps, ctx, parentId, author, rawBody);
  }

  remove(ctx: SiteContext, id: string, token: unknown): Promise<void> {
    return removeComment(this.#deps, ctx, id, token);
  }
}
