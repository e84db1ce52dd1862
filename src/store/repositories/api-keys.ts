// Keys of the Akismet-compatible and moderation APIs, and their monthly call counts.
import { sql } from 'kysely';
import type { ApiKeyRow } from '../../core/ports.ts';
import { num, stmt, type StoreContext } from './context.ts';

export class ApiKeyRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async createApiKey(row: ApiKeyRow): Promise<void> {
    await this.#ctx.write([stmt(this.#db.insertInto('api_keys').values(row))]);
  }

  async findApiKey(keyHash: string): Promise<ApiKeyRow | undefined> {
    const r = await this.#db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
    return r && { ...r, created_at: num(r.created_at), revoked_at: r.revoked_at == null ? null : num(r.revoked_at) };
  }

  async listApiKeys(scope: ApiKeyRow['scope']): Promise<ApiKeyRow[]> {
    const rows = await this.#db
      .selectFrom('api_keys')
      .selectAll()
      .where('scope', '=', scope)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      ...r,
      created_at: num(r.created_at),
      revoked_at: r.revoked_at == null ? null : num(r.revoked_at),
    }));
  }

  async revokeApiKey(keyHash: string, at: number): Promise<boolean> {
    const changes = await this.#ctx.changes('revoke', [
      stmt(
        this.#db
          .updateTable('api_keys')
          .set({ revoked_at: at })
          .where('key_hash', '=', keyHash)
          .where('revoked_at', 'is', null),
      ),
    ]);
    return changes[0] > 0;
  }

  async addApiUsage(entries: { keyHash: string; month: string; calls: number }[]): Promise<void> {
    if (!entries.length) return;
    await this.#ctx.write(
      entries.map((e) =>
        stmt(
          this.#db
            .insertInto('api_usage')
            .values({ id: `${e.month}:${e.keyHash}`, key_hash: e.keyHash, month: e.month, calls: e.calls })
            .onConflict((oc) => oc.column('id').doUpdateSet({ calls: sql`api_usage.calls + ${e.calls}` })),
        ),
      ),
    );
  }

  async apiUsage(keyHash: string, month: string): Promise<number> {
    const r = await this.#db
      .selectFrom('api_usage')
      .select('calls')
      .where('id', '=', `${month}:${keyHash}`)
      .executeTakeFirst();
    return r ? num(r.calls) : 0;
  }
}
