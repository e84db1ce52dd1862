// Stored JSON is read in one place: the store's repositories turn JSON columns into lists and
// objects (src/store/repositories/rows.ts), so a service never parses a column itself. This
// test finds every JSON.parse outside src/store and accepts only the files listed below, each
// parsing something that never came from a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Files outside src/store that may call JSON.parse, and what they parse. */
const ALLOWED: Record<string, string> = {
  'src/server/body-parsers.ts': 'request bodies',
  'src/server/log-format.ts': "the server's own log lines, to pretty-print them",
  'src/server/routes/admin/dashboard.routes.ts': "the dashboard build's manifest file",
  'src/core/cursor.ts': 'pagination cursors a client sends back',
  'src/cli/site.ts': 'a list setting typed on the command line as a JSON array',
  'src/spam/classifier/model.ts': 'the spam model file',
  'src/spam/classifier/cli.test.ts': "the classifier CLI's --json output",
  'src/spam/classifier/site-layer.test.ts': "a layer snapshot's round trip through JSON text",
  'src/spam/classifier/site-layer-learning.test.ts': "a layer snapshot's round trip through JSON text",
  'src/render/test-support.ts': 'the shared security corpora (JSON files)',
  'src/import/formats/parley.ts': "Parley's own export files, one JSON record a line",
  'src/import/formats/remark42.ts': "Remark42's backup files, one JSON record a line",
  'src/import/formats/commento.ts': "Commento's and Comentario's export files, one JSON document each",
};

const PARSE = /\bJSON\s*\.\s*parse\s*\(/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx|js|mjs)$/.test(p) ? [p] : [];
  });
}

/** The files, by path from the repository root, that parse JSON outside the store and are not allowed to. */
export function strayParses(files: Map<string, string>, allowed: Record<string, string>): string[] {
  return [...files]
    .filter(([path, text]) => !path.startsWith('src/store/') && PARSE.test(text) && !Object.hasOwn(allowed, path))
    .map(([path]) => path)
    .sort();
}

function srcFiles(): Map<string, string> {
  return new Map(
    sources(join(root, 'src')).map((p) => [relative(root, p).split('\\').join('/'), readFileSync(p, 'utf8')]),
  );
}

test('no JSON.parse outside src/store but of request bodies, files, cursors and the like', () => {
  assert.deepEqual(
    strayParses(srcFiles(), ALLOWED),
    [],
    'stored columns are parsed by the store (src/store/repositories/rows.ts); anything else needs a reason in ALLOWED',
  );
});

test('every allowed file still parses JSON (the list holds no stale entries)', () => {
  const files = srcFiles();
  for (const path of Object.keys(ALLOWED))
    assert.ok(PARSE.test(files.get(path) ?? ''), `${path} no longer parses JSON`);
});

test('the check notices a service parsing a column (negative control)', () => {
  const files = new Map([
    ['src/core/sites/site-admin.ts', 'const list = JSON.parse(site.origins);'],
    ['src/server/site-registry.ts', 'const o = JSON . parse (s.origins)'],
    ['src/store/repositories/rows.ts', 'return JSON.parse(text);'],
    ['src/core/cursor.ts', 'JSON.parse(token)'],
    ['src/core/threads/pins.ts', 'thread.pinned.includes(id)'],
  ]);
  assert.deepEqual(strayParses(files, { 'src/core/cursor.ts': 'cursors' }), [
    'src/core/sites/site-admin.ts',
    'src/server/site-registry.ts',
  ]);
  // The real tree with one service parsing a column again.
  const real = srcFiles();
  real.set('src/core/threads/pins.ts', `${real.get('src/core/threads/pins.ts')}\nJSON.parse(thread.pinned);\n`);
  assert.deepEqual(strayParses(real, ALLOWED), ['src/core/threads/pins.ts']);
});
