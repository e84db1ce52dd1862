// Rows for `parley migrate-data`'s test in the tables added after the first release (readers'
// mail, webhooks, moderators' alerts, import keys), written at the SQL level as the copy reads them.
import type { Kysely } from 'kysely';

export type Rows = Record<string, Record<string, unknown>>;

export async function seedLaterTables(raw: Kysely<Rows>, sites: string[], threadId: string): Promise<void> {
  // Readers' mail, webhooks and moderators' alerts, written as rows: the copy works at the SQL level.
  const t0 = 1_700_006_000_000;
  await raw
    .insertInto('users')
    .values({ id: 'u-1', email: 'desk@example.com', password_hash: 'x', created_at: t0 })
    .execute();
  await raw
    .insertInto('mail_addresses')
    .values([
      { id: 'ma-1', site_id: sites[0], email: 'zoë@exemple.fr', confirmed_at: t0, created_at: t0, active_at: t0 + 1 },
      { id: 'ma-2', site_id: sites[1], email: 'a@b.example', confirmed_at: null, created_at: t0, active_at: t0 },
    ])
    .execute();
  await raw
    .insertInto('mail_subscriptions')
    .values({
      id: 'ms-1',
      address_id: 'ma-1',
      site_id: sites[0],
      thread_id: threadId,
      comment_id: null,
      created_at: t0,
    })
    .execute();
  await raw
    .insertInto('mail_outbox')
    .values({
      id: 'mo-1',
      site_id: sites[0],
      recipient: 'zoë@exemple.fr',
      kind: 'reply',
      message_id: '<m1@exemple.fr>',
      group_key: 'g',
      dedupe_key: 'd',
      data: '{"texte":"réponse — 👍"}',
      ip_hash: null,
      attempts: 2,
      next_attempt_at: t0 + 60_000,
      state: 'queued',
      created_at: t0,
    })
    .execute();
  await raw
    .insertInto('mail_suppressions')
    .values({ id: 'sp-1', site_id: sites[1], email: 'gone@b.example', reason: '550 no such user', created_at: t0 })
    .execute();
  await raw
    .insertInto('webhook_endpoints')
    .values({
      id: 'we-1',
      site_id: sites[0],
      url: 'https://hooks.example/parley',
      events: '["comment.published"]',
      secret: 'whsec_x',
      previous_secret: 'whsec_old',
      previous_until: t0 + 86_400_000,
      enabled: 1,
      created_at: t0,
    })
    .execute();
  await raw
    .insertInto('webhook_deliveries')
    .values({
      id: 'wd-1',
      endpoint_id: 'we-1',
      site_id: sites[0],
      event_id: 'ev-1',
      event_type: 'comment.published',
      payload: '{"type":"comment.published"}',
      attempts: 1,
      next_attempt_at: t0,
      state: 'delivered',
      last_status: 204,
      created_at: t0,
      delivered_at: t0 + 5,
    })
    .execute();
  await raw
    .insertInto('moderator_alerts')
    .values({ id: 'al-1', user_id: 'u-1', site_id: sites[0], held: 'hourly', reports: 'never', updated_at: t0 })
    .execute();
  // Which local ids an import's source ids became: more rows than a page, and keys sharing prefixes.
  await raw
    .insertInto('import_keys')
    .values(
      Array.from({ length: 2_500 }, (_, i) => ({
        site_id: sites[i % 2],
        format: i % 3 ? 'wxr' : 'disqus',
        kind: i % 5 ? 'comment' : 'thread',
        source_key: `${i % 7}-${i}`,
        local_id: `local-${String(i).padStart(5, '0')}`,
        pending_parent: i % 11 ? null : `${i - 1}`,
        created_at: t0 + i,
      })),
    )
    .execute();
}
