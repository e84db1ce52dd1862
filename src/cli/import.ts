// `parley import FILE --format NAME [--site ID] [--dry-run] [--map-url FROM=TO]… [--train] [--recheck]`:
// another system's comments into a site (src/core/import/importer.ts), with a progress line on
// stderr and the report in words on stdout. Problems are one line each: a file that cannot be
// read writes nothing; a failure part-way keeps the batches written, and the same command goes on.
import { access, constants } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { type Config, defaultSiteSettings } from '../config/config.ts';
import { cliActor } from '../core/audit/audit-log.ts';
import { systemClock } from '../core/clock.ts';
import { type ImportProgress, runImport } from '../core/import/importer.ts';
import { type MapUrlRule, parseMapUrl } from '../core/import/map-url.ts';
import { describeImport } from '../core/import/plan.ts';
import { ImportFormatError } from '../core/import/source.ts';
import type { SiteRow } from '../core/ports.ts';
import { resolveSettings } from '../core/sites/settings.ts';
import { FORMATS, readerOf } from '../import/formats/index.ts';
import { htmlToMarkdown, textToMarkdown } from '../render/html-to-markdown.ts';
import { closeRenderPool, renderComment } from '../render/markdown.ts';
import { shippedModel } from '../spam/classifier/model.ts';
import { SpamEngine } from '../spam/engine.ts';
import { loadSecrets, openStore } from '../store/open-store.ts';
import { chooseSite } from './choose-site.ts';
import { tellServers } from './tell-servers.ts';
import { fail } from './exit.ts';

const USAGE =
  'usage: parley import FILE --format FORMAT [--site ID] [--dry-run] [--map-url FROM=TO]… [--train] [--recheck]';

export async function runImportCommand(argv: string[], config: Config): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      site: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'map-url': { type: 'string', multiple: true, default: [] },
      train: { type: 'boolean', default: false },
      recheck: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) fail(`import: one FILE is needed\n${USAGE}`);
  const file = positionals[0];
  if (!values.format) fail(`import: --format is required (one of ${FORMATS.join(', ')})\n${USAGE}`);
  const reader = readerOf(values.format);
  if (!reader) fail(`import: unknown format "${values.format}"; this Parley reads ${FORMATS.join(', ')}`);
  const rules: MapUrlRule[] = [];
  for (const spec of values['map-url']!) {
    const rule = parseMapUrl(spec);
    if (typeof rule === 'string') fail(`import: ${rule}`);
    rules.push(rule);
  }
  if (values['dry-run'] && values.train) fail('import: --train writes what the filter learns; not with --dry-run');
  try {
    await access(file, constants.R_OK);
  } catch (err) {
    fail(`import: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 1);
  }
  // As the import opens it (bulkWrites): indexes an interrupted import set aside stay so.
  const store = await openStore(config, { bulkWrites: true });
  let site: SiteRow;
  try {
    site = await chooseSite(store, values.site, 'import');
  } finally {
    await store.close();
  }
  const job: ImportJob = {
    file,
    format: values.format,
    siteId: site.id,
    mapUrl: rules,
    dryRun: values['dry-run']!,
    recheck: values.recheck!,
    train: values.train!,
    actor: cliActor(),
  };
  const bar = new ProgressLine(process.stderr);
  const outcome = await inWorker(job, (p) => bar.update(p));
  bar.done();
  if ('lines' in outcome) {
    if (!job.dryRun) {
      const after = await openStore(config);
      await tellServers(after, 'a command-line import').finally(() => after.close());
    }
    process.stdout.write(`${outcome.lines.join('\n')}\n`);
    return;
  }
  if (outcome.kind === 'format') fail(`import: ${file}: ${outcome.message}; nothing was written`, 1);
  if (job.dryRun) fail(`import: ${outcome.message}`, 1);
  fail(
    `import failed: ${outcome.message}\nThe batches before the failure were written; the same command goes on from there.`,
    1,
  );
}

/** What the import thread is asked to do: everything checked and chosen already. */
export type ImportJob = {
  file: string;
  format: string;
  siteId: string;
  mapUrl: MapUrlRule[];
  dryRun: boolean;
  recheck: boolean;
  train: boolean;
  actor: string;
};
export type ImportOutcome = { lines: string[] } | { kind: 'format' | 'failed'; message: string };
export type ImportMessage = { progress: ImportProgress } | { outcome: ImportOutcome };

/**
 * The import runs in a thread of its own with a bounded heap: a million comments stream through
 * it, and an unbounded heap would grow with them (garbage the collector is in no hurry to
 * return) rather than stay at the size of a batch or two.
 */
function inWorker(job: ImportJob, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome> {
  return new Promise((resolve) => {
    let outcome: ImportOutcome | null = null;
    const worker = new Worker(new URL('./import-worker.ts', import.meta.url), {
      // Wrapped: the XML readers' own thread (src/import/formats/in-worker.ts) knows itself by a
      // `format` in its workerData, and the import thread loads that module too.
      workerData: { importJob: job },
      resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB, maxYoungGenerationSizeMb: 12 },
    });
    worker.on('message', (m: ImportMessage) => {
      if ('progress' in m) onProgress(m.progress);
      else outcome = m.outcome;
    });
    worker.on('error', (err: Error & { code?: string }) => {
      outcome ??= {
        kind: 'failed',
        message:
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the import ran out of its ${IMPORT_HEAP_MB} MB of memory (a batch of very long comments?)`
            : err.message,
      };
    });
    worker.on('exit', () => resolve(outcome ?? { kind: 'failed', message: 'the import thread stopped' }));
  });
}

/** The converters the XML readers' thread turns bodies into Markdown with (the same as `bodies` below). */
const MARKDOWN_CONVERTERS = new URL('../render/html-to-markdown.ts', import.meta.url).href;

/** The renderer the same thread renders them with (the same as `render` below). */
const RENDERER = new URL('../render/markdown.ts', import.meta.url).href;

/** The import thread's heap bound: two batches of comments, with room to spare. */
const IMPORT_HEAP_MB = 160;

/** The import itself, in its thread (src/cli/import-worker.ts): the report's lines, or what went wrong. */
export async function runImportJob(
  job: ImportJob,
  config: Config,
  onProgress: (p: ImportProgress) => void,
): Promise<ImportOutcome> {
  const store = await openStore(config, { bulkWrites: true });
  const spam = job.recheck || job.train ? new SpamEngine({ model: shippedModel(), store, clock: systemClock }) : null;
  try {
    const site = await store.getSite(job.siteId);
    if (!site) return { kind: 'failed', message: `no site ${job.siteId}` };
    const reader = readerOf(job.format)!;
    const report = await runImport(
      {
        store,
        clock: systemClock,
        secrets: await loadSecrets(store),
        render: (body) => renderComment(body),
        bodies: { html: htmlToMarkdown, text: textToMarkdown },
        spam,
      },
      // Not for a dry run: it reads no body.
      await reader(job.file, job.dryRun ? {} : { markdownBodies: MARKDOWN_CONVERTERS, renderer: RENDERER }),
      {
        site,
        settings: resolveSettings(defaultSiteSettings(config), site.settings),
        mapUrl: job.mapUrl,
        dryRun: job.dryRun,
        recheck: job.recheck,
        train: job.train,
        actor: job.actor,
        onProgress,
        bulk: true,
      },
    );
    return { lines: describeImport(report) };
  } catch (err) {
    return { kind: err instanceof ImportFormatError ? 'format' : 'failed', message: (err as Error).message };
  } finally {
    await spam?.close();
    await closeRenderPool();
    await store.close();
  }
}

/** How often the progress line is written: redrawn on a terminal; a new line in a log, which should not fill up. */
export const PROGRESS_EVERY_MS = { terminal: 200, log: 5000 } as const;

/** A progress line on stderr: redrawn in place on a terminal, a line every few seconds otherwise (a log). */
export class ProgressLine {
  readonly #out: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
  readonly #tty: boolean;
  /** The clock, for the tests of the lines' pace. */
  readonly #now: () => number;
  readonly #started: number;
  #last = 0;
  #phase = '';
  #drawn = false;

  constructor(out: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>, now: () => number = Date.now) {
    this.#out = out;
    this.#tty = !!out.isTTY;
    this.#now = now;
    this.#started = now();
  }

  update(p: ImportProgress): void {
    const now = this.#now();
    if (now - this.#last < PROGRESS_EVERY_MS[this.#tty ? 'terminal' : 'log'] && p.phase === this.#phase) return;
    this.#last = now;
    this.#phase = p.phase;
    const seconds = Math.max(0.001, (now - this.#started) / 1000);
    const rate = Math.round(p.done / seconds);
    const text =
      p.phase === 'indexing'
        ? `indexing: ${p.done} comments written, building their indexes`
        : p.total === null
          ? `reading: ${p.done} comments (${rate}/s)`
          : `writing: ${p.done}/${p.total} comments ${bar(p.done / Math.max(1, p.total))} ${Math.round((100 * p.done) / Math.max(1, p.total))}%`;
    if (this.#tty) {
      this.#out.write(`\r\x1b[2K${text}`);
      this.#drawn = true;
    } else this.#out.write(`${text}\n`);
  }

  done(): void {
    if (this.#drawn) this.#out.write('\r\x1b[2K');
    this.#drawn = false;
  }
}

function bar(fraction: number): string {
  const width = 24;
  const full = Math.min(width, Math.round(fraction * width));
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}
