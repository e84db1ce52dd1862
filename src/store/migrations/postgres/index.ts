import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_create_core.ts';
import * as m0002 from './0002_add_body_hash.ts';
import * as m0003 from './0003_spam_memory.ts';
import * as m0004 from './0004_moderation.ts';
import * as m0005 from './0005_thread_pins_and_reopening.ts';
import * as m0006 from './0006_invitations.ts';
import * as m0008 from './0008_mail.ts';
import * as m0009 from './0009_imports.ts';
import * as m0010 from './0010_webhooks.ts';
import * as m0011 from './0011_moderator_alerts.ts';
import * as m0012 from './0012_admin_keys.ts';
import * as m0013 from './0013_mail_outbox_indexes.ts';
import * as m0014 from './0014_mail_reply_watermark.ts';

/** Numbered, forward-only; each runs in its own transaction (PostgreSQL has transactional DDL). */
export const postgresMigrations: Record<string, Migration> = {
  '0001_create_core': m0001,
  '0002_add_body_hash': m0002,
  '0003_spam_memory': m0003,
  '0004_moderation': m0004,
  '0005_thread_pins_and_reopening': m0005,
  '0006_invitations': m0006,
  '0008_mail': m0008,
  '0009_imports': m0009,
  '0010_webhooks': m0010,
  '0011_moderator_alerts': m0011,
  '0012_admin_keys': m0012,
  '0013_mail_outbox_indexes': m0013,
  '0014_mail_reply_watermark': m0014,
};
