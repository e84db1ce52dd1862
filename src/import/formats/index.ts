// The readers `parley import --format NAME` knows: each turns a file into core's ImportSource.
// One line per format. The readers of WordPress (WXR), Disqus, Remark42, Isso and Commento
// come with their own files, registered here as each lands:
//   wxr: wxrSource (./wxr.ts), disqus: disqusSource (./disqus.ts), remark42: remark42Source
//   (./remark42.ts), isso: issoSource (./isso.ts), commento: commentoSource (./commento.ts).
import type { ImportSource } from '../../core/import/source.ts';
import { parleySource } from './parley.ts';

export type Reader = (file: string) => ImportSource | Promise<ImportSource>;

export const READERS: Readonly<Record<string, Reader>> = {
  parley: parleySource,
};

/** The reader of a format, or null; FORMATS lists them for the error that names the choices. */
export function readerOf(format: string): Reader | null {
  return Object.hasOwn(READERS, format) ? READERS[format] : null;
}
export const FORMATS: readonly string[] = Object.keys(READERS);
