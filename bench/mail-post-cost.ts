// The CPU that notifications add to posting a comment (a script, not a test; also a phase of
// `npm run bench`):
//   node bench/mail-post-cost.ts [--posts 400] [--quiet 400] [--held 100] [--rounds 5] [--concurrency 16]
//     [--reply-delay MS (the reply notifier's, default the app's)] [--lean] [--out FILE]
// Two apps in this process, each on its own fresh SQLite folder, posting through inject():
//   mail: SMTP configured (to bench/mail-send.ts's sink, a child process that discards what it
//         gets), a reader subscribed to and confirmed on the thread, a moderator asking for an
//         email for each held comment and each report;
//   none: no relay, the same site, reader and moderator.
// Each round posts --posts approved replies to the reader's comment on each app (every one
// queues a reply email on "mail": the first goes out, the next wait for the digest interval),
// then --quiet approved comments on a second thread that nobody follows (the common case: mail
// is configured, but nobody is to be told; nothing is queued), then --held comments that the
// links rule holds (every one queues an alert on "mail", and the sender composes and sends it
// at once: the whole cost of an alert); --concurrency at a time,
// as a server under load takes them (SQLite then commits several writes together). The rounds
// alternate mail/none after a warm-up round of each, and each is timed with process.cpuUsage()
// (every thread: SQLite's writer, the spam workers) from the first post until the mail it
// caused is queued and sent. Prints µs of CPU per post for each, their medians, the difference
// and the ratio.
// --lean turns off every spam check but `links` (which holds the held kind) in both apps: the
// checks cost the same with mail on or off (about half of a post's CPU) and only add scatter to
// the difference, which is what is measured.
// Target (notifications issue): ≤ 50 µs added per approved reply, and per comment nobody is told of.
// Rounds scatter by ±150 µs on a shared 2-core machine: compare medians of several runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config/config.ts';
import { Accounts } from '../src/core/accounts/accounts.ts';
import { systemClock } from '../src/core/clock.ts';
import { newId } from '../src/core/ids.ts';
import { repliesOf } from '../src/core/mail/reply-notifier.ts';
import { newSecret } from '../src/core/tokens.ts';
import { renderComment } from '../src/render/markdown.ts';
import { buildApp } from '../src/server/app.ts';
import { CHECK_NAMES } from '../src/spam/pipeline.ts';
import { openSqlite } from '../src/store/dialects/sqlite/open.ts';
import { loadSecrets } from '../src/store/open-store.ts';
import { startSink } from './mail-send.ts';

const THREAD = 'https://news.example.com/2026/12/rail-strike';
const QUIET_THREAD = 'https://news.example.com/2026/12/library-hours';
const READER = 'anne.reader@example.org';
const MODERATOR = 'night-desk@example.com';

type Kind = 'reply' | 'quiet' | 'held';
type Bench = {
  label: 'mail' | 'none';
  app: FastifyInstance;
  siteId: string;
  parent: string;
  /** Resolves once the mail the posts caused is in the outbox and what is due is sent. */
  settle(kind: Kind): Promise<void>;
  /** Throws unless each post since `since` queued its email (outside the measured time). */
  check(kind: Kind, since: number, posts: number): Promise<void>;
  close(): Promise<void>;
};

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

let serial = 0;
async function post(b: Bench, kind: Kind): Promise<{ id: string; status: number }> {
  const n = serial++;
  const res = await b.app.inject({
    method: 'POST',
    url: '/api/v1/comments',
    // A network of its own for each post, as readers come from many.
    remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      thread: kind === 'quiet' ? QUIET_THREAD : THREAD,
      name: `Reader ${n}`,
      email: `reader${n}@example.net`,
      ...(kind === 'reply' ? { parent: b.parent } : {}),
      body:
        kind === 'reply'
          ? `Reply number ${n}: the replacement buses leave from the east side of the station.`
          : kind === 'quiet'
            ? `Comment number ${n}: the branch library now opens at nine on Saturdays too.`
            : `I checked before leaving this morning (${n}): the Sunday timetable is on https://rail.example/timetables/${n} and the replacement bus map on https://bus.example/map/${n}, both updated yesterday.`,
    }),
  });
  const expected = kind === 'held' ? 202 : 201;
  if (res.statusCode !== expected)
    throw new Error(`${b.label}: a ${kind} post answered ${res.statusCode}: ${res.body}`);
  return { id: res.json().id, status: res.statusCode };
}

async function open(label: 'mail' | 'none', smtpUrl: string, replyDelayMs?: number, lean = false): Promise<Bench> {
  const dir = mkdtempSync(join(os.tmpdir(), `parley-mail-cost-${label}-`));
  const config = loadConfig({
    PARLEY_DATA_DIR: dir,
    PARLEY_LOG_LEVEL: 'silent',
    PARLEY_FLOOD_SECONDS: '0',
    // Every post comes from this one process: the pace and repeat checks would hold them.
    PARLEY_SPAM_DISABLED_CHECKS: lean ? CHECK_NAMES.filter((c) => c !== 'links').join(',') : 'velocity,repeat',
    PARLEY_PUBLIC_URL: 'https://comments.news.example.com',
    // The held comments' alerts all go to one moderator; none may wait for the next hour.
    PARLEY_MAIL_PER_RECIPIENT_HOUR: '1000',
    ...(label === 'mail'
      ? { PARLEY_SMTP_URL: smtpUrl, PARLEY_MAIL_FROM: 'News comments <comments@news.example.com>' }
      : {}),
  });
  const store = await openSqlite({ path: config.dbPath });
  const siteId = newId();
  await store.createSite({
    id: siteId,
    name: 'Bench news',
    origins: ['https://news.example.com'],
    lang: 'en',
    settings: {},
    avatar_secret: newSecret(),
    is_default: true,
    created_at: Date.now(),
  });
  const app = await buildApp({
    config,
    store,
    clock: systemClock,
    secrets: await loadSecrets(store),
    render: renderComment,
    logger: false,
    // Only what the posts cause is measured, not the outbox's timer.
    mailPollMs: 0,
    replyDelayMs,
  });
  const { user } = await new Accounts({ store, clock: systemClock }).grant(
    MODERATOR,
    'a long enough night desk password',
    siteId,
    'moderator',
  );
  await app.parley.alerts.save(user.id, siteId, { held: 'immediately', reports: 'immediately' });
  const b: Bench = {
    label,
    app,
    siteId,
    parent: '',
    async settle(kind) {
      const { mailSender, alerts } = app.parley;
      if (!mailSender || kind === 'quiet') return;
      if (kind === 'reply') {
        // A reply leaves a marker with the comment; the notifier's run (100 ms after a post, for
        // all the posts since) writes the rows, and a due one kicks the sender: what a server
        // does, without a run forced here (the outbox's own timer is off).
        await app.parley.replies.idle();
        await mailSender.idle();
        return;
      }
      await alerts.idle();
      await mailSender.run();
    },
    async check(kind, since, posts) {
      if (!app.parley.mailSender || kind === 'quiet') return;
      // A reply row tells of every reply of its batch (a digest's worth).
      const queued =
        kind === 'reply'
          ? (await store.mailDataByEmail(READER, siteId)).outbox
              .filter((r) => r.kind === 'reply' && r.created_at >= since)
              .flatMap(repliesOf).length
          : await store.countMail({ siteId, since, kind: 'alert' });
      if (queued < posts) throw new Error(`${label}: ${queued} of ${posts} ${kind} emails queued`);
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/comments',
    remoteAddress: '192.0.2.1',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      thread: THREAD,
      name: 'Anne Reader',
      email: READER,
      notify: true,
      body: 'Will the replacement buses run on Sunday?',
    }),
  });
  if (res.statusCode !== 201) throw new Error(`${label}: the reader's comment answered ${res.statusCode}`);
  b.parent = res.json().id;
  if (label === 'mail') {
    const address = await store.getMailAddress({ siteId, email: READER });
    if (!address) throw new Error('the reader was not subscribed');
    await store.confirmMailAddress(address.id, Date.now());
  }
  return b;
}

/** CPU µs per post of `count` posts of `kind`, the mail they cause included. */
async function round(b: Bench, kind: Kind, count: number, concurrency: number): Promise<number> {
  // Each round starts from a collected heap and a quiet process, so that it does not pay for
  // the garbage of the round before (the other app's, or a round of another kind).
  collectGarbage();
  await new Promise((r) => setTimeout(r, 20));
  const since = Date.now();
  const cpu = process.cpuUsage();
  let left = count;
  const lane = async () => {
    while (left-- > 0) await post(b, kind);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  await b.settle(kind);
  // The same pause at the end of every round, on both apps, inside the measured window: what
  // a round leaves to be done in the background (the published listeners, SQLite's checkpoint,
  // garbage collection) is then counted in that round, and a wait costs no CPU of its own. A
  // pause on one app only once charged the other's leftovers to it (+80 µs per post).
  await new Promise((r) => setTimeout(r, 50));
  const used = process.cpuUsage(cpu);
  await b.check(kind, since, count);
  return (used.user + used.system) / count;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

export type KindFigures = {
  posts: number;
  mailUsPerPost: number[];
  noneUsPerPost: number[];
  mailMedianUs: number;
  noneMedianUs: number;
  addedUs: number;
  ratio: number;
  /** The difference within each mail/none pair of rounds, and its median (less sensitive to drift). */
  pairedAddedUs: number[];
  pairedAddedMedianUs: number;
};
export type MailPostCostFigures = {
  rounds: number;
  concurrency: number;
  reply: KindFigures;
  /** An approved comment in a thread nobody follows. */
  quiet: KindFigures;
  held: KindFigures;
  emailsSent: number;
  machine: { cpus: number; model: string; node: string; loadavg: number[] };
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '400' },
      quiet: { type: 'string', default: '400' },
      held: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '16' },
      'reply-delay': { type: 'string' },
      lean: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const counts: Record<Kind, number> = {
    reply: Number(values.posts),
    quiet: Number(values.quiet),
    held: Number(values.held),
  };
  const rounds = Number(values.rounds);
  const concurrency = Number(values.concurrency);
  const sink = await startSink();
  const delay = values['reply-delay'] === undefined ? undefined : Number(values['reply-delay']);
  const mail = await open('mail', sink.url, delay, values.lean);
  const none = await open('none', sink.url, delay, values.lean);
  const times: Record<Kind, Record<'mail' | 'none', number[]>> = {
    reply: { mail: [], none: [] },
    quiet: { mail: [], none: [] },
    held: { mail: [], none: [] },
  };
  try {
    for (let r = 0; r <= rounds; r++) {
      for (const kind of ['reply', 'quiet', 'held'] as const) {
        // Alternating which app goes first, so that neither always follows the other.
        for (const b of r % 2 ? [mail, none] : [none, mail]) {
          const us = await round(b, kind, counts[kind], concurrency);
          // Round 0 warms the JIT and the caches of both apps; it is not counted.
          if (r > 0) times[kind][b.label].push(us);
        }
      }
      if (r > 0)
        console.log(
          `round ${r}: reply ${r1(times.reply.mail.at(-1)!)} vs ${r1(times.reply.none.at(-1)!)} µs/post, quiet ${r1(times.quiet.mail.at(-1)!)} vs ${r1(times.quiet.none.at(-1)!)}, held ${r1(times.held.mail.at(-1)!)} vs ${r1(times.held.none.at(-1)!)} µs/post (mail vs none)`,
        );
    }
    const emailsSent = await mail.app.parley.mailSender!.run().then(async () => {
      const { outbox } = await mail.app.parley.store.mailDataByEmail(MODERATOR, mail.siteId);
      return outbox.filter((r) => r.state === 'sent').length;
    });
    const figures = (kind: Kind): KindFigures => {
      const m = times[kind].mail;
      const n = times[kind].none;
      const paired = m.map((x, i) => x - n[i]);
      return {
        posts: counts[kind],
        mailUsPerPost: m.map(r1),
        noneUsPerPost: n.map(r1),
        mailMedianUs: r1(median(m)),
        noneMedianUs: r1(median(n)),
        addedUs: r1(median(m) - median(n)),
        ratio: Math.round((median(m) / median(n)) * 1000) / 1000,
        pairedAddedUs: paired.map(r1),
        pairedAddedMedianUs: r1(median(paired)),
      };
    };
    const result: MailPostCostFigures = {
      rounds,
      concurrency,
      reply: figures('reply'),
      quiet: figures('quiet'),
      held: figures('held'),
      emailsSent,
      machine: {
        cpus: os.availableParallelism(),
        model: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
      },
    };
    const what: Record<Kind, string> = {
      reply: 'approved reply (queues a reply email)',
      quiet: 'approved comment, thread nobody follows',
      held: 'held comment (queues and sends an alert)',
    };
    for (const kind of ['reply', 'quiet', 'held'] as const) {
      const f = result[kind];
      console.log(
        `${what[kind]}: median ${f.mailMedianUs} µs/post with mail, ${f.noneMedianUs} without: +${f.addedUs} µs (×${f.ratio}; paired rounds: median +${f.pairedAddedMedianUs} µs)`,
      );
    }
    console.log(
      `target ≤ 50 µs added per approved reply: ${result.reply.addedUs <= 50 ? 'PASS' : 'MISS'}; per comment nobody is told of: ${result.quiet.addedUs <= 50 ? 'PASS' : 'MISS'} (${result.machine.cpus} cores, ${result.machine.model}, Node ${result.machine.node}, load ${result.machine.loadavg.join(' ')}; ${emailsSent} alert emails sent)`,
    );
    if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await mail.close();
    await none.close();
    sink.stop();
  }
}

if (import.meta.main) await main();
