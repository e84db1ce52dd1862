// CommentService's rules with its storage slice and the spam policy faked in memory: no
// database, no network, no spam engine. The HTTP tests (test/http) cover the same rules
// end to end; these pin each rule on its own and run in milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { factLimits } from '../../spam/fact-limits.ts';
import { ParleyEvents } from '../events.ts';
import type {
  CommentRow,
  CommentStore,
  NewCommentRecord,
  Reason,
  SiteRow,
  SpamCheckRequest,
  SpamDiscardRow,
  ThreadRow,
  Verdict,
} from '../ports.ts';
import { DEFAULT_SETTINGS, type SiteSettings } from '../sites/settings.ts';
import { CommentService, type SiteContext } from './comment-service.ts';
import type { NewCommentInput } from './validate-comment.ts';

const SITE: SiteRow = {
  id: 'S1',
  name: 'News',
  origins: [],
  lang: 'en',
  settings: {},
  avatar_secret: 'avatar-secret',
  is_default: true,
  created_at: 0,
};
const SECRETS = { ip: 'ip-secret', form: 'form-secret', edit: 'edit-secret', view: 'view-secret' };
const META = { ip: '203.0.113.7', userAgent: 'test-agent' };

/** The slice of storage CommentService uses, in memory; what a test does not exercise throws. */
class FakeCommentStore {
  readonly threads = new Map<string, ThreadRow>();
  readonly comments = new Map<string, CommentRow>();
  readonly discards: SpamDiscardRow[] = [];
  readonly factQueries: unknown[] = [];

  async getThreadByKey(siteId: string, key: string) {
    return [...this.threads.values()].find((t) => t.site_id === siteId && t.key === key);
  }
  async getThread(id: string) {
    return this.threads.get(id);
  }
  async getComment(id: string) {
    return this.comments.get(id);
  }
  async insertComment({ comment, thread }: NewCommentRecord) {
    if (comment.dedupe_key && [...this.comments.values()].some((c) => c.dedupe_key === comment.dedupe_key))
      return { ok: false as const, reason: 'DUPLICATE' as const };
    let row = [...this.threads.values()].find((t) => t.site_id === thread.siteId && t.key === thread.key);
    if (!row) {
      row = {
        id: thread.id,
        site_id: thread.siteId,
        key: thread.key,
        url: thread.url,
        title: thread.title,
        closed: false,
        comment_count: 0,
        version: 0,
        created_at: thread.createdAt,
        pinned: [],
        reopened_at: null,
      };
      this.threads.set(row.id, row);
    }
    this.comments.set(comment.id, { ...comment, thread_id: row.id });
    if (comment.status === 'approved') row.comment_count++;
    return { ok: true as const, threadId: row.id };
  }
  async commentIdByDedupeKey(siteId: string, dedupeKey: string) {
    return [...this.comments.values()].find((c) => c.site_id === siteId && c.dedupe_key === dedupeKey)?.id;
  }
  async lastPostTime(siteId: string, ipHash: string | null, email: string, since: number) {
    const times = [...this.comments.values()]
      .filter(
        (c) => c.site_id === siteId && (c.ip_hash === ipHash || c.author_email === email) && c.created_at >= since,
      )
      .map((c) => c.created_at);
    return times.length ? Math.max(...times) : null;
  }
  async getMailAddress() {
    return undefined;
  }
  async spamFacts(q: unknown) {
    this.factQueries.push(q);
    return { priorApproved: 2, repeats: 0, recentByIp: 1, recentByEmail: 1 };
  }
  async updateComment(
    id: string,
    patch: {
      body?: string;
      bodyHtml?: string;
      editedAt?: number;
      status?: CommentRow['status'];
      verdict?: { score: number; reasons: Reason[] };
    },
  ) {
    const row = this.comments.get(id);
    if (!row) return undefined;
    const next: CommentRow = {
      ...row,
      ...(patch.body !== undefined ? { body: patch.body } : {}),
      ...(patch.bodyHtml !== undefined ? { body_html: patch.bodyHtml } : {}),
      ...(patch.editedAt !== undefined ? { edited_at: patch.editedAt } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.verdict ? { spam_score: patch.verdict.score, spam_reasons: patch.verdict.reasons } : {}),
    };
    this.comments.set(id, next);
    return next;
  }
  async recordDiscard(row: SpamDiscardRow) {
    this.discards.push(row);
  }
  async countsByKeys(): Promise<never> {
    throw new Error('not used here');
  }
  getComments = this.countsByKeys;
  listTopLevel = this.countsByKeys;
  listReplies = this.countsByKeys;
  threadPage = this.countsByKeys;
  listMoreReplies = this.countsByKeys;
}

/** A spam policy that answers what the test tells it to, and remembers what it was asked. */
class FakePolicy {
  next: Verdict = { outcome: 'approve', score: 0, reasons: [] };
  factLimits = factLimits;
  readonly asked: SpamCheckRequest[] = [];
  async judge(request: SpamCheckRequest): Promise<Verdict> {
    this.asked.push(request);
    return this.next;
  }
}

function setup(overrides: Partial<SiteSettings> = {}) {
  const store = new FakeCommentStore();
  const spam = new FakePolicy();
  const clock = fakeClock();
  const events = new ParleyEvents();
  const heard: string[] = [];
  for (const name of ['thread.changed', 'comment.published', 'queue.changed'] as const)
    events.on(name, () => heard.push(name));
  const service = new CommentService({
    store: store satisfies CommentStore,
    clock,
    secrets: SECRETS,
    render: async (b) => `<p>${b}</p>`,
    events,
    spam,
  });
  const ctx: SiteContext = { site: SITE, settings: { ...DEFAULT_SETTINGS, floodSeconds: 0, ...overrides }, lang: 'en' };
  return { store, spam, clock, heard, service, ctx };
}

function input(over: Partial<NewCommentInput> = {}): NewCommentInput {
  return {
    thread: 'article-1',
    parent: null,
    title: 'Article one',
    name: 'Ann',
    email: 'ann@example.com',
    website: null,
    body: 'A fair point, well made.',
    formToken: null,
    ...over,
  };
}

async function rejects(p: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, code);
    return e;
  }
  assert.fail(`expected ${code}`);
}

test('an approved comment is published, with its thread created and readers told', async () => {
  const { store, service, ctx, heard } = setup();
  const r = await service.create(ctx, input(), META);
  assert.equal(r.status, 'published');
  assert.equal(r.threadKey, 'article-1');
  const row = store.comments.get(r.id)!;
  assert.equal(row.status, 'approved');
  assert.equal(row.body_html, '<p>A fair point, well made.</p>');
  assert.equal(row.thread_id, r.threadId);
  assert.equal(store.threads.get(r.threadId!)!.title, 'Article one');
  assert.notEqual(row.ip_hash, META.ip, 'the address is stored hashed');
  assert.deepEqual(heard, ['thread.changed', 'comment.published']);
});

test('the policy is asked with the comment, the site, its facts and the page', async () => {
  const { store, spam, service, ctx } = setup();
  await service.create(ctx, input({ thread: 'https://news.example/a', website: 'https://ann.example' }), {
    ...META,
    honeypot: '',
  });
  const [asked] = spam.asked;
  assert.equal(asked.site.id, 'S1');
  assert.equal(asked.comment.body, 'A fair point, well made.');
  assert.equal(asked.comment.website, 'https://ann.example');
  assert.deepEqual(asked.form, { honeypotFilled: false });
  assert.equal(asked.formAgeMs, null, 'no form token, no age');
  assert.deepEqual(asked.facts, { priorApproved: 2, repeats: 0, recentByIp: 1, recentByEmail: 1 });
  assert.deepEqual(asked.page, { title: 'Article one', url: 'https://news.example/a' });
  assert.equal(asked.skipChecks, undefined, 'a new post meets every check');
  assert.equal(store.factQueries.length, 1);
});

test('no history is read when no enabled check needs it', async () => {
  const { store, spam, service, ctx } = setup({ disabledChecks: ['trust', 'repeat', 'velocity'] });
  await service.create(ctx, input(), META);
  assert.equal(store.factQueries.length, 0);
  assert.equal(spam.asked[0].facts, null);
});

test('a held comment is stored pending; its author gets a view token and moderators hear of it', async () => {
  const { store, spam, service, ctx, heard } = setup();
  spam.next = { outcome: 'hold', score: 3, reasons: [{ check: 'links', reason: 'many links', score: 3 }] };
  const r = await service.create(ctx, input(), META);
  assert.equal(r.status, 'held');
  assert.ok(r.status === 'held' && r.viewToken);
  const row = store.comments.get(r.id)!;
  assert.equal(row.status, 'pending');
  assert.equal(row.spam_score, 3);
  assert.deepEqual(row.spam_reasons, spam.next.reasons);
  assert.deepEqual(heard, ['queue.changed']);
});

test('spam is stored hidden, and its author is answered as for a held comment', async () => {
  const { store, spam, service, ctx } = setup();
  spam.next = { outcome: 'spam', score: 7, reasons: [] };
  const r = await service.create(ctx, input(), META);
  assert.equal(r.status, 'held');
  assert.equal(store.comments.get(r.id)!.status, 'spam');
});

test('a discarded comment is not stored, only logged, and looks held to its author', async () => {
  const { store, spam, service, ctx, heard } = setup();
  spam.next = { outcome: 'discard', score: 12, reasons: [] };
  const r = await service.create(ctx, input(), META);
  assert.equal(r.status, 'held');
  assert.equal(r.threadId, null);
  assert.equal(store.comments.size, 0);
  assert.equal(store.threads.size, 0);
  assert.equal(store.discards.length, 1);
  assert.equal(store.discards[0].id, r.id);
  assert.equal(store.discards[0].body, 'A fair point, well made.');
  assert.equal(store.discards[0].source, 'comment');
  assert.deepEqual(heard, []);
});

test('the same comment posted twice is refused the second time', async () => {
  const { service, ctx } = setup();
  await service.create(ctx, input(), META);
  await rejects(service.create(ctx, input(), META), 'DUPLICATE_COMMENT');
});

test('a second copy sent within the flood window names the first: 409 with its id, not 429', async () => {
  const { service, ctx } = setup({ floodSeconds: 15 });
  const first = await service.create(ctx, input(), META);
  const again = await service.create(ctx, input(), META).catch((e: unknown) => e);
  assert.ok(again instanceof AppError);
  assert.equal(again.code, 'DUPLICATE_COMMENT');
  assert.deepEqual(again.params, { id: first.id });
});

test('a reply goes under a published parent of the same thread', async () => {
  const { store, service, ctx } = setup();
  const parent = await service.create(ctx, input(), META);
  const reply = await service.create(ctx, input({ parent: parent.id, body: 'I agree.' }), META);
  const row = store.comments.get(reply.id)!;
  assert.equal(row.parent_id, parent.id);
  assert.equal(row.root_id, parent.id);
  assert.equal(row.depth, 1);
});

test('a reply to a missing, foreign or unpublished parent is refused', async () => {
  const { spam, service, ctx } = setup();
  await rejects(service.create(ctx, input({ parent: 'nope' }), META), 'PARENT_NOT_FOUND');
  const other = await service.create(ctx, input({ thread: 'article-2' }), META);
  await rejects(service.create(ctx, input({ parent: other.id, body: 'Elsewhere.' }), META), 'PARENT_NOT_FOUND');
  spam.next = { outcome: 'hold', score: 3, reasons: [] };
  const held = await service.create(ctx, input({ body: 'Held.' }), META);
  spam.next = { outcome: 'approve', score: 0, reasons: [] };
  await rejects(service.create(ctx, input({ parent: held.id, body: 'To a held one.' }), META), 'PARENT_NOT_APPROVED');
});

test('a closed thread takes no comments', async () => {
  const { store, spam, service, ctx } = setup();
  const first = await service.create(ctx, input(), META);
  store.threads.get(first.threadId!)!.closed = true;
  await rejects(service.create(ctx, input({ body: 'Too late.' }), META), 'THREAD_CLOSED');
  assert.equal(spam.asked.length, 1, 'the policy is not asked about a refused post');
});

test('a second post within the flood window waits, then goes through', async () => {
  const { service, ctx, clock } = setup({ floodSeconds: 30 });
  await service.create(ctx, input(), META);
  clock.advance(10_000);
  const e = await rejects(service.create(ctx, input({ body: 'Again.' }), META), 'RATE_LIMITED');
  assert.equal(e.params?.retryAfter, 20);
  assert.equal(e.headers?.['retry-after'], '20');
  clock.advance(20_000);
  assert.equal((await service.create(ctx, input({ body: 'Again.' }), META)).status, 'published');
});

test('a discarded post counts against the flood window too', async () => {
  const { spam, service, ctx } = setup({ floodSeconds: 30 });
  spam.next = { outcome: 'discard', score: 12, reasons: [] };
  await service.create(ctx, input(), META);
  await rejects(service.create(ctx, input({ body: 'Again.' }), META), 'RATE_LIMITED');
});

test('an edit within the window is judged again without the posting checks, and kept', async () => {
  const { store, spam, service, ctx, clock, heard } = setup();
  const r = await service.create(ctx, input(), META);
  clock.advance(60_000);
  const edited = await service.edit(ctx, r.id, r.editToken, 'A fair point, better made.');
  assert.equal(edited.html, '<p>A fair point, better made.</p>');
  assert.ok(edited.editedAt);
  const row = store.comments.get(r.id)!;
  assert.equal(row.body, 'A fair point, better made.');
  assert.equal(row.status, 'approved');
  assert.equal(row.edited_at, clock.now());
  const asked = spam.asked[1];
  assert.deepEqual(asked.skipChecks, ['form-timing', 'repeat', 'velocity']);
  assert.equal(asked.facts, undefined, 'an edit reads no history');
  assert.equal(asked.comment.body, 'A fair point, better made.');
  assert.equal(heard.at(-1), 'thread.changed');
});

test('an edit the policy holds takes the comment off the page', async () => {
  const { store, spam, service, ctx } = setup();
  const r = await service.create(ctx, input(), META);
  spam.next = { outcome: 'hold', score: 4, reasons: [] };
  await service.edit(ctx, r.id, r.editToken, 'Now with a link http://x.example');
  assert.equal(store.comments.get(r.id)!.status, 'pending');
  assert.equal(store.comments.get(r.id)!.spam_score, 4);
});

test('an edit after the window, or with another token, is refused', async () => {
  const { store, service, ctx, clock } = setup({ editWindowMinutes: 15 });
  const r = await service.create(ctx, input(), META);
  await rejects(service.edit(ctx, r.id, 'not-the-token', 'Changed.'), 'EDIT_TOKEN_INVALID');
  clock.advance(15 * 60_000 + 1);
  await rejects(service.edit(ctx, r.id, r.editToken, 'Changed.'), 'EDIT_WINDOW_CLOSED');
  assert.equal(store.comments.get(r.id)!.body, 'A fair point, well made.');
});

test('the author deletes their comment within the window, and only once', async () => {
  const { store, service, ctx, clock, heard } = setup();
  const r = await service.create(ctx, input(), META);
  clock.advance(60_000);
  await service.remove(ctx, r.id, r.editToken);
  assert.equal(store.comments.get(r.id)!.status, 'deleted');
  assert.equal(heard.at(-1), 'thread.changed');
  await rejects(service.remove(ctx, r.id, r.editToken), 'NOT_FOUND');
});

test('deleting after the window is refused', async () => {
  const { store, service, ctx, clock } = setup({ editWindowMinutes: 5 });
  const r = await service.create(ctx, input(), META);
  clock.advance(5 * 60_000 + 1);
  await rejects(service.remove(ctx, r.id, r.editToken), 'EDIT_WINDOW_CLOSED');
  assert.equal(store.comments.get(r.id)!.status, 'approved');
});
