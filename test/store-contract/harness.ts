// The frame of the behaviour suite's files by aggregate: one describe per backend, the store
// opened once per file, and helpers to seed sites and comments. Each test seeds a site of
// its own, so tests neither see nor depend on each other's rows.
import { after, before, describe, test, type TestContext } from 'node:test';
import { newId } from '../../src/core/ids.ts';
import type { CommentRow, NewCommentRecord, SiteRow, Store } from '../../src/core/ports.ts';
import { BACKENDS, type Backend } from './backends.ts';

export type Suite = {
  /** The backend under test, to open a second store of it when a test must close one. */
  readonly backend: Backend;
  /** The store under test; read it inside a test, once the backend is open. */
  readonly store: Store;
  /** Declares a test that reports itself skipped when the backend is unreachable. */
  it(name: string, fn: () => Promise<void>): void;
  /** Creates a site and returns its id. */
  site(overrides?: Partial<SiteRow>): Promise<string>;
  /** A comment row of the site, approved, with fresh id and dedupe key. */
  row(siteId: string, overrides?: Partial<CommentRow>): CommentRow;
  /** The thread part of an insert: the thread is created with its first comment. */
  thread(siteId: string, key: string, createdAt?: number): NewCommentRecord['thread'];
  /** Inserts a comment (creating its thread as needed) and returns the row as stored. */
  post(siteId: string, key: string, overrides?: Partial<CommentRow>): Promise<CommentRow>;
};

/**
 * For a test written against one site: a site of its own, the store, `row` (as `Suite.row`)
 * and `thread(key)`, the thread part of an insert on that site, titled 'T'.
 */
export async function oneSite(s: Suite): Promise<{
  store: Store;
  siteId: string;
  row: Suite['row'];
  thread(key: string): NewCommentRecord['thread'];
}> {
  const siteId = await s.site();
  return {
    store: s.store,
    siteId,
    row: (site, overrides) => s.row(site, overrides),
    thread: (key) => ({ ...s.thread(siteId, key), title: 'T' }),
  };
}

export function storeSuite(title: string, define: (s: Suite) => void): void {
  for (const backend of BACKENDS) {
    let store: Store | null = null;
    let cleanup: () => Promise<void> = async () => undefined;
    const suite: Suite = {
      backend,
      get store(): Store {
        if (!store) throw new Error(`${backend.name} store is not open`);
        return store;
      },
      it: (name, fn) =>
        test(name, async (t: TestContext) => {
          if (!store) return t.skip(`${backend.name} unavailable`);
          await fn();
        }),
      async site(overrides = {}) {
        const id = overrides.id ?? newId();
        await suite.store.createSite({
          id,
          name: 'S',
          origins: [],
          lang: 'en',
          settings: {},
          avatar_secret: 's',
          is_default: false,
          created_at: 1,
          ...overrides,
        });
        return id;
      },
      row(siteId, overrides = {}) {
        const id = overrides.id ?? newId();
        return {
          id,
          site_id: siteId,
          thread_id: '',
          parent_id: null,
          root_id: null,
          depth: 0,
          author_name: 'Anne',
          author_email: 'anne@example.com',
          author_website: null,
          avatar: 'abcdefabcdef',
          body: `body ${id}`,
          body_html: `<p>body ${id}</p>`,
          status: 'approved',
          created_at: 1_800_000_000_000,
          edited_at: null,
          edit_token_hash: null,
          ip_hash: 'iphash',
          user_agent: 'UA',
          dedupe_key: `dedupe ${id}`,
          ...overrides,
        };
      },
      thread: (siteId, key, createdAt = 1_800_000_000_000) => ({
        id: newId(),
        siteId,
        key,
        url: key,
        title: `Title of ${key}`,
        createdAt,
      }),
      async post(siteId, key, overrides = {}) {
        const comment = suite.row(siteId, overrides);
        const result = await suite.store.insertComment({ comment, thread: suite.thread(siteId, key) });
        if (!result.ok) throw new Error(`seed comment refused: ${result.reason}`);
        return (await suite.store.getComment(comment.id))!;
      },
    };
    describe(`${title} (${backend.name})`, () => {
      before(async () => {
        const opened = await backend.open();
        if (opened) ({ store, cleanup } = opened);
      });
      after(async () => {
        await store?.close();
        await cleanup();
      });
      define(suite);
    });
  }
}
