// The port through which core hands an email to a relay. The SMTP implementation lives in
// src/mail; tests may pass their own. Outcomes are values: the sender decides what a refusal
// means (retry later, or give up and suppress the address).

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  /** Extra headers (List-Unsubscribe and its One-Click companion). */
  headers: Record<string, string>;
};

export type SendOutcome =
  | { ok: true; response: string }
  /** `permanent`: the relay or the recipient's server refused for good (a 5xx answer). */
  | { ok: false; permanent: boolean; response: string };

export interface Mailer {
  /** The From header; its domain also names our Message-IDs. */
  readonly from: string;
  /** How many mails it takes at once (open connections to the relay); one when not said. */
  readonly connections?: number;
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

/** The domain of an address given as "a@b" or "Name <a@b>". */
export function mailDomain(from: string): string {
  const m = /@([^\s>]+)>?\s*$/.exec(from);
  return m ? m[1].toLowerCase() : 'localhost';
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
