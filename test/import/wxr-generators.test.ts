// WXR as tools other than WordPress write it (test/fixtures/import/wordpress-generators.wxr, ours):
// a site builder's paths for links, read against the channel's address, and comments without a
// status; Disqus's import format, whose items have a dsq:thread_identifier and no post id; a
// converter's empty or non-numeric comment ids and ISO dates. Each is read, not refused; what the
// reader assumed is said as an `unknown`, and an id that is not one is still refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImportItem } from '../../src/core/import/source.ts';
import { resolveLink, wxrSource } from '../../src/import/formats/wxr.ts';
import { collect, fixture, lineOpening } from '../helpers/import-fixtures.ts';

const WXR = fixture('wordpress-generators.wxr');
const itemAt = (needle: string) => `line ${lineOpening(WXR, '<item>', needle)}, <item>`;
const commentAt = (needle: string) => `line ${lineOpening(WXR, '<wp:comment>', needle)}, <wp:comment>`;
const author = (name: string, email: string | null = null, website: string | null = null) => ({
  name,
  email,
  website,
  sourceId: null,
});
const TIDES = 'https://harbour.example/journal/tides/';

function comment(at: string, c: Record<string, unknown>, html: string): ImportItem {
  return {
    kind: 'comment',
    comment: {
      parentKey: null,
      status: 'approved',
      ip: null,
      userAgent: null,
      ...c,
      body: { format: 'html', text: html },
      at,
    } as never,
  };
}

test("other generators' WXR: relative links, no post id, no comment id or status, ISO dates", async () => {
  const items = await collect(wxrSource(WXR));
  const first = commentAt('Maëlle');
  const storm = commentAt('Tomasz');
  const [low, corrected, thanks, spaced] = ['Low tide', 'Corrected', 'Thanks', 'with a space'].map(commentAt);
  assert.deepEqual(items, [
    { kind: 'origin', origin: 'harbour.example' },
    {
      kind: 'thread',
      thread: {
        key: '4',
        url: 'https://harbour.example/journal/first-light',
        title: 'First light on the quay',
        createdAt: null,
        at: itemAt('First light'),
      },
    },
    comment(
      first,
      {
        key: '40',
        threadKey: '4',
        createdAt: Date.parse('2019-04-02T08:30:00Z'),
        author: author('Maëlle Quéré', 'maelle@example.fr'),
      },
      "<p>Les bateaux rentrent à l'aube.</p>",
    ),
    { kind: 'unknown', field: 'wp:comment_approved empty: read as approved', at: first },
    {
      kind: 'thread',
      thread: {
        key: 'storm-2019',
        url: 'https://harbour.example/journal/storm/',
        title: 'Storm warning',
        createdAt: Date.parse('2019-05-01T06:00:00Z'),
        at: itemAt('Storm warning'),
      },
    },
    comment(
      storm,
      {
        key: '65',
        threadKey: 'storm-2019',
        createdAt: Date.parse('2019-05-01T07:15:00Z'),
        author: author('Tomasz', 'tomasz@example.pl', 'https://tomasz.example/'),
        ip: '192.0.2.65',
      },
      '<p>Boats are tied twice tonight.</p>',
    ),
    { kind: 'unknown', field: 'dsq:remote', at: storm },
    {
      kind: 'thread',
      thread: { key: TIDES, url: TIDES, title: 'Tide tables', createdAt: null, at: itemAt('Tide tables') },
    },
    comment(
      low,
      { key: `${TIDES}#1`, threadKey: TIDES, createdAt: Date.parse('2019-06-01T10:00:00Z'), author: author('Ines') },
      '<p>Low tide at 14:02.</p>',
    ),
    { kind: 'unknown', field: 'wp:comment_id empty: keyed by its place in the <item>', at: low },
    comment(
      corrected,
      {
        key: 'c-9',
        threadKey: TIDES,
        status: 'pending',
        createdAt: Date.parse('2019-06-01T11:00:00Z'),
        author: author('Ines'),
      },
      '<p>Corrected: 14:12.</p>',
    ),
    comment(
      thanks,
      {
        key: `${TIDES}#3`,
        threadKey: TIDES,
        parentKey: 'c-9',
        createdAt: Date.parse('2019-06-01T12:00:00Z'),
        author: author('Jon'),
      },
      '<p>Thanks for the correction.</p>',
    ),
    { kind: 'unknown', field: 'wp:comment_id empty: keyed by its place in the <item>', at: thanks },
    { kind: 'invalid', message: 'wp:comment_id "c 10" is not a comment id', at: spaced },
  ]);
});

test('the same file read twice keys its id-less comments the same (a second import adds nothing)', async () => {
  const keys = async () =>
    (await collect(wxrSource(WXR))).flatMap((i) => (i.kind === 'comment' ? [i.comment.key] : [])).join(' ');
  assert.equal(await keys(), await keys());
});

test("a link given as a path is read against the channel's address; an address or no base is kept", () => {
  assert.equal(resolveLink('/a/b?c=1', 'https://x.example/blog/'), 'https://x.example/a/b?c=1');
  assert.equal(resolveLink('a/b', 'https://x.example/blog/'), 'https://x.example/blog/a/b');
  assert.equal(resolveLink('https://y.example/p', 'https://x.example'), 'https://y.example/p');
  assert.equal(resolveLink('/a', undefined), '/a');
  assert.equal(resolveLink('', 'https://x.example'), '');
});
