// The readers `parley import --format NAME` knows: each turns a file into core's ImportSource.
// One line per format. The XML formats (WordPress's WXR, Disqus) are parsed on a thread of their
// own (./in-worker.ts), on another core than the import's. Isso's database and Comentario 3's
// export name pages by path: `--map-url /=https://news.example/` makes them addresses.
import type { ImportSource } from '../../core/import/source.ts';
import { commentoSource } from './commento.ts';
import { inWorker } from './in-worker.ts';
import { issoSource } from './isso.ts';
import { parleySource } from './parley.ts';
import { remark42Source } from './remark42.ts';

export type ReaderOptions = {
  readonly origin?: string;
  /**
   * The URL of a module exporting htmlToMarkdown and textToMarkdown (src/render's): bodies are
   * then given as our Markdown, converted where the reader runs when that is a thread of its own
   * (the XML formats); other readers leave them to the importer, which converts the same way.
   */
  readonly markdownBodies?: string;
  /**
   * With markdownBodies, the URL of a module exporting renderComment and closeRenderPool
   * (src/render/markdown.ts): a reader on a thread of its own renders the bodies there too.
   */
  readonly renderer?: string;
};
export type Reader = (file: string, options: ReaderOptions) => ImportSource | Promise<ImportSource>;

export const READERS: Readonly<Record<string, Reader>> = {
  wxr: (file, o) => inWorker('wxr', file, o),
  disqus: (file, o) => inWorker('disqus', file, o),
  remark42: (file) => remark42Source(file),
  isso: (file, o) => issoSource(file, { origin: o.origin }),
  commento: (file, o) => commentoSource(file, { origin: o.origin }),
  comentario: (file, o) => commentoSource(file, { origin: o.origin }),
  parley: (file) => parleySource(file),
};

/** The reader of a format, or null; FORMATS lists them for the error that names the choices. */
export function readerOf(format: string): Reader | null {
  return Object.hasOwn(READERS, format) ? READERS[format] : null;
}
export const FORMATS: readonly string[] = Object.keys(READERS);
