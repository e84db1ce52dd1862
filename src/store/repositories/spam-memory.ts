// The spam engine's memory (src/spam/engine.ts): the facts its checks read from a site's
// history, the log of discarded comments, moderators' corrections and the layer they are
// folded into, and the verdict kept on a comment.
import { sql, type SelectQueryBuilder } from 'kysely';
import type {
  Reason,
  SpamCorrectionRow,
  SpamDiscardRow,
  SpamFacts,
  SpamFactsQuery,
  SpamLayerRow,
} from '../../core/ports.ts';
import type { Database } from '../schema.ts';
import type { arg } from '../query-memo.ts';
import { num, stmt, type StoreContext } from './context.ts';
import {
  correctionFromRow,
  correctionToRow,
  discardFromRow,
  discardToRow,
  layerFromRow,
  layerToRow,
  reasonsToColumn,
} from './rows.ts';

/** How far one count goes: 0, not at all (answered 0 without a query); N, up to N; 'all', exactly. */
type Limit = number | 'all';

function limit(asked: number | boolean): Limit {
  if (asked === true) return 'all';
  return asked === false ? 0 : Math.max(0, Math.floor(asked));
}

function limits(need: SpamFactsQuery['need']): { prior: Limit; repeats: Limit; byIp: Limit; byEmail: Limit } {
  const recent = typeof need.recent === 'object' ? need.recent : { byIp: need.recent, byEmail: need.recent };
  return {
    prior: limit(need.prior),
    repeats: limit(need.repeats),
    byIp: limit(recent.byIp),
    byEmail: limit(recent.byEmail),
  };
}

export class SpamMemoryRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async spamFacts(q: SpamFactsQuery): Promise<SpamFacts> {
    // Four indexed counts, compiled once per shape (this runs for every comment posted), each
    // stopping at the limit its checks need: a flood from one address must not make every
    // further post read all of that address's comments.
    const count = (
      shape: string,
      build: (
        a: typeof arg,
        b: SelectQueryBuilder<Database, 'comments', object>,
      ) => SelectQueryBuilder<Database, 'comments', object>,
      values: unknown[],
      limit: Limit,
    ) => {
      if (limit === 0) return Promise.resolve(0);
      const capped = limit !== 'all';
      const query = this.#ctx.memo.compile(
        `facts|${shape}|${capped ? 'upto' : 'all'}`,
        (a) => {
          const rows = build(a, this.#db.selectFrom('comments').where('site_id', '=', a(0)));
          if (!capped) return rows.select((eb) => eb.fn.countAll<number>().as('n'));
          // Counting the rows of a LIMITed inner select: both SQLite and PostgreSQL walk the
          // same index as the plain count, and stop after `limit` entries.
          const upTo = rows.select(sql<number>`1`.as('one')).limit(a(values.length + 1) as unknown as number);
          return this.#db.selectFrom(upTo.as('hits')).select((eb) => eb.fn.countAll<number>().as('n'));
        },
        [q.siteId, ...values, limit],
      );
      return this.#db.executeQuery<{ n: unknown }>(query).then(({ rows }) => num(rows[0]?.n ?? 0));
    };
    const { prior, repeats, byIp, byEmail } = limits(q.need);
    const [priorApproved, repeatCount, recentByIp, recentByEmail] = await Promise.all([
      count(
        'prior',
        (a, b) => b.where('author_email', '=', a(1)).where('author_name', '=', a(2)).where('status', '=', 'approved'),
        [q.email, q.name],
        prior,
      ),
      q.threadId
        ? count(
            'repeat-other',
            (a, b) =>
              b
                .where('body_hash', '=', a(1))
                .where('created_at', '>=', a(2) as unknown as number)
                .where('thread_id', '!=', a(3)),
            [q.bodyHash, q.repeatSince, q.threadId],
            repeats,
          )
        : count(
            'repeat-any',
            (a, b) => b.where('body_hash', '=', a(1)).where('created_at', '>=', a(2) as unknown as number),
            [q.bodyHash, q.repeatSince],
            repeats,
          ),
      q.ipHash
        ? count(
            'ip',
            (a, b) => b.where('ip_hash', '=', a(1)).where('created_at', '>=', a(2) as unknown as number),
            [q.ipHash, q.hourSince],
            byIp,
          )
        : Promise.resolve(0),
      count(
        'email',
        (a, b) => b.where('author_email', '=', a(1)).where('created_at', '>=', a(2) as unknown as number),
        [q.email, q.hourSince],
        byEmail,
      ),
    ]);
    return { priorApproved, repeats: repeatCount, recentByIp, recentByEmail };
  }

  async recordDiscard(row: SpamDiscardRow, keepPerSite: number): Promise<void> {
    // The log is bounded per site: the oldest entries beyond the limit go in the same unit.
    const oldest = this.#db
      .selectFrom('spam_discards')
      .select('id')
      .where('site_id', '=', row.site_id)
      .orderBy('id', 'desc')
      .offset(keepPerSite)
      .limit(1);
    await this.#ctx.write([
      stmt(this.#db.insertInto('spam_discards').values(discardToRow(row))),
      stmt(this.#db.deleteFrom('spam_discards').where('site_id', '=', row.site_id).where('id', '<=', oldest)),
    ]);
  }

  async listDiscards(siteId: string, beforeId: string | null, limit: number): Promise<SpamDiscardRow[]> {
    let q = this.#db.selectFrom('spam_discards').selectAll().where('site_id', '=', siteId);
    if (beforeId) q = q.where('id', '<', beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(discardFromRow);
  }

  async addSpamCorrection(row: SpamCorrectionRow): Promise<void> {
    await this.#ctx.write([stmt(this.#db.insertInto('spam_corrections').values(correctionToRow(row)))]);
  }

  async spamCorrections(siteId: string, afterId: string | null): Promise<SpamCorrectionRow[]> {
    let q = this.#db.selectFrom('spam_corrections').selectAll().where('site_id', '=', siteId);
    if (afterId) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').execute();
    return rows.map(correctionFromRow);
  }

  async spamLayer(siteId: string): Promise<SpamLayerRow | undefined> {
    const r = await this.#db.selectFrom('spam_layers').selectAll().where('site_id', '=', siteId).executeTakeFirst();
    return r && layerFromRow(r);
  }

  async compactSpamCorrections(snapshot: SpamLayerRow): Promise<void> {
    const layer = layerToRow(snapshot);
    await this.#ctx.write([
      stmt(
        this.#db
          .insertInto('spam_layers')
          .values(layer)
          .onConflict((oc) =>
            oc
              .column('site_id')
              .doUpdateSet({ layer: layer.layer, through_id: layer.through_id, updated_at: layer.updated_at }),
          ),
      ),
      stmt(
        this.#db
          .deleteFrom('spam_corrections')
          .where('site_id', '=', layer.site_id)
          .where('id', '<=', layer.through_id),
      ),
    ]);
  }

  async setCommentVerdict(id: string, score: number | null, reasons: Reason[] | null): Promise<void> {
    await this.#ctx.write([
      stmt(
        this.#db
          .updateTable('comments')
          .set({ spam_score: score, spam_reasons: reasonsToColumn(reasons) })
          .where('id', '=', id),
      ),
    ]);
  }
}
