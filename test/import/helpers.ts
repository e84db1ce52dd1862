// What the import tests share: a source made of a list of items (the one shape every reader
// yields, so the pipeline is tested without any file format), and the importer wired as the
// CLI wires it, over a given store and clock.
import type { Clock } from '../../src/core/clock.ts';
import { newId } from '../../src/core/ids.ts';
import { type ImportOptions, runImport } from '../../src/core/import/importer.ts';
import type { ImportComment, ImportItem, ImportSource, ImportThread } from '../../src/core/import/source.ts';
import type { SiteRow, Store } from '../../src/core/ports.ts';
import { DEFAULT_SETTINGS, resolveSettings } from '../../src/core/sites/settings.ts';
import { htmlToMarkdown, textToMarkdown } from '../../src/render/html-to-markdown.ts';
import { renderComment } from '../../src/render/markdown.ts';
import { shippedModel } from '../../src/spam/classifier/model.ts';
import { SpamEngine } from '../../src/spam/engine.ts';
import { loadSecrets } from '../../src/store/open-store.ts';

export const DAY = 86_400_000;

/** A site of its own for a test's import (no origins, English), as the store returns it. */
export async function newSite(store: Store, settings: Record<string, unknown> = {}): Promise<SiteRow> {
  const id = newId();
  await store.createSite({
    id,
    name: 'S',
    origins: [],
    lang: 'en',
    settings,
    avatar_secret: 'a',
    is_default: false,
    created_at: 1,
  });
  return (await store.getSite(id))!;
}

export function listSource(format: string, items: ImportItem[], opts: { failAfter?: number } = {}): ImportSource {
  return {
    format,
    async *items() {
      let n = 0;
      for (const item of items) {
        if (opts.failAfter !== undefined && n++ >= opts.failAfter) throw new Error('the source broke');
        yield item;
      }
    },
  };
}

export function thread(key: string, url: string, extra: Partial<ImportThread> = {}): ImportItem {
  return {
    kind: 'thread',
    thread: { key, url, title: `Title ${key}`, createdAt: 1_600_000_000_000, at: `thread ${key}`, ...extra },
  };
}

export function comment(key: string, threadKey: string, extra: Partial<ImportComment> = {}): ImportItem {
  return {
    kind: 'comment',
    comment: {
      key,
      threadKey,
      parentKey: null,
      createdAt: 1_600_000_000_000 + Number.parseInt(key.replace(/\D/g, '') || '0', 10) * 1000,
      status: 'approved',
      author: { name: `Author ${key}`, email: `${key}@example.net`, website: null, sourceId: null },
      body: { format: 'markdown', text: `Comment ${key}` },
      ip: null,
      userAgent: null,
      at: `comment ${key}`,
      ...extra,
    },
  };
}

/** Runs an import the way `parley import` does (dry run, recheck and train off unless asked). */
export async function importInto(
  store: Store,
  clock: Clock,
  site: SiteRow,
  source: ImportSource,
  opts: Partial<ImportOptions> = {},
) {
  const secrets = await loadSecrets(store);
  const spam = opts.recheck || opts.train ? new SpamEngine({ model: shippedModel(), store, clock }) : null;
  try {
    return await runImport(
      {
        store,
        clock,
        secrets,
        render: (body) => renderComment(body),
        bodies: { html: htmlToMarkdown, text: textToMarkdown },
        spam,
      },
      source,
      {
        site,
        settings: resolveSettings(DEFAULT_SETTINGS, site.settings),
        mapUrl: [],
        dryRun: false,
        recheck: false,
        train: false,
        actor: 'cli:test',
        ...opts,
      },
    );
  } finally {
    await spam?.close();
  }
}
