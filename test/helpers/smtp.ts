// A real SMTP server on 127.0.0.1 (random port) for the mail tests: it keeps every message as
// received (raw bytes and parsed), and answers recipients as the test decides (4xx, 5xx); a
// test may also act on a message after its data is in and before it is answered.
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type Received = { raw: Buffer; mail: ParsedMail; to: string[]; helo: string | undefined };

export type TestSmtp = {
  url: string;
  received: Received[];
  /** Answers RCPT TO for an address with this code (e.g. 451, 550); null accepts. */
  answer: (address: string) => number | null;
  /** Called once a message's data is in (and kept), before the 250 is answered; awaited. */
  beforeAnswer: (r: Received) => unknown;
  /** Resolves when `n` messages have arrived (polls; fails after `ms`, 6 s by default). */
  waitFor(n: number, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
};

export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  const box: TestSmtp = {
    url: '',
    received,
    answer: () => null,
    beforeAnswer: () => undefined,
    async waitFor(n, ms = 6000) {
      for (let i = 0; i < ms / 20 && received.length < n; i++) await new Promise((r) => setTimeout(r, 20));
      if (received.length < n) throw new Error(`expected ${n} message(s), got ${received.length}`);
      return received;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, done) {
      const code = box.answer(address.address);
      if (!code) return done();
      const err = Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), {
        responseCode: code,
      });
      done(err);
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const r: Received = {
          raw,
          mail: await simpleParser(raw),
          to: session.envelope.rcptTo.map((a) => a.address),
          helo: session.hostNameAppearsAs,
        };
        received.push(r);
        await box.beforeAnswer(r);
        done();
      });
    },
  });
  // A client killed in the middle of a message resets its connection: the server says so with an
  // 'error' event, which would otherwise end the test process.
  server.on('error', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  box.url = `smtp://127.0.0.1:${server.server.address().port}`;
  return box;
}
