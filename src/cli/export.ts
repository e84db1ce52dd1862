// `parley export --site ID [--format parley|wxr] [--out FILE] [--force]`: everything a site has,
// streamed page by page to a file or to stdout (src/core/export). The file holds commenters'
// email addresses: it is created readable by its owner only, and the export is audited.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { AuditLog, cliActor } from '../core/audit/audit-log.ts';
import { systemClock } from '../core/clock.ts';
import { EXPORT_FORMATS, exportFile, isExportFormat } from '../core/export/export-file.ts';
import { openSiteExport } from '../core/export/site-export.ts';
import { openStore } from '../store/open-store.ts';
import { fail } from './exit.ts';

const USAGE = 'usage: parley export --site ID [--format parley|wxr] [--out FILE] [--force]';

export async function runExport(argv: string[], config: Config): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      format: { type: 'string', default: 'parley' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  if (positionals.length) fail(`export: unexpected "${positionals[0]}"\n${USAGE}`);
  if (!values.site) fail(`export: --site is required (see parley site list)\n${USAGE}`);
  if (!isExportFormat(values.format)) fail(`export: --format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const store = await openStore(config);
  try {
    const ex = await openSiteExport({ store, clock: systemClock }, values.site);
    if (!ex) fail(`no site ${values.site} (see parley site list)`, 1);
    const file = exportFile(ex, values.format);
    const out = values.out ? await openOut(values.out, values.force!) : process.stdout;
    await new AuditLog({ store, clock: systemClock }).record({
      actor: cliActor(),
      siteId: ex.site.id,
      action: 'site.export',
      target: null,
      after: { format: values.format },
    });
    for await (const chunk of file.chunks()) if (!out.write(chunk)) await once(out, 'drain');
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
      process.stderr.write(`exported site ${ex.site.id} to ${values.out} (${values.format})\n`);
    }
  } finally {
    await store.close();
  }
}

/** The output file, created for its owner only (0600); an existing one only with --force. */
async function openOut(path: string, force: boolean): Promise<Writable> {
  const out = createWriteStream(path, { flags: force ? 'w' : 'wx', mode: 0o600 });
  try {
    await once(out, 'open');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EEXIST') fail(`export: ${path} exists (--force to overwrite it)`, 1);
    fail(`export: cannot write ${path}: ${(err as Error).message}`, 1);
  }
  return out;
}
