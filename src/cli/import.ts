// `parley import FILE --format NAME [--site ID] [--dry-run] [--map-url FROM=TO]… [--train] [--recheck]`:
// another system's comments into a site (src/core/import/importer.ts), with a progress line on
// stderr and the report in words on stdout. Problems are one line each: a file that cannot be
// read writes nothing; a failure part-way keeps the batches written, and the same command goes on.
import { access, constants } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type Config, defaultSiteSettings } from '../config/config.ts';
import { cliActor } from '../core/audit/audit-log.ts';
import { systemClock } from '../core/clock.ts';
import { type ImportProgress, runImport } from '../core/import/importer.ts';
import { type MapUrlRule, parseMapUrl } from '../core/import/map-url.ts';
import { describeImport } from '../core/import/plan.ts';
import { ImportFormatError } from '../core/import/source.ts';
import type { SiteRow, Store } from '../core/ports.ts';
import { resolveSettings } from '../core/sites/settings.ts';
import { FORMATS, readerOf } from '../import/formats/index.ts';
import { htmlToMarkdown, textToMarkdown } from '../render/html-to-markdown.ts';
import { closeRenderPool, renderComment } from '../render/markdown.ts';
import { shippedModel } from '../spam/classifier/model.ts';
import { SpamEngine } from '../spam/engine.ts';
import { loadSecrets, openStore } from '../store/open-store.ts';
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
  const store = await openStore(config);
  const spam =
    values.recheck || values.train ? new SpamEngine({ model: shippedModel(), store, clock: systemClock }) : null;
  const bar = new ProgressLine(process.stderr);
  try {
    const site = await chooseSite(store, values.site);
    const report = await runImport(
      {
        store,
        clock: systemClock,
        secrets: await loadSecrets(store),
        render: (body) => renderComment(body),
        bodies: { html: htmlToMarkdown, text: textToMarkdown },
        spam,
      },
      await reader(file),
      {
        site,
        settings: resolveSettings(defaultSiteSettings(config), site.settings),
        mapUrl: rules,
        dryRun: values['dry-run']!,
        recheck: values.recheck!,
        train: values.train!,
        actor: cliActor(),
        onProgress: (p) => bar.update(p),
      },
    );
    bar.done();
    process.stdout.write(`${describeImport(report).join('\n')}\n`);
  } catch (err) {
    bar.done();
    if (err instanceof ImportFormatError) fail(`import: ${file}: ${err.message}; nothing was written`, 1);
    if (values['dry-run']) fail(`import: ${(err as Error).message}`, 1);
    fail(
      `import failed: ${(err as Error).message}\nThe batches before the failure were written; the same command goes on from there.`,
      1,
    );
  } finally {
    await spam?.close();
    await closeRenderPool();
    await store.close();
  }
}

/** The site named, or the install's only one. */
async function chooseSite(store: Store, id: string | undefined): Promise<SiteRow> {
  if (id) {
    const site = await store.getSite(id);
    if (!site) fail(`no site ${id} (see parley site list)`, 1);
    return site;
  }
  const sites = await store.listSites();
  if (sites.length === 1) return sites[0];
  fail(
    sites.length
      ? `import: --site is required: this install has ${sites.length} sites (see parley site list)`
      : 'import: no site yet (parley site add)',
  );
}

/** A progress line on stderr: redrawn in place on a terminal, a line every few seconds otherwise (a log). */
class ProgressLine {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  readonly #started = Date.now();
  #last = 0;
  #drawn = false;

  constructor(out: NodeJS.WriteStream) {
    this.#out = out;
    this.#tty = !!out.isTTY;
  }

  update(p: ImportProgress): void {
    const now = Date.now();
    if (now - this.#last < (this.#tty ? 200 : 5000)) return;
    this.#last = now;
    const seconds = Math.max(0.001, (now - this.#started) / 1000);
    const rate = Math.round(p.done / seconds);
    const text =
      p.total === null
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
