// Builds the moderation dashboard into dist/admin/ (gitignored): app.<hash>.js and
// app.<hash>.css, plus manifest.json naming them for the server. The stats charts (uPlot, about
// twice the size of the rest of the app) are a second script, also named app.<hash>.js so the
// server serves it like the first, that the stats screen loads on first use: moderators who
// never open it never download it. uPlot's stylesheet is small and rides in app.<hash>.css. Run after the widget's build
// by `npm run build:admin` and `npm run build` (and so by `pretest` and `prestart`); browser tests call
// buildAdmin() themselves so a single test file works from a clean clone.
//
// Deterministic like the widget's build: the same sources give the same bytes (no timestamps,
// no absolute paths), so a file's hash only changes when its content does.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { hashedName, writeFolder } from '../widget/build.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const ADMIN_DIST_DIR = fileURLToPath(new URL('../dist/admin/', import.meta.url));

type AdminManifest = { js: string; css: string; charts: string; files: string[] };

// uPlot's header is not a legal comment esbuild keeps; its MIT licence asks for the notice.
const UPLOT_NOTICE = '/*! uPlot (μPlot) (c) Leon Sorokin, MIT licence, https://github.com/leeoniya/uPlot */';

async function bundle(entry: string, opts: { define?: Record<string, string>; banner?: string } = {}): Promise<string> {
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
    define: opts.define ?? {},
    banner: opts.banner ? { js: opts.banner, css: opts.banner } : {},
    logLevel: 'silent',
  });
  const [file] = out.outputFiles ?? [];
  if (!file) throw new Error(`esbuild wrote nothing for ${entry}`);
  return file.text;
}

/** Builds the dashboard into `dir` (dist/admin/ by default) and returns the manifest. */
export async function buildAdmin(dir = ADMIN_DIST_DIR): Promise<AdminManifest> {
  const charts = await bundle('stats-chart.ts', { banner: UPLOT_NOTICE });
  const chartsFile = hashedName('app', 'js', charts);
  // The app learns the charts' file name at build time (see chart-loader.ts).
  const js = await bundle('main.ts', { define: { PARLEY_CHARTS_FILE: JSON.stringify(chartsFile) } });
  const css = await bundle('styles.css', { banner: UPLOT_NOTICE });
  const jsFile = hashedName('app', 'js', js);
  const cssFile = hashedName('app', 'css', css);
  const files: Record<string, string> = { [jsFile]: js, [cssFile]: css, [chartsFile]: charts };
  const manifest: AdminManifest = { js: jsFile, css: cssFile, charts: chartsFile, files: Object.keys(files).sort() };
  files['manifest.json'] = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFolder(dir, files);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = await buildAdmin();
  console.log(`dashboard built into ${ADMIN_DIST_DIR}: ${m.files.join(', ')}`);
}
