// An XML reader run on a worker thread: the parsing (most of an import's reading cost, saxes
// going character by character) then runs on another core while the importer writes. Items
// come back in batches, and the worker reads on only while fewer than BATCHES_AHEAD batches
// wait to be taken: memory stays bounded, and a consumer that stops early stops the worker.
// The same module is the worker's own code (isMainThread false).
// Given `markdownBodies` (the URL of a module exporting htmlToMarkdown and textToMarkdown: the
// caller's converters, since functions cannot cross to a thread), the worker also turns each
// comment's body into our Markdown (what the importer would do first with it): the import's own
// thread, the busiest of an import, is spared that work, and the reader's, which waits on it much
// of the time, takes it. Given `renderer` too (the URL of a module exporting renderComment and
// closeRenderPool: src/render/markdown.ts), it renders converted bodies as well, while the
// importer has batches waiting (it is then the slower of the two, and this thread would only
// wait on it): the importer stores that HTML rather than rendering the body again, and renders
// the rest itself. Which thread renders a comment changes nothing in what is stored.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type BodyConverters, importBody } from '../../core/import/bodies.ts';
import { type ImportItem, type ImportSource, ImportFormatError } from '../../core/import/source.ts';
import { disqusSource } from './disqus.ts';
import { wxrSource } from './wxr.ts';

const READERS = { wxr: wxrSource, disqus: disqusSource } as const;
export type XmlFormat = keyof typeof READERS;

type Renderer = { renderComment(body: string): Promise<string>; closeRenderPool(): Promise<void> };

const BATCH = 500;
const BATCHES_AHEAD = 4;

type FromWorker =
  | { readonly items: ImportItem[] }
  | { readonly done: true }
  | { readonly error: { readonly message: string; readonly at: string | null } };

/** The format's reader, run on a worker thread: the same items, in the same order. */
export function inWorker(
  format: XmlFormat,
  file: string,
  options: { markdownBodies?: string; renderer?: string } = {},
): ImportSource {
  const direct = READERS[format](file);
  return {
    format,
    // On the calling thread: nothing else runs while the file is checked, and it keeps nothing
    // that would have to cross between threads.
    ...(direct.check ? { check: direct.check } : {}),
    async *items(): AsyncGenerator<ImportItem> {
      // A bounded heap: the parser streams, and unbounded it grows with the file's garbage (a
      // million-comment import measured 120 MB more peak memory without the bound; 48 MB is as
      // fast as 64 and leaves the whole import further under its 300 MB).
      const worker = new Worker(new URL(import.meta.url), {
        workerData: {
          format,
          file,
          markdownBodies: options.markdownBodies ?? null,
          renderer: (options.markdownBodies && options.renderer) || null,
        },
        resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 16 },
      });
      const queue: FromWorker[] = [];
      let wake: (() => void) | null = null;
      let crashed: Error | null = null;
      worker.on('message', (m: FromWorker) => {
        queue.push(m);
        wake?.();
      });
      worker.on('error', (e) => {
        crashed = e;
        wake?.();
      });
      worker.on('exit', () => {
        crashed ??= new Error(`the ${format} reader's thread stopped before the end of the file`);
        wake?.();
      });
      try {
        for (;;) {
          if (!queue.length && !crashed) await new Promise<void>((r) => (wake = r));
          wake = null;
          const m = queue.shift();
          if (!m) throw crashed;
          if ('done' in m) return;
          if ('error' in m) {
            const { message, at } = m.error;
            // ImportFormatError's message starts with its position: given back as it was.
            throw at === null ? new Error(message) : new ImportFormatError(message.slice(at.length + 2), at);
          }
          worker.postMessage('more');
          yield* m.items;
        }
      } finally {
        await worker.terminate();
      }
    },
  };
}

async function runWorker(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const { format, file, markdownBodies, renderer } = workerData as {
    format: XmlFormat;
    file: string;
    markdownBodies: string | null;
    renderer: string | null;
  };
  let converters: BodyConverters | null = null;
  if (markdownBodies) {
    const m = (await import(markdownBodies)) as {
      htmlToMarkdown: BodyConverters['html'];
      textToMarkdown: BodyConverters['text'];
    };
    converters = { html: m.htmlToMarkdown, text: m.textToMarkdown };
  }
  const render = renderer ? ((await import(renderer)) as Renderer) : null;
  // Credits: a batch may be sent while fewer than BATCHES_AHEAD are waiting on the other side.
  let credits = BATCHES_AHEAD;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credits++;
    wake?.();
  });
  const send = async (items: ImportItem[]) => {
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    port.postMessage({ items });
  };
  let batch: ImportItem[] = [];
  try {
    for await (const item of READERS[format](file).items()) {
      if (converters && item.kind === 'comment') {
        const text = importBody(item.comment.body, converters);
        const md = 'markdown' as const;
        // Two batches or more waiting over there: the importer is behind, and this thread ahead.
        const body =
          render && credits < BATCHES_AHEAD - 1
            ? { format: md, text, html: await render.renderComment(text) }
            : { format: md, text };
        batch.push({ kind: 'comment', comment: { ...item.comment, body } });
      } else batch.push(item);
      if (batch.length === BATCH) {
        await send(batch);
        batch = [];
      }
    }
    if (batch.length) await send(batch);
    port.postMessage({ done: true });
  } catch (e) {
    // What was read before the fault is yielded first, as the reader itself does.
    if (batch.length) await send(batch);
    const at = e instanceof ImportFormatError ? e.at : null;
    port.postMessage({ error: { message: e instanceof Error ? e.message : String(e), at } });
  } finally {
    await render?.closeRenderPool();
  }
  port.unref();
}

if (!isMainThread && (workerData as { format?: unknown } | null)?.format !== undefined) await runWorker();
