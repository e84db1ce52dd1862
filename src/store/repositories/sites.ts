// Sites, their settings, and the secrets every server of an install shares.
import type { SiteRow } from '../../core/ports.ts';
import { stmt, type StoreContext } from './context.ts';
import { siteFromRow, sitePatchToRow, siteToRow } from './rows.ts';

export class SiteRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async loadOrCreateSecrets(generate: () => Record<string, string>): Promise<Record<string, string>> {
    const fresh = generate();
    // INSERT … ON CONFLICT DO NOTHING: the first server to start wins, the others read its secrets.
    await this.#ctx.write(
      Object.entries(fresh).map(([name, value]) =>
        stmt(
          this.#db
            .insertInto('secrets')
            .values({ name, value })
            .onConflict((oc) => oc.column('name').doNothing()),
        ),
      ),
    );
    const rows = await this.#db.selectFrom('secrets').selectAll().execute();
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  }

  async createSite(site: SiteRow): Promise<void> {
    await this.#ctx.write([stmt(this.#db.insertInto('sites').values(siteToRow(site)))]);
  }

  async listSites(): Promise<SiteRow[]> {
    return (await this.#db.selectFrom('sites').selectAll().orderBy('id').execute()).map(siteFromRow);
  }

  async getSite(id: string): Promise<SiteRow | undefined> {
    const r = await this.#db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
    return r && siteFromRow(r);
  }

  async updateSite(
    id: string,
    patch: Partial<Pick<SiteRow, 'name' | 'origins' | 'lang' | 'settings' | 'is_default'>>,
  ): Promise<void> {
    await this.#ctx.write([stmt(this.#db.updateTable('sites').set(sitePatchToRow(patch)).where('id', '=', id))]);
  }
}
