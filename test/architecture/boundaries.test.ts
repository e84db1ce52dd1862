// The folders' import rules (../shared/STYLE.md): transport → rules → storage, visible in
// the imports. A lint rule would do the same; this test keeps it without a dependency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const src = join(root, 'src');

// folder → folders of ours it may import (value imports and type imports alike), plus npm packages it may use
const RULES: Record<string, { ours: string[]; packages: RegExp }> = {
  contracts: { ours: ['contracts'], packages: /^$/ },
  core: { ours: ['contracts', 'core', 'spam'], packages: /^node:/ },
  spam: { ours: ['contracts', 'core', 'spam'], packages: /^(node:|franc-min$)/ },
  render: { ours: ['render'], packages: /^(node:|markdown-it)/ },
  store: { ours: ['core', 'contracts', 'store'], packages: /^(node:|kysely|pg|redis)$|^node:|^kysely\// },
  server: { ours: ['contracts', 'core', 'spam', 'render', 'store', 'server', 'demo'], packages: /^(node:|fastify|kysely)/ },
  // migrate-data copies tables at the SQL level, through Kysely.
  cli: { ours: ['contracts', 'core', 'spam', 'render', 'store', 'server', 'cli'], packages: /^(node:|kysely)/ },
  // Browser code: the shared contracts and its own files; languages come from the build
  // (parley:strings, parley:counts), never from an npm package or the server's code.
  widget: { ours: ['contracts', 'widget'], packages: /^parley:(strings|counts)$/ },
  // The widget's build script runs in Node.
  'widget-build': { ours: ['widget'], packages: /^(node:|esbuild$)/ },
  // The moderation dashboard (admin/): browser code that shares only the contracts (the error
  // catalog, the wire shapes) with the server, and bundles uPlot for the stats charts; its build
  // script runs in Node.
  admin: { ours: ['contracts', 'admin'], packages: /^uplot$/ },
  // It shares the widget build's hashed names and folder writing.
  'admin-build': { ours: ['admin', 'widget'], packages: /^(node:|esbuild$)/ },
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('test-support.ts') ? [p] : [];
  });
}

// src/<folder>/… by folder; the top-level widget/ folder as browser code, except its build script.
function folderOf(file: string): string {
  const rel = relative(root, file);
  if (rel === 'widget/build.ts') return 'widget-build';
  if (rel === 'admin/build.ts') return 'admin-build';
  if (rel.startsWith('admin/')) return 'admin';
  return rel.startsWith('widget/') ? 'widget' : relative(src, file).split('/')[0];
}

test('each folder imports only what its layer may', () => {
  const problems: string[] = [];
  for (const file of [...files(src), ...files(join(root, 'widget')), ...files(join(root, 'admin'))]) {
    const folder = folderOf(file);
    const rule = RULES[folder];
    assert.ok(rule, `no import rule for src/${folder}`);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1];
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), spec));
        const top = target.startsWith('src/') ? target.split('/')[1] : target.split('/')[0];
        if (!rule.ours.includes(top)) problems.push(`${relative(root, file)} imports ${target}`);
      } else if (!rule.packages.test(spec)) {
        problems.push(`${relative(root, file)} imports package ${spec}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the checker notices a forbidden import (negative control)', () => {
  const rule = RULES.contracts;
  assert.equal(rule.ours.includes('store'), false);
  assert.equal(rule.packages.test('fastify'), false);
  assert.equal(RULES.widget.ours.includes('server'), false);
  assert.equal(RULES.widget.packages.test('preact'), false);
  assert.equal(folderOf(join(root, 'widget/app/main.ts')), 'widget');
  assert.equal(folderOf(join(root, 'admin/main.ts')), 'admin');
  assert.equal(RULES.admin.ours.includes('core'), false);
});
