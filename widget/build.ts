// Builds the browser bundles into dist/widget/ (gitignored): embed.js (the loader),
// widget.<hash>.js (the comment section, loaded by the loader near the viewport) and count.js.
// Run by `npm run build:widget` and `npm run build`, and so by `pretest` and `prestart`; tests that need the bundles
// call buildWidget() themselves, so a single test file also works from a clean clone.
//
// Deterministic on purpose: the same sources give the same bytes (no timestamps, no absolute
// paths, languages sorted), so the widget's content hash only changes when its code does and
// browsers keep their year-long cached copy across deploys that did not touch it.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
export const DIST_DIR = fileURLToPath(new URL('../dist/widget/', import.meta.url));

export type Manifest = { widget: string; files: string[] };

/** Every file in widget/i18n/ except the shared types is a language: adding one is adding a file. */
export function languages(): string[] {
  return readdirSync(join(here, 'i18n'))
    .filter((f) => /^[a-z]{2,3}\.ts$/.test(f))
    .map((f) => f.slice(0, -3))
    .sort();
}

// Two generated modules: the widget's full catalogs, and count.js's few words (so count.js
// does not carry the widget's strings).
function languagesPlugin(): esbuild.Plugin {
  return {
    name: 'parley-languages',
    setup(build) {
      build.onResolve({ filter: /^parley:(strings|counts)$/ }, (a) => ({
        path: a.path,
        namespace: 'parley-languages',
      }));
      build.onLoad({ filter: /.*/, namespace: 'parley-languages' }, (a) => {
        const langs = languages();
        const counts = a.path === 'parley:counts';
        const imports = langs
          .map((l, i) => (counts ? `import { count as l${i} } from './${l}.ts';` : `import l${i} from './${l}.ts';`))
          .join('\n');
        const table = langs.map((l, i) => `${JSON.stringify(l)}: l${i}`).join(', ');
        return { contents: `${imports}\nexport default { ${table} };\n`, resolveDir: join(here, 'i18n'), loader: 'ts' };
      });
    },
  };
}

async function bundle(entry: string, define: Record<string, string> = {}): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [join(here, entry)],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
    legalComments: 'none',
    charset: 'utf8',
    absWorkingDir: join(here, '..'),
    define,
    plugins: [languagesPlugin()],
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** `stem.<first 12 hex digits of the content's sha256>.ext`: a name that changes only with the content. */
export function hashedName(stem: string, ext: string, text: string): string {
  return `${stem}.${createHash('sha256').update(text).digest('hex').slice(0, 12)}.${ext}`;
}

/**
 * Writes a build's files into `dir`, each written then renamed: a server or a test reading the
 * folder never sees half a file, and two test files building at once both end with complete,
 * identical files. The dashboard's build uses it too.
 */
export function writeFolder(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, name));
  }
}

/** Builds every bundle into `dir` (dist/widget/ by default) and returns the manifest. */
export async function buildWidget(dir = DIST_DIR): Promise<Manifest> {
  const widget = await bundle('app/main.ts');
  const widgetFile = hashedName('widget', 'js', widget);
  const loader = await bundle('loader/embed.ts', { __PARLEY_WIDGET__: JSON.stringify(widgetFile) });
  const count = await bundle('count/count.ts');
  const files: Record<string, string> = { 'embed.js': loader, 'count.js': count, [widgetFile]: widget };
  const manifest: Manifest = { widget: widgetFile, files: Object.keys(files).sort() };
  files['manifest.json'] = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFolder(dir, files);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = await buildWidget();
  console.log(`widget built into ${DIST_DIR}: ${m.files.join(', ')}`);
}
