// A site with a bit of everything an export must carry, made the way it is made in life (the
// public API, the dashboard's API): three threads (one keyed by an explicit id, one closed),
// replies, a comment of each status, a moderator's edit and reply, a pin, a report, bans and a
// setting. What the store holds afterwards is the expectation the export tests compare with.
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ExportFormat, exportFile } from '../../src/core/export/export-file.ts';
import { openSiteExport } from '../../src/core/export/site-export.ts';
import type { ImportItem } from '../../src/core/import/source.ts';
import type { CommentRow } from '../../src/core/ports.ts';
import { call, login, staffSites } from './admin-session.ts';
import type { TestApp } from './app.ts';

export const THREADS = [
  { key: 'https://news.example.com/2026/11/harbour-plan', title: 'The harbour plan' },
  { key: 'article-42', title: 'Forty-two: an explicit key' },
  { key: 'https://news.example.com/2026/11/quiet-one', title: 'A quiet one' },
] as const;

/** A body and a name that must cross the WXR file's CDATA sections and the JSON lines intact. */
export const HOSTILE_BODY = 'Ends a section early? ]]> and <script>alert(1)</script> & “quotes” 😀';
export const HOSTILE_NAME = 'Reader ]]><b>7</b> & <![CDATA[ co';

export type Seeded = {
  siteId: string;
  /** Every comment as stored after the seeding, in posting order. */
  comments: CommentRow[];
  /** Thread keys in creation order, with their state. */
  threads: { key: string; title: string; id: string; closed: boolean; pinned: string[] }[];
  reported: string;
};

export async function seedSite(t: TestApp): Promise<Seeded> {
  await staffSites(t);
  const admin = await login(t, 'admin@example.com');
  const base = `/admin/api/sites/${t.siteId}`;
  let n = 0;
  const ids: string[] = [];
  const post = async (thread: number, body: string, extra: Record<string, unknown> = {}) => {
    n++;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/comments',
      remoteAddress: `198.51.100.${n}`,
      headers: { 'content-type': 'application/json', 'user-agent': 'ExportFixture/1.0' },
      payload: JSON.stringify({
        thread: THREADS[thread].key,
        title: THREADS[thread].title,
        name: `Reader ${n}`,
        email: `reader${n}.export@example.net`,
        body,
        ...extra,
      }),
    });
    assert.ok(res.statusCode === 201 || res.statusCode === 202, res.body);
    ids.push(res.json().id as string);
    return ids[ids.length - 1];
  };
  const act = async (method: 'POST' | 'PATCH', path: string, payload: unknown) => {
    const res = await call(t, admin, method, `${base}${path}`, payload);
    assert.ok(res.statusCode < 300, `${path}: ${res.body}`);
    return res.json();
  };

  const first = await post(0, 'The first word on the **harbour** plan.', { website: 'https://reader1.example' });
  const reply = await post(0, 'A reply to the first.', { parent: first });
  await post(0, 'A reply to the reply.', { parent: reply });
  const held = await post(
    0,
    'Both agencies reported it: https://a.example/report and https://b.example/story, worth comparing.',
  );
  const spam = await post(0, 'Marked as spam by a moderator.');
  const deleted = await post(0, 'Deleted by a moderator.');
  const reported = await post(0, HOSTILE_BODY, { name: HOSTILE_NAME });
  const explicit = await post(1, 'On the article with an explicit key.');
  await post(2, 'The only comment here.');

  assert.equal((await t.store.getComment(held))?.status, 'pending');
  await act('POST', `/comments/${spam}/actions`, { action: 'spam' });
  await act('POST', `/comments/${deleted}/actions`, { action: 'delete' });
  await act('PATCH', `/comments/${first}`, { body: 'The first word on the **harbour** plan (edited by the desk).' });
  ids.push(
    (await act('POST', `/comments/${reply}/replies`, { body: 'The desk answers.', name: 'The desk' })).comment.id,
  );
  await act('POST', `/comments/${first}/pinned`, { pinned: true });
  const explicitThread = (await t.store.getComment(explicit))!.thread_id;
  await act('POST', `/threads/${explicitThread}/closed`, { closed: true });
  await act('POST', '/bans', { kind: 'email', value: 'troll@example.org', days: 30, reason: 'abuse' });
  await act('POST', '/bans', { kind: 'ip', value: 'ab'.repeat(16) });
  await act('PATCH', '/settings', { holdScore: 4 });
  const report = await t.app.inject({
    method: 'POST',
    url: `/api/v1/comments/${reported}/reports`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ reason: 'abuse' }),
  });
  assert.ok(report.statusCode < 300, report.body);

  const threads = [];
  for (const th of THREADS) {
    const row = (await t.store.getThreadByKey(t.siteId, th.key))!;
    threads.push({ key: th.key, title: th.title, id: row.id, closed: row.closed, pinned: row.pinned });
  }
  const comments = (await t.store.getComments(ids)).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
  assert.equal(comments.length, ids.length);
  return { siteId: t.siteId, comments, threads, reported };
}

/** Writes the site's export to `path`, reading `pageSize` rows at a time (small, so paging is exercised). */
export async function exportTo(t: TestApp, format: ExportFormat, path: string, pageSize = 2): Promise<void> {
  const ex = await openSiteExport({ store: t.store, clock: t.clock, pageSize }, t.siteId);
  assert.ok(ex);
  await pipeline(Readable.from(exportFile(ex, format).chunks()), createWriteStream(path));
}

export type ProjectedThread = {
  url: string;
  title: string | null;
  createdAt: number | null;
  comments: {
    /** The parent's text: ids differ between installs, the fixture's texts do not. */
    parent: string | null;
    status: string;
    body: string;
    name: string;
    email: string | null;
    createdAt: number;
  }[];
};

/**
 * What an ImportSource yields, without ids: the threads in order, each with its comments in
 * order. A source read back from our export, and (once the import pipeline lands) an install
 * the export was imported into and exported again, must both project to expected(seeded).
 */
export function projection(items: ImportItem[]): ProjectedThread[] {
  const threads: ProjectedThread[] = [];
  const bodies = new Map<string, string>();
  for (const item of items) {
    if (item.kind === 'thread')
      threads.push({ url: item.thread.url, title: item.thread.title, createdAt: item.thread.createdAt, comments: [] });
    if (item.kind !== 'comment') continue;
    const c = item.comment;
    bodies.set(c.key, c.body.text);
    const parent = c.parentKey === null ? null : (bodies.get(c.parentKey) ?? `(unseen ${c.parentKey})`);
    threads[threads.length - 1].comments.push({
      parent,
      status: c.status,
      body: c.body.text,
      name: c.author.name,
      email: c.author.email,
      createdAt: c.createdAt,
    });
  }
  return threads;
}

/** The projection the seeded site must give: its threads by creation, their comments by depth, then id. */
export async function expected(t: TestApp, seeded: Seeded): Promise<ProjectedThread[]> {
  const byId = new Map(seeded.comments.map((c) => [c.id, c]));
  const out: ProjectedThread[] = [];
  for (const th of seeded.threads) {
    const row = (await t.store.getThread(th.id))!;
    const comments = seeded.comments
      .filter((c) => c.thread_id === th.id)
      .sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : 1))
      .map((c) => ({
        parent: c.parent_id ? byId.get(c.parent_id)!.body : null,
        status: c.status,
        body: c.body,
        name: c.author_name,
        email: c.author_email || null,
        createdAt: c.created_at,
      }));
    out.push({ url: th.key, title: row.title, createdAt: row.created_at, comments });
  }
  return out;
}
