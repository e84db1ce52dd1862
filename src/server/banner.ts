// The few lines a person starting Parley in a terminal reads: where the site is, where the
// dashboard is, and the one command that makes the first account to sign in with.
import { relative } from 'node:path';

export type BannerFacts = { url: string; demo: boolean; siteId: string | null; script?: string; cwd?: string };

/** From a clone, `parley` is not on the PATH: show the command that works where it was started. */
export function cliCommand(script = process.argv[1] ?? '', cwd = process.cwd()): string {
  const rel = relative(cwd, script);
  return rel === 'bin/parley.mjs' || rel === 'bin\\parley.mjs' ? 'node bin/parley.mjs' : 'parley';
}

export function banner(f: BannerFacts): string {
  const base = f.url.replace(/\/$/, '');
  const rows: [string, string][] = [
    [f.demo ? 'Demo newsroom' : 'Server', `${base}/`],
    ['Dashboard', `${base}/admin`],
  ];
  if (f.siteId)
    rows.push([
      'First admin',
      `${cliCommand(f.script, f.cwd)} admin create --site ${f.siteId} --email you@example.com --role admin`,
    ]);
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`);
  return ['', '  Parley is ready.', '', ...lines, '', ''].join('\n');
}
