// The Commento / Comentario reader against exports written for these tests
// (test/fixtures/import/commento.json, comentario.json): which format a file is shows in its
// content; replies come after their parents even when the file lists them first; every state is
// mapped; broken records (missing parent, bad date, unknown state, duplicate id, a reply
// across pages, a loop of replies) are named by their place in the file. Gzipped files read the
// same; other files and files over the size limit are refused as a whole.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type ImportComment, type ImportItem, ImportFormatError } from '../../src/core/import/source.ts';
import { type CommentoOptions, commentoSource } from '../../src/import/formats/commento.ts';

const fixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const collect = async (path: string, options?: CommentoOptions) => {
  const out: ImportItem[] = [];
  for await (const x of commentoSource(path, options).items()) out.push(x);
  return out;
};

type Author = ImportComment['author'];
type Spec = Omit<ImportComment, 'ip' | 'userAgent' | 'at' | 'author' | 'body'> & {
  author: Partial<Author>;
  text: string;
};
const comment = (at: string, c: Spec): ImportItem => ({
  kind: 'comment',
  comment: {
    key: c.key,
    threadKey: c.threadKey,
    parentKey: c.parentKey,
    createdAt: c.createdAt,
    status: c.status,
    author: { name: 'Anonymous', email: null, website: null, sourceId: null, ...c.author },
    body: { format: 'markdown', text: c.text },
    ip: null,
    userAgent: null,
    at,
  },
});
const unknown = (at: string, field: string): ImportItem => ({ kind: 'unknown', field, at });
const invalid = (at: string, message: string): ImportItem => ({ kind: 'invalid', message, at });

const BUDGET = 'https://news.example/2026/12/budget-vote/';
const FIRE = 'https://news.example/2026/12/harbour-fire/';
const ELODIE = { name: 'Élodie Marchand', email: 'elodie@example.fr', website: 'https://elodie.example' };

const COMMENTO: ImportItem[] = [
  {
    kind: 'thread',
    thread: { key: BUDGET, url: BUDGET, title: null, createdAt: null, at: 'comments[0]' },
  },
  comment('comments[0]', {
    key: 'a1',
    threadKey: BUDGET,
    parentKey: null,
    createdAt: Date.UTC(2026, 11, 1, 8, 15, 30, 722),
    status: 'approved',
    author: { ...ELODIE, sourceId: 'h-elodie' },
    text: 'Enfin un budget qui pense aux **écoles rurales**.',
  }),
  unknown('comments[0]', 'comment.votes'),
  comment('comments[2]', {
    key: 'a2',
    threadKey: BUDGET,
    parentKey: 'a1',
    createdAt: Date.UTC(2026, 11, 1, 10, 2),
    status: 'approved',
    author: { name: 'Дмитрий Соколов', email: 'dmitri@example.ru', sourceId: 'h-dmitri' },
    text: 'Сельские школы получат меньше, чем обещали.',
  }),
  // Listed before its parent, yielded after it.
  comment('comments[1]', {
    key: 'a3',
    threadKey: BUDGET,
    parentKey: 'a2',
    createdAt: Date.UTC(2026, 11, 1, 11, 30),
    status: 'pending',
    author: {},
    text: 'The table is on page 4 📊',
  }),
  comment('comments[3]', {
    key: 'a4',
    threadKey: BUDGET,
    parentKey: 'a3',
    createdAt: Date.UTC(2026, 11, 1, 12),
    status: 'deleted',
    author: { ...ELODIE, sourceId: 'h-elodie' },
    text: '',
  }),
  { kind: 'thread', thread: { key: FIRE, url: FIRE, title: null, createdAt: null, at: 'comments[4]' } },
  comment('comments[4]', {
    key: 'b1',
    threadKey: FIRE,
    parentKey: null,
    createdAt: Date.UTC(2026, 11, 2, 8),
    status: 'spam',
    author: { name: 'Sam', email: 'sam@example.com', sourceId: 'h-sam' },
    text: 'Cheap watches at [this shop](https://spam.example)',
  }),
  unknown('comments[4]', 'commenter.isModerator'),
  comment('comments[5]', {
    key: 'b2',
    threadKey: FIRE,
    parentKey: 'b1',
    createdAt: Date.UTC(2026, 11, 2, 8, 45, 10),
    status: 'approved',
    author: { name: 'Marie-Ève', sourceId: 'h-marie' },
    text: 'Deux équipes sont venues 🚒',
  }),
  // A reply whose parent is not in the file is kept: the import makes it an orphan.
  comment('comments[6]', {
    key: 'b3',
    threadKey: FIRE,
    parentKey: 'gone',
    createdAt: 1796202000000,
    status: 'approved',
    author: { name: 'Marie-Ève', sourceId: 'h-marie' },
    text: 'A reply to a comment that is gone.',
  }),
  invalid('comments[7]', 'a comment with a bad creationDate "yesterday"'),
  invalid('comments[8]', 'a comment with the state "hidden"'),
  // A commenter the file no longer lists (removed since): the comment is kept, under "Anonymous".
  comment('comments[9]', {
    key: 'b6',
    threadKey: FIRE,
    parentKey: 'b1',
    createdAt: Date.UTC(2026, 11, 2, 9, 20),
    status: 'approved',
    author: { sourceId: 'h-nobody' },
    text: 'By a commenter the file lacks.',
  }),
  unknown('comments[9]', 'commenter (not in the file: imported as Anonymous)'),
  // So is a reply to a comment that could not be read.
  comment('comments[10]', {
    key: 'b7',
    threadKey: FIRE,
    parentKey: 'b4',
    createdAt: 1796203800000,
    status: 'approved',
    author: { name: 'Marie-Ève', sourceId: 'h-marie' },
    text: 'A reply to the broken clock.',
  }),
  invalid('comments[11]', 'a second comment with the id a2'),
  invalid('comments[12]', 'a reply to a1, a comment on another page'),
  invalid('comments[13]', 'a reply to c2, in a loop of replies'),
  invalid('comments[14]', 'a reply to c1, in a loop of replies'),
];

const page = (i: number, key: string, url: string, title: string, createdAt: number): ImportItem => ({
  kind: 'thread',
  thread: { key, url, title, createdAt, at: `pages[${i}]` },
});
const COMENTARIO: ImportItem[] = [
  page(0, 'p-budget', '/2026/12/budget-vote/', 'Le budget voté de justesse', Date.UTC(2026, 11, 1, 8)),
  page(1, 'p-fire', '/2026/12/harbour-fire/', 'Пожар в порту', Date.UTC(2026, 11, 2, 7, 30, 0, 500)),
  invalid('pages[2]', 'a page without an id or path'),
  comment('comments[0]', {
    key: 'k1',
    threadKey: 'p-budget',
    parentKey: null,
    createdAt: Date.UTC(2026, 11, 1, 8, 15, 30, 123),
    status: 'approved',
    author: { ...ELODIE, sourceId: 'u-elodie' },
    text: 'Enfin un budget qui pense aux **écoles rurales**.',
  }),
  unknown('comments[0]', 'comment.votes'),
  comment('comments[1]', {
    key: 'k2',
    threadKey: 'p-budget',
    parentKey: 'k1',
    createdAt: Date.UTC(2026, 11, 1, 10, 2),
    status: 'pending',
    author: { name: 'Дмитрий Соколов', sourceId: 'u-dmitri' },
    text: 'Сельские школы получат меньше, чем обещали.',
  }),
  comment('comments[2]', {
    key: 'k3',
    threadKey: 'p-budget',
    parentKey: 'k2',
    createdAt: Date.UTC(2026, 11, 1, 11, 30),
    status: 'approved',
    author: { name: 'Visiteur 🙂' },
    text: 'The table is on page 4 📊',
  }),
  comment('comments[3]', {
    key: 'k4',
    threadKey: 'p-budget',
    parentKey: 'k3',
    createdAt: Date.UTC(2026, 11, 1, 12),
    status: 'deleted',
    author: { ...ELODIE, sourceId: 'u-elodie' },
    text: '',
  }),
  comment('comments[4]', {
    key: 'k5',
    threadKey: 'p-fire',
    parentKey: null,
    createdAt: Date.UTC(2026, 11, 2, 8),
    status: 'spam',
    author: { name: 'Sam', email: 'sam@example.com', sourceId: 'u-sam' },
    text: 'Cheap watches at [this shop](https://spam.example)',
  }),
  unknown('comments[4]', 'comment.isSticky'),
  unknown('comments[4]', 'commenter.isModerator'),
  comment('comments[5]', {
    key: 'k6',
    threadKey: 'p-fire',
    parentKey: 'k5',
    createdAt: Date.UTC(2026, 11, 2, 8, 45, 10),
    status: 'approved',
    author: {},
    text: 'Yes, two crews. 🚒',
  }),
  unknown('comments[5]', 'comment.editedTime'),
  comment('comments[6]', {
    key: 'k7',
    threadKey: 'p-fire',
    parentKey: 'missing-id',
    createdAt: 1796202000000,
    status: 'approved',
    author: { ...ELODIE, sourceId: 'u-elodie' },
    text: 'A reply to a comment that is gone.',
  }),
  invalid('comments[7]', 'a comment with a bad createdTime "2026-12-02 10:00"'),
  invalid('comments[8]', 'a comment on page "p-none", not among the pages read'),
];

const refused = async (path: string, why: RegExp, options?: CommentoOptions) =>
  assert.rejects(
    collect(path, options),
    (e: unknown) => e instanceof ImportFormatError && why.test(e.message) && e.at === 'file',
  );

describe('the Commento and Comentario export reader', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-commento-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  test('a Commento export: pages from domain and path, replies after their parents, broken records named', async () => {
    assert.deepEqual(await collect(join(fixtures, 'commento.json')), COMMENTO);
  });

  test('a Comentario export (version 3): pages with titles first, rejected comments as spam', async () => {
    assert.deepEqual(await collect(join(fixtures, 'comentario.json')), COMENTARIO);
  });

  test('with an origin, Comentario pages get absolute URLs', async () => {
    const items = await collect(join(fixtures, 'comentario.json'), { origin: 'https://news.example/' });
    assert.deepEqual(
      items.flatMap((i) => (i.kind === 'thread' ? [i.thread.url] : [])),
      ['https://news.example/2026/12/budget-vote/', 'https://news.example/2026/12/harbour-fire/'],
    );
  });

  test('gzipped exports (as both write them) read the same', async () => {
    const gz = write('commento-news.example.json.gz', gzipSync(readFileSync(join(fixtures, 'commento.json'))));
    assert.deepEqual(await collect(gz), COMMENTO);
    const gz3 = write('comentario-export', gzipSync(readFileSync(join(fixtures, 'comentario.json'))));
    assert.deepEqual(await collect(gz3), COMENTARIO);
  });

  test('a Comentario version 1 export (Commento shape, host and path, websiteUrl) reads as Commento', async () => {
    const v1 = {
      version: 1,
      comments: [
        {
          commentHex: 'x1',
          commenterHex: 'e'.repeat(64),
          creationDate: '2026-12-03T09:00:00Z',
          host: 'news.example',
          path: '/2026/12/budget-vote/',
          markdown: 'Bonjour',
          parentHex: 'root',
          score: 0,
          state: 'approved',
        },
        {
          commentHex: 'x2',
          commenterHex: '0'.repeat(64),
          creationDate: '2026-12-03T09:05:00Z',
          host: 'news.example',
          path: '/2026/12/budget-vote/',
          markdown: 'Anonyme',
          parentHex: 'x1',
          score: 0,
          state: 'unapproved',
        },
        {
          commentHex: 'x3',
          commenterHex: 'anonymous',
          creationDate: '2026-12-03T09:10:00Z',
          host: 'news.example',
          path: '',
          url: 'https://news.example/2026/12/harbour-fire/',
          markdown: '',
          parentHex: 'root',
          score: 0,
          state: 'approved',
        },
      ],
      commenters: [{ commenterHex: 'e'.repeat(64), email: 'e@example.fr', name: 'E', websiteUrl: 'https://e.example' }],
    };
    const items = await collect(write('comentario-v1.json', JSON.stringify(v1)));
    const comments = items.flatMap((i) => (i.kind === 'comment' ? [i.comment] : []));
    assert.deepEqual(
      comments.map((c) => [c.key, c.threadKey, c.parentKey, c.status, c.author]),
      [
        [
          'x1',
          BUDGET,
          null,
          'approved',
          { name: 'E', email: 'e@example.fr', website: 'https://e.example', sourceId: 'e'.repeat(64) },
        ],
        ['x2', BUDGET, 'x1', 'pending', { name: 'Anonymous', email: null, website: null, sourceId: null }],
        // A full address stays as it is; an emptied text is a deleted comment.
        ['x3', FIRE, null, 'deleted', { name: 'Anonymous', email: null, website: null, sourceId: null }],
      ],
    );
  });

  test('files of other formats and other versions are refused as a whole', async () => {
    await refused(join(fixtures, 'remark42.backup'), /^file: not JSON \(/);
    await refused(join(fixtures, 'isso.sql'), /^file: not JSON \(/);
    await refused(write('other.json', '{"posts": []}'), /not a Commento or Comentario export \(no "comments" list\)/);
    await refused(write('list.json', '[]'), /not a Commento or Comentario export/);
    await refused(
      write('v2.json', '{"version": 2, "comments": []}'),
      /export version 2: Parley reads Commento's version 1 and Comentario's 1 and 3/,
    );
    await refused(join(dir, 'missing.json.gz'), /cannot read the file \(ENOENT\)/);
    const gz = gzipSync(readFileSync(join(fixtures, 'commento.json')));
    await refused(write('cut.json.gz', gz.subarray(0, gz.length - 40)), /the gzip stream is damaged/);
  });

  test('a file over the size limit is refused before it is parsed, gzipped or not', async () => {
    const plain = join(fixtures, 'commento.json');
    const size = readFileSync(plain).length;
    await refused(plain, new RegExp(`larger than ${size - 1} bytes once gunzipped`), { maxBytes: size - 1 });
    assert.equal((await collect(plain, { maxBytes: size })).length, COMMENTO.length);
    // A small gzipped file that expands past the limit: counted while gunzipping.
    const bomb = write('bomb.json.gz', gzipSync(Buffer.alloc(4 * 2 ** 20, 0x20)));
    await refused(bomb, /larger than 1 MB once gunzipped/, { maxBytes: 2 ** 20 });
  });
});
