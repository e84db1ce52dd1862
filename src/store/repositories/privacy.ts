// A commenter's data by email (export and erase), and the retention purges. Addresses
// match whatever their case.
import { sql } from 'kysely';
import type { CommentRow, SpamCorrectionRow, SpamDiscardRow } from '../../core/ports.ts';
import { stmt, type StoreContext } from './context.ts';
import { commentFromRow, correctionFromRow, discardFromRow } from './rows.ts';

/** What an erased commenter's comments keep of them: nothing that names or tells them apart. */
const anonymized = (avatar: string) => ({
  author_name: 'Anonymous',
  author_email: '',
  author_website: null,
  ip_hash: null,
  user_agent: null,
  avatar,
  dedupe_key: null,
});

export class PrivacyRepository {
  readonly #ctx: StoreContext;
  readonly #db: StoreContext['db'];
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#db = ctx.db;
  }

  async commentsByEmail(email: string, siteId: string | null): Promise<CommentRow[]> {
    let q = this.#db
      .selectFrom('comments')
      .selectAll()
      .where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) q = q.where('site_id', '=', siteId);
    const rows = await q.orderBy('id').execute();
    return rows.map((r) => commentFromRow(r));
  }

  async discardsByEmail(email: string, siteId: string | null): Promise<SpamDiscardRow[]> {
    let q = this.#db
      .selectFrom('spam_discards')
      .selectAll()
      .where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) q = q.where('site_id', '=', siteId);
    const rows = await q.orderBy('id').execute();
    return rows.map(discardFromRow);
  }

  async correctionsByEmail(email: string, siteId: string | null): Promise<SpamCorrectionRow[]> {
    let q = this.#db
      .selectFrom('spam_corrections')
      .selectAll()
      .where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) q = q.where('site_id', '=', siteId);
    const rows = await q.orderBy('id').execute();
    return rows.map(correctionFromRow);
  }

  /**
   * Anonymizes a commenter's comments (name "Anonymous", email, website, IP hash and user agent
   * cleared, a neutral avatar) and drops their discarded comments and spam-correction texts, in
   * one unit. Audit entries about their comments lose their before/after records.
   */
  async eraseAuthor(
    email: string,
    siteId: string | null,
    anonymousAvatar: string,
  ): Promise<{ comments: number; discards: number; corrections: number; audit: number }> {
    const db = this.#db;
    let ids = db.selectFrom('comments').select('id').where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    let audit = db.updateTable('audit_log').set({ before: null, after: null });
    let comments = db
      .updateTable('comments')
      .set(anonymized(anonymousAvatar))
      .where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    let discards = db.deleteFrom('spam_discards').where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    let corrections = db
      .deleteFrom('spam_corrections')
      .where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) {
      ids = ids.where('site_id', '=', siteId);
      audit = audit.where('site_id', '=', siteId);
      comments = comments.where('site_id', '=', siteId);
      discards = discards.where('site_id', '=', siteId);
      corrections = corrections.where('site_id', '=', siteId);
    }
    let threads = db
      .selectFrom('comments')
      .select('thread_id')
      .where(sql<string>`lower(author_email)`, '=', email.toLowerCase());
    if (siteId) threads = threads.where('site_id', '=', siteId);
    // Audit entries and threads first: they are found through the comments' email, cleared next.
    // Their threads' versions change, so cached pages and ETags stop showing the old name.
    const changes = await this.#ctx.changes('erase', [
      stmt(audit.where('target', 'in', ids)),
      stmt(db.updateTable('threads').set({ version: sql<number>`version + 1` }).where('id', 'in', threads)),
      stmt(comments),
      stmt(discards),
      stmt(corrections),
    ]);
    return { audit: changes[0], comments: changes[2], discards: changes[3], corrections: changes[4] };
  }

  async commentsByAuthorKey(authorKey: string, siteId: string | null): Promise<CommentRow[]> {
    let q = this.#db.selectFrom('comments').selectAll().where('author_key', '=', authorKey);
    if (siteId) q = q.where('site_id', '=', siteId);
    return (await q.orderBy('id').execute()).map((r) => commentFromRow(r));
  }

  /**
   * eraseAuthor for an imported author known by the source's id: their comments anonymized (the
   * key goes too), the spam corrections learned from those comments dropped, the audit entries
   * about them cleared, in one unit.
   */
  async eraseAuthorKey(
    authorKey: string,
    siteId: string | null,
    anonymousAvatar: string,
  ): Promise<{ comments: number; corrections: number; audit: number }> {
    const db = this.#db;
    let ids = db.selectFrom('comments').select('id').where('author_key', '=', authorKey);
    if (siteId) ids = ids.where('site_id', '=', siteId);
    let comments = db
      .updateTable('comments')
      .set({ ...anonymized(anonymousAvatar), author_key: null })
      .where('author_key', '=', authorKey);
    if (siteId) comments = comments.where('site_id', '=', siteId);
    const changes = await this.#ctx.changes('erase', [
      stmt(db.updateTable('audit_log').set({ before: null, after: null }).where('target', 'in', ids)),
      stmt(db.deleteFrom('spam_corrections').where('comment_id', 'in', ids)),
      stmt(
        db
          .updateTable('threads')
          .set({ version: sql<number>`version + 1` })
          .where('id', 'in', ids.clearSelect().select('thread_id')),
      ),
      stmt(comments),
    ]);
    return { audit: changes[0], corrections: changes[1], comments: changes[3] };
  }

  async purgeClientData(siteId: string, before: number): Promise<number> {
    const changes = await this.#ctx.changes('purge', [
      stmt(
        this.#db
          .updateTable('comments')
          .set({ ip_hash: null, user_agent: null })
          .where('site_id', '=', siteId)
          .where('created_at', '<', before)
          .where((eb) => eb.or([eb('ip_hash', 'is not', null), eb('user_agent', 'is not', null)])),
      ),
    ]);
    return changes[0];
  }

  /**
   * Deletes held and spam comments created before `before` (never published, so nothing hangs
   * below them), with the reports about them; returns how many comments went. An imported
   * comment's time counts from its import, whatever its own date: an import of old spam is
   * kept for the whole period, for moderators to look at. One with replies (an import keeps
   * the source's threads as they were) waits until its replies are gone.
   */
  async purgeHeldAndSpam(siteId: string, before: number): Promise<number> {
    const doomed = this.#db
      .selectFrom('comments')
      .select('id')
      .where('site_id', '=', siteId)
      .where('status', 'in', ['pending', 'spam'])
      .where('created_at', '<', before)
      .where((eb) => eb.or([eb('imported_at', 'is', null), eb('imported_at', '<', before)]))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('comments as reply').select('reply.id').whereRef('reply.parent_id', '=', 'comments.id'))),
      );
    const changes = await this.#ctx.changes('purge', [
      stmt(this.#db.deleteFrom('reports').where('comment_id', 'in', doomed)),
      stmt(this.#db.deleteFrom('comments').where('id', 'in', doomed)),
    ]);
    return changes[1];
  }

  async purgeDiscards(siteId: string, before: number): Promise<number> {
    const changes = await this.#ctx.changes('purge', [
      stmt(this.#db.deleteFrom('spam_discards').where('site_id', '=', siteId).where('created_at', '<', before)),
    ]);
    return changes[0];
  }
}
