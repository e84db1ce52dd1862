// Outbox rows as the services create them. The Message-ID is chosen here, once: a resend of
// the same row (after a crash or a 4xx) carries the same one, so receivers can tell.
import { newId, randomHex } from '../ids.ts';
import type { MailRow } from '../records.ts';

export function newMailRow(o: {
  siteId: string;
  recipient: string;
  kind: string;
  domain: string;
  data: Record<string, unknown>;
  ipHash: string | null;
  now: number;
  group?: string;
  dedupe?: string;
  at?: number;
}): MailRow {
  const id = newId();
  return {
    id,
    site_id: o.siteId,
    recipient: o.recipient,
    kind: o.kind,
    message_id: `<${id}.${randomHex(6)}@${o.domain}>`,
    group_key: o.group ?? null,
    dedupe_key: o.dedupe ?? null,
    data: o.data,
    ip_hash: o.ipHash,
    attempts: 0,
    next_attempt_at: o.at ?? o.now,
    state: 'queued',
    claimed_by: null,
    claimed_until: null,
    created_at: o.now,
    sent_at: null,
    last_error: null,
  };
}
