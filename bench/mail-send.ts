// The outbox sender's throughput to a local SMTP server (a script, not a test):
//   node bench/mail-send.ts [--emails 5000] [--runs 3] [--out FILE]
// Each run opens a fresh SQLite store, queues --emails confirmation mails to distinct addresses
// (each composed from the database when sent, like a reader's), and times MailSender.run() until
// the outbox is empty, through the real SMTP transport (nodemailer) to an SMTP server in a child
// process that accepts and discards every message (so its parsing does not share the sender's
// event loop). Prints emails/s for each run, the median, and the machine; and the sender's CPU
// time per email (this process, SQLite's writer thread included), which a machine busy with
// other work disturbs less than the rate. The target (issue 14) is 200 emails/s on 2 cores.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../src/core/clock.ts';
import { MailSender } from '../src/core/jobs/mail-sender.ts';
import { newId } from '../src/core/ids.ts';
import { newMailRow } from '../src/core/mail/outbox.ts';
import { smtpMailer } from '../src/mail/smtp.ts';
import { openSqlite } from '../src/store/dialects/sqlite/open.ts';

const FROM = 'Bench <bench@news.example.com>';

/** What --out writes (and `npm run bench` reads). */
export type MailSendFigures = {
  emails: number;
  runs: { emailsPerSecond: number; seconds: number; sent: number; cpuMsPerEmail: number }[];
  median: number;
  machine: { cpus: number; model: string; node: string; loadavg: number[] };
};

/** The child: an SMTP server that takes every message and keeps nothing; prints its port. */
function sink(): void {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        done();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${(server.server.address() as { port: number }).port}\n`);
  });
  process.on('message', () => process.send?.(received));
  process.on('disconnect', () => process.exit(0));
}

/** That SMTP server, in a child process (bench/mail-post-cost.ts uses it too). */
export async function startSink(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--sink'], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url: `smtp://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function run(emails: number, smtpUrl: string): Promise<{ seconds: number; sent: number; cpuMs: number }> {
  const dir = mkdtempSync(join(os.tmpdir(), 'parley-mail-bench-'));
  const store = await openSqlite({ path: join(dir, 'parley.db') });
  try {
    const siteId = newId();
    await store.createSite({
      id: siteId,
      name: 'Bench news',
      origins: [],
      lang: 'en',
      settings: {},
      avatar_secret: 's',
      is_default: true,
      created_at: Date.now(),
    });
    const now = Date.now();
    for (let i = 0; i < emails; i++) {
      const address = await store.saveMailAddress({
        id: newId(),
        site_id: siteId,
        email: `reader${i}@example.org`,
        confirmed_at: null,
        created_at: now,
        active_at: now,
      });
      await store.enqueueMail(
        newMailRow({
          siteId,
          recipient: address.email,
          kind: 'confirm',
          domain: 'news.example.com',
          data: { addressId: address.id },
          ipHash: null,
          now,
        }),
      );
    }
    const site = await store.getSite(siteId);
    const mailer = smtpMailer({
      smtpUrl: smtpUrl,
      mailFrom: FROM,
      smtpHelo: '',
      dkimDomain: '',
      dkimSelector: '',
      dkimKeyFile: '',
    });
    const sender = new MailSender({
      store,
      clock: systemClock,
      mailer,
      links: { publicUrl: 'https://comments.news.example.com', key: 'bench-key' },
      perRecipientHour: 10,
      claimMs: 300_000,
      site: async () => site && { site, settings: {} as never, lang: 'en' },
      log: { info: () => undefined, error: (obj, msg) => console.error(msg, obj) },
    });
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const sent = await sender.run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    sender.close();
    return { seconds, sent, cpuMs: (used.user + used.system) / 1000 };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      emails: { type: 'string', default: '5000' },
      runs: { type: 'string', default: '3' },
      out: { type: 'string' },
    },
  });
  const emails = Number(values.emails);
  const runs = Number(values.runs);
  const smtp = await startSink();
  const results: MailSendFigures['runs'] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const r = await run(emails, smtp.url);
      if (r.sent !== emails) throw new Error(`run ${i + 1}: sent ${r.sent} of ${emails}`);
      const emailsPerSecond = Math.round(r.sent / r.seconds);
      const cpuMsPerEmail = Number((r.cpuMs / r.sent).toFixed(2));
      results.push({ emailsPerSecond, seconds: Number(r.seconds.toFixed(2)), sent: r.sent, cpuMsPerEmail });
      console.log(
        `run ${i + 1}: ${r.sent} emails in ${r.seconds.toFixed(2)} s = ${emailsPerSecond} emails/s, ${cpuMsPerEmail} ms CPU each`,
      );
    }
  } finally {
    smtp.stop();
  }
  const sorted = results.map((r) => r.emailsPerSecond).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const machine = {
    cpus: os.availableParallelism(),
    model: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
  console.log(
    `median: ${median} emails/s (target 200) on ${machine.cpus} cores (${machine.model}), Node ${machine.node}`,
  );
  const figures: MailSendFigures = { emails, runs: results, median, machine };
  if (values.out) writeFileSync(values.out, `${JSON.stringify(figures, null, 2)}\n`);
}

if (process.argv.includes('--sink')) sink();
else if (import.meta.main) await main();
