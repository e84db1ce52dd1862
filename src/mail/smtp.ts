// The SMTP relay behind the Mailer port, through nodemailer: smtp:// with STARTTLS when the
// server offers it, smtps:// with TLS from the start; optional DKIM signing here (otherwise
// the relay should sign). An answer's code decides what the sender does: 5xx is permanent,
// anything else (4xx, a refused or dropped connection) is tried again later. Connections are
// pooled and kept open between mails: a new connection per mail (greeting, EHLO, QUIT) costs
// about 100 ms even on loopback, which held the sender to ~9 mails/s (bench/mail-send.ts).
import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';
import type { Config } from '../config/config.ts';
import type { Mailer, OutgoingMail, SendOutcome } from '../core/mail/mailer.ts';

/** Headers DKIM covers: the usual ones, and the unsubscribe pair so nobody can alter them in transit. */
const SIGNED_HEADERS =
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:' +
  'Content-Transfer-Encoding:In-Reply-To:References:List-Unsubscribe:List-Unsubscribe-Post';

/** Mails in flight at once; relays commonly allow a handful of connections per client. */
const CONNECTIONS = 4;

export type SmtpOptions = Pick<
  Config,
  'smtpUrl' | 'mailFrom' | 'smtpHelo' | 'dkimDomain' | 'dkimSelector' | 'dkimKeyFile'
>;

export function mailConfigured(c: Pick<Config, 'smtpUrl' | 'mailFrom'>): boolean {
  return !!(c.smtpUrl && c.mailFrom);
}

export function smtpMailer(c: SmtpOptions): Mailer {
  const transport = createTransport({
    url: c.smtpUrl,
    pool: true,
    maxConnections: CONNECTIONS,
    ...(c.smtpHelo ? { name: c.smtpHelo } : {}),
    ...(c.dkimDomain
      ? {
          dkim: {
            domainName: c.dkimDomain,
            keySelector: c.dkimSelector,
            privateKey: readFileSync(c.dkimKeyFile, 'utf8'),
            headerFieldNames: SIGNED_HEADERS,
          },
        }
      : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    from: c.mailFrom,
    connections: CONNECTIONS,
    async send(m: OutgoingMail): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({
          from: c.mailFrom,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: m.messageId,
          date: m.date,
          headers: m.headers,
        });
        if (info.rejected.length) return { ok: false, permanent: true, response: String(info.response) };
        return { ok: true, response: String(info.response) };
      } catch (err) {
        const e = err as { responseCode?: number; response?: string; message?: string };
        const code = typeof e.responseCode === 'number' ? e.responseCode : 0;
        return { ok: false, permanent: code >= 500 && code < 600, response: e.response ?? e.message ?? 'failed' };
      }
    },
    close: () => transport.close(),
  };
}
