// Frozen in time. A site's invitations: an address given a role on a site before any account
// has it. The dashboard answers an admin the same whether or not the address has an account,
// so what it cannot grant to an account yet waits here, keyed by the normalized address, and
// becomes a membership when an account with that address is created.
// id is "email:site_id" (one-column keys copy simply between databases).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE invitations (
    id TEXT COLLATE "C" PRIMARY KEY,
    email TEXT COLLATE "C" NOT NULL,
    site_id TEXT COLLATE "C" NOT NULL REFERENCES sites(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
    created_at BIGINT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX invitations_email ON invitations (email)`.execute(db);
  await sql`CREATE INDEX invitations_site ON invitations (site_id)`.execute(db);
}
