// The actions of moderators' alert emails (approve, spam, delete), reached by a signed link
// instead of a session. Opening a link only reads: mail scanners open every link they find,
// so the page it shows asks for a button press, and only that POST acts. The action is the
// dashboard's own (Moderation.act): audited as the moderator's, with the queue, live updates
// and events following; and only while the account still has a role on the comment's site.
import type { Clock } from '../clock.ts';
import { readModerateToken, type MailedAction } from '../mail/mail-tokens.ts';
import type { CommentRow, MailedActionStore, ThreadRow } from '../ports.ts';
import type { Moderation } from './moderation.ts';

/** Why a link does nothing: not ours or altered, too old, its comment gone, or its moderator off the site. */
export type MailedRefusal = 'invalid' | 'expired' | 'gone' | 'no-role';
export type MailedLink =
  | {
      ok: true;
      user: { id: string; email: string };
      action: MailedAction;
      comment: CommentRow;
      thread: ThreadRow | undefined;
    }
  | { ok: false; reason: MailedRefusal };

export class MailedActions {
  readonly #d: MailedActionsDeps;
  constructor(deps: MailedActionsDeps) {
    this.#d = deps;
  }

  /** What the link would do, checked as the POST will check it; changes nothing. */
  async open(token: unknown): Promise<MailedLink> {
    const { store } = this.#d;
    const t = readModerateToken(this.#d.key, token, this.#d.clock.now());
    if (!t) return { ok: false, reason: 'invalid' };
    if (t.expired) return { ok: false, reason: 'expired' };
    const comment = await store.getComment(t.commentId);
    if (!comment || comment.status === 'deleted') return { ok: false, reason: 'gone' };
    const user = await store.getUser(t.userId);
    if (!user || !(await store.membershipsOf(user.id)).some((m) => m.site_id === comment.site_id))
      return { ok: false, reason: 'no-role' };
    const thread = await store.getThread(comment.thread_id);
    return { ok: true, user: { id: user.id, email: user.email }, action: t.action, comment, thread };
  }

  /** Does what the link says, as its moderator; returns the comment as it now is. */
  async act(token: unknown): Promise<MailedLink> {
    const link = await this.open(token);
    if (!link.ok) return link;
    await this.#d.moderation.act(link.user, link.comment.site_id, link.comment.id, link.action);
    const after = await this.#d.store.getComment(link.comment.id);
    return { ...link, comment: after ?? link.comment };
  }
}

export type MailedActionsDeps = {
  store: MailedActionStore;
  moderation: Pick<Moderation, 'act'>;
  clock: Clock;
  /** The key of mailed links (the app's mail key). */
  key: string;
};
