// Threads: looked up by key or id, counted, listed, closed, reopened and pinned. A thread's
// first comment creates it (comments.ts); its page of comments is read in thread-pages.ts.
import { sql } from 'kysely';
import type { ThreadRow } from '../../core/ports.ts';
import type { ThreadTable } from '../schema.ts';
import { num, stmt, type StoreContext } from './context.ts';
import { pinsToColumn, threadFromRow } from './rows.ts';

export class ThreadRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async getThreadByKey(siteId: string, key: string): Promise<ThreadRow | undefined> {
    const query = this.#ctx.memo.compile(
      'thread-by-key',
      (a) => this.#db.selectFrom('threads').selectAll().where('site_id', '=', a(0)).where('key', '=', a(1)),
      [siteId, key],
    );
    const r = (await this.#db.executeQuery<ThreadTable>(query)).rows[0];
    return r && threadFromRow(r);
  }

  async getThread(id: string): Promise<ThreadRow | undefined> {
    const r = await this.#db.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
    return r && threadFromRow(r);
  }

  async getThreads(ids: string[]): Promise<ThreadRow[]> {
    if (!ids.length) return [];
    return (
      await this.#db
        .selectFrom('threads')
        .selectAll()
        .where('id', 'in', [...new Set(ids)])
        .execute()
    ).map(threadFromRow);
  }

  async countsByKeys(siteId: string, keys: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (keys.length === 0) return out;
    const rows = await this.#db
      .selectFrom('threads')
      .select(['key', 'comment_count'])
      .where('site_id', '=', siteId)
      .where('key', 'in', keys)
      .execute();
    for (const r of rows) out.set(r.key, num(r.comment_count));
    return out;
  }

  async listThreads(siteId: string, limit: number): Promise<ThreadRow[]> {
    const rows = await this.#db
      .selectFrom('threads')
      .selectAll()
      .where('site_id', '=', siteId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(threadFromRow);
  }

  async exportThreads(siteId: string, afterId: string | null, limit: number): Promise<ThreadRow[]> {
    let q = this.#db.selectFrom('threads').selectAll().where('site_id', '=', siteId);
    if (afterId) q = q.where('id', '>', afterId);
    return (await q.orderBy('id').limit(limit).execute()).map(threadFromRow);
  }

  async setThreadClosed(id: string, closed: boolean, at: number): Promise<void> {
    const patch = closed ? { closed: 1 } : { closed: 0, reopened_at: at };
    await this.#ctx.write([
      stmt(
        this.#db
          .updateTable('threads')
          .set({ ...patch, version: sql<number>`version + 1` })
          .where('id', '=', id),
      ),
    ]);
  }

  async closeAgedThreads(siteId: string, openedBefore: number): Promise<{ id: string; key: string }[]> {
    const aged = await this.#db
      .selectFrom('threads')
      .select(['id', 'key'])
      .where('site_id', '=', siteId)
      .where('closed', '=', 0)
      .where('created_at', '<', openedBefore)
      .where((eb) => eb.or([eb('reopened_at', 'is', null), eb('reopened_at', '<', openedBefore)]))
      .execute();
    if (!aged.length) return [];
    // The same test again in the update: a thread reopened meanwhile stays open. In chunks,
    // so switching the setting on for a site with years of threads stays within bind limits.
    for (let i = 0; i < aged.length; i += 500) {
      await this.#ctx.write([
        stmt(
          this.#db
            .updateTable('threads')
            .set({ closed: 1, version: sql<number>`version + 1` })
            .where(
              'id',
              'in',
              aged.slice(i, i + 500).map((t) => t.id),
            )
            .where('closed', '=', 0)
            .where((eb) => eb.or([eb('reopened_at', 'is', null), eb('reopened_at', '<', openedBefore)])),
        ),
      ]);
    }
    return aged;
  }

  async setThreadPins(id: string, pinned: string[]): Promise<void> {
    await this.#ctx.write([
      stmt(
        this.#db
          .updateTable('threads')
          .set({ pinned: pinsToColumn(pinned), version: sql<number>`version + 1` })
          .where('id', '=', id),
      ),
    ]);
  }
}
