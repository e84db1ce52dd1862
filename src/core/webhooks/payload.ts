// What a delivery says about a comment: the thread, the comment as the widget shows it, the
// author's name and website. Never their email address, its hash, their IP address or its
// hash, which the rows carry: the payload is built field by field from an allow-list.
import type { WebhookEvent, WebhookPayload } from '../../contracts/webhooks.ts';
import type { CommentRow, ThreadRow } from '../ports.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function webhookPayload(o: {
  id: string;
  type: WebhookEvent;
  at: number;
  comment: CommentRow;
  thread: ThreadRow | undefined;
  reportReason?: string;
}): WebhookPayload {
  const { comment: c, thread } = o;
  const withReasons = o.type === 'comment.held' || o.type === 'comment.spam';
  return {
    id: o.id,
    type: o.type,
    createdAt: iso(o.at),
    site: { id: c.site_id },
    thread: { key: thread?.key ?? '', url: thread?.url ?? null, title: thread?.title ?? null },
    comment: {
      id: c.id,
      parent: c.parent_id,
      status: c.status,
      author: { name: c.author_name, website: c.author_website },
      html: c.status === 'deleted' ? null : c.body_html,
      createdAt: iso(c.created_at),
      ...(withReasons ? { reasons: (c.spam_reasons ?? []).map((r) => ({ check: r.check, reason: r.reason })) } : {}),
    },
    ...(o.reportReason !== undefined ? { report: { reason: o.reportReason } } : {}),
  };
}
