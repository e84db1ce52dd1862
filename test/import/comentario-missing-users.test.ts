// Comments whose author the export no longer lists: Commento exports only the commenters it still
// has, and Comentario 3 leaves out userCreated once an account is deleted (its API says a
// comment's commenter "may not exist anymore"). Such comments are kept, under the name left on
// them or "Anonymous", and the dry run counts them; a userCreated that is not an id is refused.
// (Commento's case is in the fixture: commento-reader.test.ts.) Lists Go wrote as null read as empty.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportItem } from '../../src/core/import/source.ts';
import { commentoSource } from '../../src/import/formats/commento.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-comentario-gone-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const collect = async (path: string) => {
  const out: ImportItem[] = [];
  for await (const x of commentoSource(path).items()) out.push(x);
  return out;
};
const unknown = (at: string, field: string): ImportItem => ({ kind: 'unknown', field, at });
const invalid = (at: string, message: string): ImportItem => ({ kind: 'invalid', message, at });

test('Comentario 3: a comment whose author was deleted (no userCreated) or left the domain is kept', async () => {
  const page = 'a0000000-0000-4000-8000-000000000001';
  const v3 = {
    version: 3,
    pages: [{ id: page, path: '/quai/', title: 'Quai', createdTime: '2026-12-01T00:00:00.000Z' }],
    comments: [
      // Comentario leaves out userCreated once the account is deleted; the name stays on the comment.
      {
        id: 'k1',
        pageId: page,
        markdown: 'Gone',
        isApproved: true,
        createdTime: '2026-12-02T00:00:00.000Z',
        authorName: 'Ex',
      },
      {
        id: 'k2',
        pageId: page,
        parentId: 'k1',
        markdown: 'Left',
        isApproved: true,
        createdTime: '2026-12-02T01:00:00.000Z',
        userCreated: 'u-left',
      },
      {
        id: 'k3',
        pageId: page,
        markdown: 'Odd',
        isApproved: true,
        createdTime: '2026-12-02T02:00:00.000Z',
        userCreated: 7,
      },
    ],
    commenters: [],
  };
  const items = await collect(write('comentario-v3-gone.json', JSON.stringify(v3)));
  const comments = items.flatMap((i) => (i.kind === 'comment' ? [i.comment] : []));
  assert.deepEqual(
    comments.map((c) => [c.key, c.parentKey, c.status, c.author]),
    [
      ['k1', null, 'approved', { name: 'Ex', email: null, website: null, sourceId: null }],
      ['k2', 'k1', 'approved', { name: 'Anonymous', email: null, website: null, sourceId: 'u-left' }],
    ],
  );
  assert.deepEqual(
    items.filter((i) => i.kind !== 'comment' && i.kind !== 'thread'),
    [
      unknown('comments[1]', 'commenter (not in the file: imported as Anonymous)'),
      invalid('comments[2]', 'a comment with a bad userCreated'),
    ],
  );
});

test('an export whose lists Go left empty (null) reads as empty: the pages of a domain without comments', async () => {
  const v3 = {
    version: 3,
    pages: [{ id: 'p1', path: '/a/', title: 'A', createdTime: '2026-12-01T00:00:00.000Z' }],
    comments: null,
    commenters: null,
  };
  const items = await collect(write('comentario-v3-empty.json', JSON.stringify(v3)));
  assert.deepEqual(
    items.map((i) => i.kind),
    ['thread'],
  );
  const v1 = await collect(
    write('commento-empty.json', JSON.stringify({ version: 1, comments: null, commenters: null })),
  );
  assert.deepEqual(v1, []);
});
