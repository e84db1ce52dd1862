// The durable outbox: mails wait here until a sender has them accepted by the relay, so that
// none is lost to a crash or a restart. A sender claims due rows for a while; a claim that
// runs out (its server died) makes them due again, hence at-least-once.
import { sql } from 'kysely';
import type { MailAddressRow, MailRow, MailSubscriptionRow, PendingReply } from '../../core/ports.ts';
import type { CommentStatus, MailTable } from '../schema.ts';
import { type WriteStatement, writeFailed } from '../write-runner.ts';
import { num, stmt, type StoreContext } from './context.ts';

const nullable = (v: unknown): number | null => (v == null ? null : num(v));

function mailFromRow(r: MailTable): MailRow {
  let data: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(r.data);
    if (parsed && typeof parsed === 'object') data = parsed;
  } catch {
    // A row nobody can read renders as its kind's bare template.
  }
  return {
    ...r,
    data,
    attempts: num(r.attempts),
    next_attempt_at: num(r.next_attempt_at),
    claimed_until: nullable(r.claimed_until),
    created_at: num(r.created_at),
    sent_at: nullable(r.sent_at),
  };
}

// Every column of an outbox row, in the order the memoized insert takes their values.
const MAIL_COLUMNS = [
  'id',
  'site_id',
  'recipient',
  'kind',
  'message_id',
  'group_key',
  'dedupe_key',
  'data',
  'ip_hash',
  'attempts',
  'next_attempt_at',
  'state',
  'claimed_by',
  'claimed_until',
  'created_at',
  'sent_at',
  'last_error',
] as const satisfies readonly (keyof MailRow)[];

/**
 * The statement that queues a row, unless one with its dedupe key is there, for any write
 * unit (a comment's own, see CommentRepository.insertComment). Compiled once: it runs on
 * the posting path, where Kysely's compile would cost more than the insert.
 */
export function mailInsert(ctx: StoreContext, row: MailRow): WriteStatement {
  const stored: Record<string, unknown> = { ...row, data: JSON.stringify(row.data) };
  const c = ctx.memo.compile(
    'insert-mail',
    (a) => {
      const values: Record<string, unknown> = {};
      MAIL_COLUMNS.forEach((col, i) => {
        values[col] = a(i);
      });
      return ctx.db
        .insertInto('mail_outbox')
        .values(values as never)
        .onConflict((oc) => oc.doNothing());
    },
    MAIL_COLUMNS.map((col) => stored[col] ?? null),
  );
  return { sql: c.sql, params: c.parameters };
}

/** A kind as written into SQL: the services' own names only, never a caller's text. */
function mailKind(kind: string): string {
  if (!/^[a-z-]{1,20}$/.test(kind)) throw new Error(`not a mail kind: ${kind}`);
  return kind;
}

export type MailFinish = Partial<Pick<MailRow, 'state' | 'attempts' | 'next_attempt_at' | 'sent_at' | 'last_error'>>;
export type MailCountQuery = {
  siteId: string;
  since: number;
  kind?: string;
  recipient?: string;
  ipHash?: string;
  sent?: boolean;
};
export type MailData = { addresses: MailAddressRow[]; subscriptions: MailSubscriptionRow[]; outbox: MailRow[] };

export class MailOutboxRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  /** False when a row with the same dedupe key is there already. */
  async enqueueMail(row: MailRow): Promise<boolean> {
    const [n] = await this.#ctx.changes('enqueue', [mailInsert(this.#ctx, row)]);
    return n > 0;
  }

  /**
   * Rows in one write unit (a commit, not one per row: with SQLite's synchronous=FULL a
   * commit is most of an insert's cost). Each says whether it was added (false: its dedupe
   * key was there). A failed unit adds none of them and throws.
   */
  async enqueueMails(rows: MailRow[]): Promise<boolean[]> {
    if (!rows.length) return [];
    const counts = await this.#ctx.changes(
      'enqueue',
      rows.map((r) => mailInsert(this.#ctx, r)),
    );
    return counts.map((n) => n > 0);
  }

  /**
   * The oldest markers (ids are in time order), with what telling their comment needs. Both
   * statements of a run are compiled once: Kysely's compile cost more than running them.
   */
  async pendingReplies(limit: number): Promise<PendingReply[]> {
    const query = this.#ctx.memo.compile(
      'pending-replies',
      (a) =>
        this.#db
          .selectFrom('mail_reply_pending as m')
          .leftJoin('comments as c', 'c.id', 'm.comment_id')
          .leftJoin('comments as p', 'p.id', 'c.parent_id')
          .select([
            'm.comment_id as id',
            'c.site_id',
            'c.thread_id',
            'c.parent_id',
            'c.author_email',
            'c.status',
            'p.author_email as parent_email',
          ])
          .orderBy('m.comment_id')
          .limit(a(0) as never),
      [limit],
    );
    const { rows } = await this.#db.executeQuery<{
      id: string;
      site_id: string | null;
      thread_id: string | null;
      parent_id: string | null;
      author_email: string | null;
      status: CommentStatus | null;
      parent_email: string | null;
    }>(query);
    return rows.map((r) => ({
      id: r.id,
      comment:
        r.site_id == null
          ? null
          : {
              site_id: r.site_id,
              thread_id: r.thread_id!,
              parent_id: r.parent_id ?? null,
              author_email: r.author_email!,
              status: r.status!,
            },
      parentEmail: r.parent_email ?? null,
    }));
  }

  /**
   * The markers' removal comes first and must remove every one of them: on PostgreSQL a second
   * server telling the same comments waits for the first's row locks, then finds them gone and
   * rolls back its rows (never two emails for one reply; SQLite has one writer).
   */
  async tellReplies(commentIds: string[], rows: MailRow[]): Promise<boolean> {
    if (!commentIds.length) return true;
    const remove = this.#ctx.memo.compile(
      'told-reply',
      (a) => this.#db.deleteFrom('mail_reply_pending').where('comment_id', '=', a(0) as never),
      [null],
    );
    const unit: WriteStatement[] = [
      {
        sql: remove.sql,
        params: [],
        rows: commentIds.map((id) => [id]),
        expectChanges: commentIds.length,
        failCode: 'TOLD_ELSEWHERE',
      },
      ...rows.map((r) => mailInsert(this.#ctx, r)),
    ];
    const result = await this.#ctx.writer.run(unit);
    if (result.ok) return true;
    if (result.code === 'EXPECTATION') return false;
    throw writeFailed('telling replies', result);
  }

  /**
   * Claims up to `limit` due rows, and with them the other queued rows of their groups (sent
   * as one digest), for `claimer` until `until`. PostgreSQL skips rows another server is
   * claiming in the same instant; SQLite has one writer, so claims never overlap.
   */
  async claimMail(claimer: string, now: number, until: number, limit: number): Promise<MailRow[]> {
    const lock = this.#ctx.backend === 'postgres' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
    const due = sql`UPDATE mail_outbox SET claimed_by = ${claimer}, claimed_until = ${until}
      WHERE id IN (SELECT id FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= ${now}
        AND (claimed_until IS NULL OR claimed_until < ${now}) ORDER BY next_attempt_at, id LIMIT ${limit}${lock})`;
    const siblings = sql`UPDATE mail_outbox SET claimed_by = ${claimer}, claimed_until = ${until}
      WHERE state = 'queued' AND (claimed_until IS NULL OR claimed_until < ${now}) AND group_key IN
        (SELECT group_key FROM mail_outbox WHERE claimed_by = ${claimer} AND group_key IS NOT NULL)`;
    const unit = [due, siblings].map((q) => {
      const c = q.compile(this.#db);
      return { sql: c.sql, params: c.parameters };
    });
    await this.#ctx.changes('claim', unit);
    const rows = await this.#db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('claimed_by', '=', claimer)
      .where('state', '=', 'queued')
      .where('claimed_until', '=', until)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(mailFromRow);
  }

  /** Records an attempt's outcome on the rows, and lets go of their claim. */
  async finishMail(ids: string[], patch: MailFinish): Promise<void> {
    if (!ids.length) return;
    await this.#ctx.write([
      stmt(
        this.#db
          .updateTable('mail_outbox')
          .set({ ...patch, claimed_by: null, claimed_until: null })
          .where('id', 'in', ids),
      ),
    ]);
  }

  /**
   * Mails of a kind created since `since`, to one recipient or from one network; or (`sent`)
   * mails sent since then. The kind and state are written into the SQL, not bound: a partial
   * index (mail_outbox_sent_to, mail_outbox_confirm_*) is used only for a query whose own text
   * says it covers it.
   */
  async countMail(q: MailCountQuery): Promise<number> {
    let query = this.#db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('site_id', '=', q.siteId)
      .where(q.sent ? 'sent_at' : 'created_at', '>=', q.since);
    if (q.kind !== undefined) query = query.where(sql<boolean>`kind = ${sql.lit(mailKind(q.kind))}`);
    // Rows merged into a digest went out in the one mail counted as sent.
    if (q.sent) query = query.where(sql<boolean>`state = 'sent'`);
    if (q.recipient !== undefined) query = query.where('recipient', '=', q.recipient);
    if (q.ipHash !== undefined) query = query.where('ip_hash', '=', q.ipHash);
    const r = await query.executeTakeFirst();
    return r ? num(r.n) : 0;
  }

  async getMail(id: string): Promise<MailRow | undefined> {
    const r = await this.#db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return r && mailFromRow(r);
  }

  async mailDataByEmail(email: string, siteId: string | null): Promise<MailData> {
    let a = this.#db.selectFrom('mail_addresses').selectAll().where('email', '=', email);
    let o = this.#db.selectFrom('mail_outbox').selectAll().where('recipient', '=', email);
    if (siteId) {
      a = a.where('site_id', '=', siteId);
      o = o.where('site_id', '=', siteId);
    }
    const addresses = (await a.orderBy('id').execute()).map((r) => ({
      ...r,
      confirmed_at: nullable(r.confirmed_at),
      created_at: num(r.created_at),
      active_at: num(r.active_at),
    }));
    const ids = addresses.map((x) => x.id);
    const subs = ids.length
      ? await this.#db
          .selectFrom('mail_subscriptions')
          .selectAll()
          .where('address_id', 'in', ids)
          .orderBy('id')
          .execute()
      : [];
    const subscriptions = subs.map((r) => ({ ...r, created_at: num(r.created_at) }));
    return { addresses, subscriptions, outbox: (await o.orderBy('id').execute()).map(mailFromRow) };
  }

  /** Removes the address's subscriptions, its outbox rows and its suppression; returns the rows removed. */
  async eraseMailData(email: string, siteId: string | null): Promise<number> {
    const byAddress = this.#db
      .selectFrom('mail_addresses')
      .select('id')
      .where('email', '=', email)
      .$if(!!siteId, (q) => q.where('site_id', '=', siteId!));
    const counts = await this.#ctx.changes('erase mail data', [
      stmt(this.#db.deleteFrom('mail_subscriptions').where('address_id', 'in', byAddress)),
      stmt(
        this.#db
          .deleteFrom('mail_addresses')
          .where('email', '=', email)
          .$if(!!siteId, (q) => q.where('site_id', '=', siteId!)),
      ),
      stmt(
        this.#db
          .deleteFrom('mail_outbox')
          .where('recipient', '=', email)
          .$if(!!siteId, (q) => q.where('site_id', '=', siteId!)),
      ),
      stmt(
        this.#db
          .deleteFrom('mail_suppressions')
          .where('email', '=', email)
          .$if(!!siteId, (q) => q.where('site_id', '=', siteId!)),
      ),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * A site's mail past its time: the log of mails done with (sent, failed, merged, dropped)
   * before `doneBefore`, addresses never confirmed and not asked for since `unconfirmedBefore`
   * (by `active_at`: a request made again sends a new link, valid from then), and confirmed
   * ones idle since `idleBefore`, with what they follow. Returns the rows removed.
   */
  async purgeMail(siteId: string, t: { doneBefore: number; unconfirmedBefore: number; idleBefore: number }) {
    const stale = this.#db
      .selectFrom('mail_addresses')
      .select('id')
      .where('site_id', '=', siteId)
      .where((eb) =>
        eb.or([
          eb.and([eb('confirmed_at', 'is', null), eb('active_at', '<', t.unconfirmedBefore)]),
          eb.and([eb('confirmed_at', 'is not', null), eb('active_at', '<', t.idleBefore)]),
        ]),
      );
    const counts = await this.#ctx.changes('purge mail', [
      stmt(
        this.#db
          .deleteFrom('mail_outbox')
          .where('site_id', '=', siteId)
          .where('state', '!=', 'queued')
          .where('created_at', '<', t.doneBefore),
      ),
      stmt(this.#db.deleteFrom('mail_subscriptions').where('address_id', 'in', stale)),
      stmt(this.#db.deleteFrom('mail_addresses').where('id', 'in', stale)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }
}
