// Every public method of the store must be called by the behaviour suite, so that a method
// added to the Store port cannot ship with no backend-independent test. The methods come
// from the composed SqlStore's prototype chain at run time, cross-checked against the Store
// interface's text; a method counts as tested when some contract file calls `.name(`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SqlStore } from '../../src/store/sql-store.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const storePort = fileURLToPath(new URL('../../src/core/store.ts', import.meta.url));

/** Public methods of an object's class and its ancestors (private #methods are not listed). */
function publicMethods(proto: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(p, name)?.value === 'function')
        names.add(name);
    }
  }
  return [...names].sort();
}

/** The method names declared by `export interface Store { … }`. */
function storeInterfaceMethods(text: string): string[] {
  const body = /export interface Store \{([\s\S]*?)\n\}/.exec(text)?.[1] ?? '';
  return [...body.matchAll(/^\s+(\w+)\(/gm)].map((m) => m[1]).sort();
}

/** Methods no source calls as `.name(`; line comments do not count as calls. */
export function untested(methods: string[], sources: string[]): string[] {
  const code = sources.map((s) => s.replace(/\/\/.*$/gm, '')).join('\n');
  return methods.filter((name) => !new RegExp(`\\.${name}\\(`).test(code));
}

const contractSources = () =>
  readdirSync(here)
    .filter((f) => f.endsWith('.contract.test.ts'))
    .map((f) => readFileSync(`${here}/${f}`, 'utf8'));

test('the composed store has exactly the methods of the Store interface', () => {
  const declared = storeInterfaceMethods(readFileSync(storePort, 'utf8'));
  assert.ok(declared.length >= 60, `read ${declared.length} methods from store.ts; has the interface moved?`);
  assert.deepEqual(publicMethods(SqlStore.prototype), declared);
});

test('the behaviour suite calls every public method of the store', () => {
  const methods = publicMethods(SqlStore.prototype);
  assert.deepEqual(
    untested(methods, contractSources()),
    [],
    'store methods with no contract test: add one in test/store-contract/',
  );
});

test('the check notices a method no contract file calls (negative control)', () => {
  const methods = publicMethods(SqlStore.prototype);
  // The suite with every call of one method taken out: that method, and only it, is reported.
  const withoutPing = contractSources().map((s) => s.replaceAll('.ping(', '.pong('));
  assert.deepEqual(untested(methods, withoutPing), ['ping']);
  // A mention in a comment is not a call, nor is a longer name that merely starts the same.
  assert.deepEqual(
    untested(['getThread', 'getSite'], ['// store.getThread(id)', 'store.getThreads([id]); store.getSite(id);']),
    ['getThread'],
  );
  assert.deepEqual(untested(['frobnicate'], contractSources()), ['frobnicate']);
});
