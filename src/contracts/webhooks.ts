// Webhooks as the dashboard and receivers see them: the events an endpoint can follow, what a
// delivery carries, and the dashboard API's views of endpoints and of the delivery log.

export const WEBHOOK_EVENTS = [
  'comment.created',
  'comment.published',
  'comment.held',
  'comment.spam',
  'comment.deleted',
  'report.created',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * The JSON body of a delivery. Never the commenter's email address, its hash, their IP address
 * or its hash: a receiver is another system, often another company's.
 */
export type WebhookPayload = {
  /** The event's id: the same in every endpoint's delivery of it and across retries. */
  id: string;
  type: WebhookEvent;
  createdAt: string;
  site: { id: string };
  thread: { key: string; url: string | null; title: string | null };
  comment: {
    id: string;
    parent: string | null;
    status: string;
    author: { name: string; website: string | null };
    /** The sanitized HTML the widget shows; null once the comment is deleted. */
    html: string | null;
    createdAt: string;
    /** Why the spam policy held it or took it for spam (comment.held, comment.spam). */
    reasons?: { check: string; reason: string }[];
  };
  /** report.created: why a reader reported the comment (never who they are). */
  report?: { reason: string };
};

export type WebhookEndpointView = {
  id: string;
  url: string;
  events: WebhookEvent[];
  enabled: boolean;
  createdAt: string;
  /** While the previous secret still signs beside the new one (after a rotation). */
  previousSecretUntil: string | null;
};

/** Answered once, on creation and on rotation: the secret is never shown again. */
export type WebhookSecretView = { endpoint: WebhookEndpointView; secret: string };

export type WebhookDeliveryView = {
  id: string;
  eventId: string;
  type: WebhookEvent;
  state: 'queued' | 'delivered' | 'failed' | 'dropped';
  attempts: number;
  /** The receiver's last HTTP status; null when none was received (refused, timed out, unreachable). */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
};
