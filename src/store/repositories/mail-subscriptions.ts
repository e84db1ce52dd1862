// Readers' notification addresses and what they follow, and the addresses mail servers
// refused. Addresses are stored as the service normalized them (lower case).
import { sql } from 'kysely';
import type { MailAddressRow, MailFollowerRow, MailSubscriptionRow, MailSuppressionRow } from '../../core/ports.ts';
import type { arg } from '../query-memo.ts';
import { num, stmt, type StoreContext } from './context.ts';

/** Subscriptions that follow the thread (placeholder 0) or, with `byComment`, also the comment (placeholder 1). */
function followingClause(a: typeof arg, byComment: boolean) {
  return byComment
    ? sql`s.thread_id = ${a(0)} AND (s.comment_id IS NULL OR s.comment_id = ${a(1)})`
    : sql`s.thread_id = ${a(0)} AND s.comment_id IS NULL`;
}

function addressFromRow(r: MailAddressRow): MailAddressRow {
  return {
    ...r,
    confirmed_at: r.confirmed_at == null ? null : num(r.confirmed_at),
    created_at: num(r.created_at),
    active_at: num(r.active_at),
  };
}

export class MailSubscriptionRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async saveMailAddress(row: MailAddressRow): Promise<MailAddressRow> {
    await this.#ctx.write([
      stmt(
        this.#db
          .insertInto('mail_addresses')
          .values(row)
          .onConflict((oc) => oc.columns(['site_id', 'email']).doUpdateSet({ active_at: row.active_at })),
      ),
    ]);
    return (await this.getMailAddress({ siteId: row.site_id, email: row.email }))!;
  }

  async getMailAddress(by: { id: string } | { siteId: string; email: string }): Promise<MailAddressRow | undefined> {
    let q = this.#db.selectFrom('mail_addresses').selectAll();
    q = 'id' in by ? q.where('id', '=', by.id) : q.where('site_id', '=', by.siteId).where('email', '=', by.email);
    const r = await q.executeTakeFirst();
    return r && addressFromRow(r);
  }

  async confirmMailAddress(id: string, at: number): Promise<boolean> {
    const [n] = await this.#ctx.changes('confirm', [
      stmt(
        this.#db
          .updateTable('mail_addresses')
          .set({ confirmed_at: at, active_at: at })
          .where('id', '=', id)
          .where('confirmed_at', 'is', null),
      ),
    ]);
    return n > 0;
  }

  async addMailSubscription(row: MailSubscriptionRow): Promise<void> {
    await this.#ctx.write([
      stmt(
        this.#db
          .insertInto('mail_subscriptions')
          .values(row)
          .onConflict((oc) => oc.column('id').doNothing()),
      ),
    ]);
  }

  async mailSubscriptions(addressId: string): Promise<MailSubscriptionRow[]> {
    const rows = await this.#db
      .selectFrom('mail_subscriptions')
      .selectAll()
      .where('address_id', '=', addressId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at) }));
  }

  /**
   * The confirmed addresses following the thread (or replies to `commentId` in it) with, for each, what a new comment's mail needs: one statement where the
   * published path used to ask three questions per follower. Runs on every published comment
   * while mail is configured, mostly to find nobody: the subscription index answers that alone.
   */
  async mailFollowers(threadId: string, commentId: string | null): Promise<MailFollowerRow[]> {
    const query = this.#ctx.memo.compile(
      commentId ? 'mail-followers-of-comment' : 'mail-followers-of-thread',
      (a) => {
        const following = followingClause(a, commentId !== null);
        // The group key is the address and the thread (see Notifications.published); the
        // sent rows only (a merged row went out in its group's sent one), through the (group_key, state) index.
        const query = sql`SELECT a.id, a.email,
            EXISTS (SELECT 1 FROM mail_suppressions x WHERE x.site_id = a.site_id AND x.email = a.email) AS suppressed,
            (SELECT MAX(o.sent_at) FROM mail_outbox o
              WHERE o.group_key = a.id || ${':'} || ${a(0)} AND o.state = 'sent') AS last_sent_at
          FROM mail_addresses a
          WHERE a.confirmed_at IS NOT NULL
            AND a.id IN (SELECT s.address_id FROM mail_subscriptions s WHERE ${following})
          ORDER BY a.id`;
        return { compile: () => query.compile(this.#db) };
      },
      [threadId, commentId],
    );
    const { rows } = await this.#db.executeQuery<{
      id: string;
      email: string;
      suppressed: unknown;
      last_sent_at: unknown;
    }>(query);
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      // SQLite answers EXISTS with 0 or 1, PostgreSQL with a boolean.
      suppressed: r.suppressed === true || num(r.suppressed) === 1,
      last_sent_at: r.last_sent_at == null ? null : num(r.last_sent_at),
    }));
  }

  /**
   * Asked as a comment is published, before it is stored: a comment nobody follows (the common
   * case) leaves no marker for the notifier. Memoized: it runs on the posting path.
   */
  async hasMailFollowers(threadId: string, commentId: string | null): Promise<boolean> {
    const query = this.#ctx.memo.compile(
      commentId ? 'has-followers-of-comment' : 'has-followers-of-thread',
      (a) => {
        const following = followingClause(a, commentId !== null);
        const query = sql`SELECT 1 AS one FROM mail_subscriptions s WHERE ${following} LIMIT 1`;
        return { compile: () => query.compile(this.#db) };
      },
      [threadId, commentId],
    );
    const { rows } = await this.#db.executeQuery(query);
    return rows.length > 0;
  }

  /** An address's subscriptions to one thread, or all of them (null). */
  async removeMailSubscriptions(addressId: string, threadId: string | null): Promise<number> {
    let q = this.#db.deleteFrom('mail_subscriptions').where('address_id', '=', addressId);
    if (threadId) q = q.where('thread_id', '=', threadId);
    const [n] = await this.#ctx.changes('unsubscribe', [stmt(q)]);
    return n;
  }

  async addMailSuppression(row: MailSuppressionRow): Promise<void> {
    await this.#ctx.write([
      stmt(
        this.#db
          .insertInto('mail_suppressions')
          .values(row)
          .onConflict((oc) => oc.column('id').doNothing()),
      ),
    ]);
  }

  async mailSuppressions(siteId: string): Promise<MailSuppressionRow[]> {
    const rows = await this.#db
      .selectFrom('mail_suppressions')
      .selectAll()
      .where('site_id', '=', siteId)
      .orderBy('email')
      .execute();
    return rows.map((r) => ({ ...r, created_at: num(r.created_at) }));
  }

  async removeMailSuppression(siteId: string, email: string): Promise<boolean> {
    const [n] = await this.#ctx.changes('unsuppress', [
      stmt(this.#db.deleteFrom('mail_suppressions').where('site_id', '=', siteId).where('email', '=', email)),
    ]);
    return n > 0;
  }

  async isMailSuppressed(siteId: string, email: string): Promise<boolean> {
    const r = await this.#db
      .selectFrom('mail_suppressions')
      .select('id')
      .where('site_id', '=', siteId)
      .where('email', '=', email)
      .executeTakeFirst();
    return !!r;
  }
}
