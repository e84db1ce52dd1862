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
  // The configuration validates the install's values against the rules' own (site settings)
  // and the spam checks' names.
  config: { ours: ['config', 'contracts', 'core', 'spam'], packages: /^node:/ },
  // Core is given the spam policy through a port (SpamPolicy in src/core/ports.ts); it never imports the engine.
  core: { ours: ['contracts', 'core'], packages: /^node:/ },
  spam: { ours: ['contracts', 'core', 'spam'], packages: /^(node:|franc-min$)/ },
  render: { ours: ['render'], packages: /^(node:|markdown-it)/ },
  // Readers of other systems' export files, each yielding core's ImportSource.
  // saxes: a streaming XML parser (WXR and Disqus exports run to gigabytes).
  import: { ours: ['contracts', 'core', 'import'], packages: /^(node:|saxes$)/ },
  mail: { ours: ['config', 'contracts', 'core', 'mail'], packages: /^(node:|nodemailer$)/ },
  store: { ours: ['core', 'contracts', 'store'], packages: /^(node:|kysely|pg|redis)$|^node:|^kysely\// },
  server: {
    ours: ['config', 'contracts', 'core', 'spam', 'render', 'store', 'mail', 'import', 'server'],
    packages: /^(node:|fastify|kysely)/,
  },
  // migrate-data copies tables at the SQL level, through Kysely. The server (and the demo
  // newsroom) are loaded only by `parley serve`, through a dynamic import() this test does not read.
  cli: {
    ours: ['config', 'contracts', 'core', 'spam', 'render', 'store', 'mail', 'import', 'cli'],
    packages: /^(node:|kysely)/,
  },
  // The demo newsroom plugs into the server (buildApp's plugins); the server never imports it.
  demo: { ours: ['contracts', 'core', 'render', 'server', 'demo'], packages: /^(node:|fastify$)/ },
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
    return statSync(p).isDirectory()
      ? files(p)
      : p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('test-support.ts')
        ? [p]
        : [];
  });
}

// src/<folder>/… by folder; the top-level widget/ folder as browser code, except its build script.
function folderOf(file: string): string {
  const rel = relative(root, file);
  if (rel === 'widget/build.ts') return 'widget-build';
  if (rel === 'admin/build.ts') return 'admin-build';
  if (rel.startsWith('admin/')) return 'admin';
  if (rel.startsWith('demo/')) return 'demo';
  return rel.startsWith('widget/') ? 'widget' : relative(src, file).split('/')[0];
}

const allFiles = () => [
  ...files(src),
  ...files(join(root, 'widget')),
  ...files(join(root, 'admin')),
  ...files(join(root, 'demo')),
];

test('each folder imports only what its layer may', () => {
  const problems: string[] = [];
  for (const file of allFiles()) {
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
  assert.equal(RULES.server.ours.includes('demo'), false);
  assert.equal(folderOf(join(root, 'demo/plugin.ts')), 'demo');
});

// ---- no cycles between top-level folders

const topOf = (rel: string) => (rel.startsWith('src/') ? rel.split('/')[1] : rel.split('/')[0]);

/** Folder → folders it imports, from static and dynamic relative imports (a lazy import is still a dependency). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of allFiles()) {
    const rel = relative(root, file);
    const from = topOf(rel);
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms),
      ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
    ].map((m) => m[1]);
    for (const spec of specs.filter((s) => s.startsWith('.'))) {
      const to = topOf(relative(root, resolve(dirname(file), spec)));
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** One cycle as a path (a → b → a), or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    if (state.get(n) === 'done') return null;
    state.set(n, 'open');
    path.push(n);
    for (const next of graph.get(n) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    const cycle = visit(n);
    if (cycle) return cycle;
  }
  return null;
}

test('no import cycle between top-level folders', () => {
  const cycle = findCycle(folderGraph());
  assert.equal(cycle, null, `folders import each other: ${cycle?.join(' → ')}`);
});

test('the cycle check notices a cycle (negative control)', () => {
  const graph = folderGraph();
  assert.ok(graph.get('demo')?.has('server'), 'the demo imports the server');
  // The import this refactoring removed: the server loading the demo newsroom.
  graph.get('server')!.add('demo');
  const cycle = findCycle(graph)!;
  assert.ok(cycle.includes('server') && cycle.includes('demo'), `found: ${cycle.join(' → ')}`);
  assert.deepEqual(
    findCycle(
      new Map([
        ['a', new Set(['b'])],
        ['b', new Set(['c'])],
        ['c', new Set(['a'])],
      ]),
    ),
    ['a', 'b', 'c', 'a'],
  );
  assert.equal(
    findCycle(
      new Map([
        ['a', new Set(['b'])],
        ['b', new Set(['c'])],
      ]),
    ),
    null,
  );
});
