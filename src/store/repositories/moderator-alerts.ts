// Moderators' email alert settings, per account and site. Who is alerted is read through the
// memberships: a moderator removed from a site stops hearing of it, whatever their row says.
import type { ModeratorAlertRow } from '../../core/ports.ts';
import { num, stmt, type StoreContext } from './context.ts';

const fromRow = (r: ModeratorAlertRow): ModeratorAlertRow => ({ ...r, updated_at: num(r.updated_at) });

export class ModeratorAlertRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async saveModeratorAlerts(row: ModeratorAlertRow): Promise<void> {
    await this.#ctx.write([
      stmt(
        this.#db
          .insertInto('moderator_alerts')
          .values(row)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet({ held: row.held, reports: row.reports, updated_at: row.updated_at }),
          ),
      ),
    ]);
  }

  async moderatorAlerts(userId: string, siteId: string): Promise<ModeratorAlertRow | undefined> {
    const r = await this.#db
      .selectFrom('moderator_alerts')
      .selectAll()
      .where('id', '=', `${userId}:${siteId}`)
      .executeTakeFirst();
    return r && fromRow(r);
  }

  /** The site's members who asked for some alert, with their accounts' addresses. */
  async alertRecipients(siteId: string): Promise<(ModeratorAlertRow & { email: string })[]> {
    const rows = await this.#db
      .selectFrom('moderator_alerts as a')
      .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'a.user_id').onRef('m.site_id', '=', 'a.site_id'))
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .selectAll('a')
      .select('u.email')
      .where('a.site_id', '=', siteId)
      .where((eb) => eb.or([eb('a.held', '!=', 'never'), eb('a.reports', '!=', 'never')]))
      .orderBy('a.id')
      .execute();
    return rows.map((r) => ({ ...fromRow(r), email: r.email }));
  }
}
