// Frozen in time. Admin keys: a site's admin API for machines (the WordPress plugin's move of
// its comments into Parley). The scope list widens; PostgreSQL named the constraint after the
// table and column when 0003 created it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE api_keys DROP CONSTRAINT api_keys_scope_check`.execute(db);
  await sql`ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope_check
    CHECK (scope IN ('akismet', 'moderation', 'admin'))`.execute(db);
}
