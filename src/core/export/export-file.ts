// A site's export as a file: its bytes in chunks, its media type and its name. The CLI writes
// the chunks to a file or stdout; the dashboard's route streams them to the browser.
import type { ExportRecord } from '../../contracts/parley-export.ts';
import type { SiteExport } from './site-export.ts';
import { wxrDocument } from './wxr.ts';

export const EXPORT_FORMATS = ['parley', 'wxr'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (v: unknown): v is ExportFormat => EXPORT_FORMATS.includes(v as ExportFormat);

/** Pieces are handed on in about this size: a write per record would cost more than the record. */
const CHUNK = 64 * 1024;

export type ExportFile = {
  contentType: string;
  /** parley-<site id>-<day>.jsonl or .xml: two sites' or two days' exports never overwrite each other unseen. */
  filename: string;
  chunks(): AsyncGenerator<string>;
};

export function exportFile(ex: SiteExport, format: ExportFormat): ExportFile {
  const day = ex.header.exportedAt.slice(0, 10);
  if (format === 'wxr')
    return {
      contentType: 'text/xml; charset=utf-8',
      filename: `parley-${ex.site.id}-${day}.xml`,
      chunks: () => gathered(wxrDocument(ex.header, ex.records())),
    };
  return {
    contentType: 'application/x-ndjson; charset=utf-8',
    filename: `parley-${ex.site.id}-${day}.jsonl`,
    chunks: () => gathered(jsonLines(ex.header, ex.records())),
  };
}

async function* jsonLines(header: object, records: AsyncIterable<ExportRecord>): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  // JSON.stringify writes a lone surrogate as an escape, so every line is valid UTF-8 JSON.
  for await (const r of records) yield `${JSON.stringify(r)}\n`;
}

async function* gathered(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const p of pieces) {
    buffer += p;
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}
