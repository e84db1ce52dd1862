// The Remark42 backup reader against a backup written for these tests
// (test/fixtures/import/remark42.backup): two pages, replies four deep, shown and deleted comments,
// French, Russian and emoji, and three broken lines (cut-off JSON, a reply to a comment the file
// lacks, a date that is not RFC 3339). The same file gzipped reads the same; other files are
// refused as a whole; a large generated backup is read in bounded memory.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type ImportComment, type ImportItem, ImportFormatError } from '../../src/core/import/source.ts';
import { type Remark42Options, remark42Source } from '../../src/import/formats/remark42.ts';

const fixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const backup = join(fixtures, 'remark42.backup');
const collect = async (path: string, options?: Remark42Options) => {
  const out: ImportItem[] = [];
  for await (const x of remark42Source(path, options).items()) out.push(x);
  return out;
};

const BUDGET = 'https://news.example/2026/12/budget-vote/';
const FIRE = 'https://news.example/2026/12/harbour-fire/';
const author = (name: string, sourceId: string | null) => ({ name, email: null, website: null, sourceId });
const comment = (line: number, c: Omit<ImportComment, 'ip' | 'userAgent' | 'at'>): ImportItem => ({
  kind: 'comment',
  comment: { ...c, ip: null, userAgent: null, at: `line ${line}` },
});
const html = (text: string) => ({ format: 'html' as const, text });
const unknown = (line: number, field: string): ImportItem => ({ kind: 'unknown', field, at: `line ${line}` });

const EXPECTED: ImportItem[] = [
  unknown(1, 'users'),
  {
    kind: 'thread',
    thread: { key: BUDGET, url: BUDGET, title: 'Le budget voté de justesse', createdAt: null, at: 'line 2' },
  },
  comment(2, {
    key: 'r42-c1',
    threadKey: BUDGET,
    parentKey: null,
    createdAt: Date.UTC(2026, 11, 1, 8, 15, 30, 123),
    status: 'approved',
    author: author('Élodie Marchand', 'github_4f2a91'),
    body: html('<p>Enfin un budget qui pense aux écoles rurales. Merci pour l’enquête !</p>\n'),
  }),
  unknown(2, 'comment.votes'),
  unknown(2, 'comment.pin'),
  comment(3, {
    key: 'r42-c2',
    threadKey: BUDGET,
    parentKey: 'r42-c1',
    createdAt: Date.UTC(2026, 11, 1, 10, 2),
    status: 'approved',
    author: author('Дмитрий Соколов', 'email_1d9e55'),
    body: html('<p>Сельские школы получат меньше, чем обещали. Читайте таблицу внимательно.</p>\n'),
  }),
  unknown(3, 'comment.edit'),
  comment(4, {
    key: 'r42-c3',
    threadKey: BUDGET,
    parentKey: 'r42-c2',
    createdAt: Date.UTC(2026, 11, 1, 11, 30),
    status: 'approved',
    author: author('Newsroom', 'github_9900aa'),
    body: html('<p>The table is on page 4 📊 — both of you are right 🙂</p>\n'),
  }),
  unknown(4, 'comment.votes'),
  unknown(4, 'user.admin'),
  comment(5, {
    key: 'r42-c4',
    threadKey: BUDGET,
    parentKey: 'r42-c3',
    createdAt: Date.UTC(2026, 11, 1, 12),
    status: 'deleted',
    author: author('deleted', null),
    body: html(''),
  }),
  {
    kind: 'thread',
    thread: { key: FIRE, url: FIRE, title: 'Fire at the harbour: what we know', createdAt: null, at: 'line 6' },
  },
  comment(6, {
    key: 'r42-c5',
    threadKey: FIRE,
    parentKey: null,
    createdAt: Date.UTC(2026, 11, 2, 8),
    status: 'approved',
    author: author("Sam O'Neill", 'twitter_77ab'),
    body: html('<p>Were the firefighters from the next town called in?</p>\n'),
  }),
  unknown(6, 'user.block'),
  comment(7, {
    key: 'r42-c6',
    threadKey: FIRE,
    parentKey: 'r42-c5',
    createdAt: Date.UTC(2026, 11, 2, 8, 45, 10),
    status: 'approved',
    author: author('Anonymous', 'anonymous_7c1f0e'),
    body: html('<p>Yes, two crews. 🚒</p>\n'),
  }),
  { kind: 'invalid', message: 'not JSON', at: 'line 8' },
  // A reply whose parent the backup does not hold is kept: the import makes it an orphan.
  comment(9, {
    key: 'r42-c8',
    threadKey: FIRE,
    parentKey: 'r42-gone',
    createdAt: 1796202000000,
    status: 'approved',
    author: author('Lina', 'github_5150'),
    body: html('<p>A reply to a comment the backup does not hold.</p>\n'),
  }),
  { kind: 'invalid', message: 'a comment with a bad time "02/12/2026 09:30"', at: 'line 10' },
  comment(12, {
    key: 'r42-c10',
    threadKey: FIRE,
    parentKey: 'r42-c6',
    createdAt: Date.UTC(2026, 11, 2, 10),
    status: 'approved',
    author: author('Élodie Marchand', 'github_4f2a91'),
    body: html('<p>Merci pour la précision.</p>\n'),
  }),
];

const refused = async (path: string, why: RegExp, at: string, options?: Remark42Options) =>
  assert.rejects(
    collect(path, options),
    (e: unknown) => e instanceof ImportFormatError && why.test(e.message) && e.at === at,
  );

describe('the Remark42 backup reader', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-remark42-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('yields each page before its first comment, every comment as written, and the broken lines by number', async () => {
    assert.deepEqual(await collect(backup), EXPECTED);
  });

  test('a gzipped backup (as Remark42 writes its daily ones) reads the same, whatever its name', async () => {
    const gz = join(dir, 'backup-news-20261207.gz');
    writeFileSync(gz, gzipSync(readFileSync(backup)));
    assert.deepEqual(await collect(gz), EXPECTED);
    const unnamed = join(dir, 'backup');
    writeFileSync(unnamed, gzipSync(readFileSync(backup)));
    assert.deepEqual(await collect(unnamed), EXPECTED);
  });

  test('Windows line ends read the same', async () => {
    const crlf = join(dir, 'crlf.backup');
    writeFileSync(crlf, readFileSync(backup, 'utf8').replaceAll('\n', '\r\n'));
    assert.deepEqual(await collect(crlf), EXPECTED);
  });

  test('a meta record of version 0 with users and posts null (Go writes empty lists so), and indented lines, read the same', async () => {
    const lines = readFileSync(backup, 'utf8').split('\n');
    const variant = join(dir, 'variant.backup');
    const meta = '{"users":null,"posts":null}';
    writeFileSync(variant, [meta, ...lines.slice(1).map((l) => (l ? `\t${l}` : l))].join('\n'));
    const items = await collect(variant);
    const comments = (list: ImportItem[]) => list.flatMap((i) => (i.kind === 'comment' ? [i.comment] : []));
    assert.deepEqual(comments(items), comments(EXPECTED));
  });

  test('a line over the length limit is refused without being held whole; a missing file is named', async () => {
    await refused(backup, /a line longer than 200 characters: not one record a line/, 'line 1', { maxLineChars: 200 });
    const longest = Math.max(
      ...readFileSync(backup, 'utf8')
        .split('\n')
        .map((l) => l.length),
    );
    assert.deepEqual(await collect(backup, { maxLineChars: longest }), EXPECTED);
    // Line 1 (the meta record) is under 300 characters, line 2 over.
    await refused(backup, /a line longer than 300 characters/, 'line 2', { maxLineChars: 300 });
    await refused(join(dir, 'nothing-here.gz'), /cannot read the file \(ENOENT\)/, 'file');
    await refused(dir, /cannot read the file \(EISDIR\)/, 'file');
  });

  test('a broken record is reported with its values cut short, however long they are', async () => {
    const long = join(dir, 'long-values.backup');
    const record = {
      id: 'x',
      pid: 'p'.repeat(5000),
      text: '',
      user: { name: 'A', id: 'a' },
      locator: { url: 'https://news.example/a/' },
      time: 't'.repeat(5000),
    };
    writeFileSync(
      long,
      `{"version":1}\n${JSON.stringify(record)}\n${JSON.stringify({ ...record, time: '2026-12-01T00:00:00Z' })}\n`,
    );
    const items = await collect(long);
    assert.deepEqual(
      items.map((i) => (i.kind === 'invalid' ? [i.at, i.message] : i.kind)),
      [['line 2', `a comment with a bad time "${'t'.repeat(59)}…`], 'thread', 'comment'],
    );
  });

  test('a gzipped backup cut short is refused as damaged, after yielding the lines before the cut', async () => {
    const gz = gzipSync(readFileSync(backup));
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, gz.subarray(0, gz.length - 40));
    const read: ImportItem[] = [];
    await assert.rejects(
      async () => {
        for await (const x of remark42Source(cut).items()) read.push(x);
      },
      (e: unknown) =>
        e instanceof ImportFormatError && /gzip stream is damaged/.test(e.message) && /^line \d+$/.test(e.at),
    );
    assert.deepEqual(read, EXPECTED.slice(0, read.length));
  });

  test('files of other formats, a newer backup and an empty file are refused as a whole', async () => {
    await refused(join(fixtures, 'wordpress-real-export.xml'), /not a Remark42 backup/, 'line 1');
    await refused(join(fixtures, 'commento.json'), /not a Remark42 backup/, 'line 1');
    const firstIsComment = join(dir, 'no-meta.backup');
    writeFileSync(firstIsComment, readFileSync(backup, 'utf8').split('\n').slice(1).join('\n'));
    await refused(firstIsComment, /not a Remark42 backup/, 'line 1');
    const newer = join(dir, 'newer.backup');
    writeFileSync(newer, '{"version":2,"users":[],"posts":[]}\n');
    await refused(newer, /backup version 2: this Parley reads up to 1/, 'line 1');
    const empty = join(dir, 'empty.backup');
    writeFileSync(empty, '');
    await refused(empty, /the file is empty/, 'line 1');
  });

  test('a large backup is read in bounded memory: the heap does not grow with the comments read', async () => {
    const big = join(dir, 'big.backup');
    const pages = 2_000;
    const perPage = 100;
    await writeLargeBackup(big, pages, perPage);
    const size = statSync(big).size;
    const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', MEASURE, big], {
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    const m = JSON.parse(child.stdout) as {
      comments: number;
      threads: number;
      heapAt10: number;
      heapAtEnd: number;
      peakRss: number;
    };
    const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
    console.log(
      `remark42: ${m.comments} comments on ${m.threads} pages, file ${mb(size)}; ` +
        `heap after 10% ${mb(m.heapAt10)}, at the end ${mb(m.heapAtEnd)}; peak RSS ${mb(m.peakRss)}`,
    );
    assert.equal(m.comments, pages * perPage);
    assert.equal(m.threads, pages);
    // What stays: the pages' URLs and the current page's ids, not the comments read.
    assert.ok(m.heapAtEnd - m.heapAt10 < 8 * 2 ** 20, `heap grew from ${mb(m.heapAt10)} to ${mb(m.heapAtEnd)}`);
    assert.ok(m.peakRss < size, `peak RSS ${mb(m.peakRss)} for a ${mb(size)} file`);
  });
});

async function writeLargeBackup(path: string, pages: number, perPage: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? undefined : new Promise<void>((r) => out.once('drain', () => r())));
  await write('{"version":1,"users":[],"posts":[]}\n');
  const words = 'Une phrase en français, потом по-русски, then English with an emoji 🗞️. '.repeat(4);
  for (let p = 0; p < pages; p++) {
    const url = `https://news.example/2026/${p}/`;
    for (let i = 0; i < perPage; i++) {
      const pid = i === 0 ? '' : `c${p}-${Math.floor((i - 1) / 2)}`;
      const record = {
        id: `c${p}-${i}`,
        pid,
        text: `<p>${words}${i}</p>`,
        user: { name: `Reader ${i}`, id: `github_${i}`, picture: '', ip: 'f'.repeat(40), admin: false },
        locator: { site: 'news', url },
        score: 0,
        time: new Date(Date.UTC(2026, 0, 1) + p * 86_400_000 + i * 1000).toISOString(),
      };
      await write(`${JSON.stringify(record)}\n`);
    }
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

// Run in a child process, so that the figures are the reader's alone.
const MEASURE = `
import { remark42Source } from ${JSON.stringify(new URL('../../src/import/formats/remark42.ts', import.meta.url).href)};
const path = process.argv[1];
let comments = 0, threads = 0, heapAt10 = 0, peakRss = 0;
const heap = () => { globalThis.gc(); return process.memoryUsage().heapUsed; };
for await (const item of remark42Source(path).items()) {
  if (item.kind === 'thread') threads++;
  if (item.kind !== 'comment') continue;
  comments++;
  if (comments === 20000) heapAt10 = heap();
  if (comments % 5000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
process.stdout.write(JSON.stringify({ comments, threads, heapAt10, heapAtEnd: heap(), peakRss }));
`;
