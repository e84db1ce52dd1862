// The import's progress on stderr, on a fake clock: into a log (stderr not a terminal) a whole
// line at each change of phase and then one every PROGRESS_EVERY_MS.log, however often the
// import reports, and nothing redrawn; on a terminal the one line redrawn in place, at most every
// PROGRESS_EVERY_MS.terminal, and wiped at the end. The real command's lines on a pipe are
// checked in import-resume.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROGRESS_EVERY_MS, ProgressLine } from '../../src/cli/import.ts';
import type { ImportProgress } from '../../src/core/import/importer.ts';

function recorder(isTTY: boolean) {
  const writes: { at: number; text: string }[] = [];
  let now = 1_000_000;
  const out = {
    isTTY,
    write(text: string) {
      writes.push({ at: now, text });
      return true;
    },
  };
  return {
    writes,
    line: new ProgressLine(out as never, () => now),
    advance(ms: number) {
      now += ms;
    },
    since: (at: number) => at - 1_000_000,
  };
}

const SECOND = 1000;
const ESC = '\u001b';
/** Back to the line's start, and the line cleared. */
const REDRAW = `\r${ESC}[2K`;

test('not a terminal: a line per phase, then one every few seconds whatever the pace of the reports', () => {
  const r = recorder(false);
  const report = (p: ImportProgress) => r.line.update(p);
  // Reading: a report every second for 12 s, 1,000 comments a second.
  for (let s = 0; s < 12; s++) {
    report({ phase: 'reading', done: s * 1000, total: null });
    r.advance(SECOND);
  }
  // Writing 12,000 comments, a report every second, 1,000 at a time.
  for (let s = 0; s <= 12; s++) {
    report({ phase: 'writing', done: s * 1000, total: 12_000 });
    r.advance(SECOND);
  }
  report({ phase: 'indexing', done: 12_000, total: 12_000 });
  r.line.done();

  const log = PROGRESS_EVERY_MS.log;
  assert.ok(log >= 1000 && log % SECOND === 0, 'this test reports once a second');
  const times = r.writes.map((w) => r.since(w.at) / SECOND);
  const reading = Array.from({ length: Math.ceil(12 / (log / SECOND)) }, (_, i) => (i * log) / SECOND);
  const writing = Array.from({ length: Math.floor(12 / (log / SECOND)) + 1 }, (_, i) => 12 + (i * log) / SECOND);
  assert.deepEqual(times, [...reading, ...writing, 25], 'phase changes at once, then at the interval');
  for (const w of r.writes) {
    assert.ok(w.text.endsWith('\n'), 'a whole line');
    assert.ok(
      !/[\r\n]/.test(w.text.slice(0, -1)) && !w.text.includes(ESC),
      `nothing redrawn: ${JSON.stringify(w.text)}`,
    );
  }
  const lines = r.writes.map((w) => w.text.trimEnd());
  assert.equal(lines[1], 'reading: 5000 comments (1000/s)');
  assert.equal(lines[reading.length], 'writing: 0/12000 comments [........................] 0%');
  assert.equal(
    lines.at(-2),
    `writing: ${(writing.at(-1)! - 12) * 1000}/12000 comments ${bar((writing.at(-1)! - 12) / 12)}`,
  );
  assert.equal(lines.at(-1), 'indexing: 12000 comments written, building their indexes');
});

function bar(fraction: number): string {
  const full = Math.round(fraction * 24);
  return `[${'#'.repeat(full)}${'.'.repeat(24 - full)}] ${Math.round(fraction * 100)}%`;
}

test('a terminal: one line redrawn in place at most every fraction of a second, wiped at the end', () => {
  const r = recorder(true);
  for (let i = 0; i <= 20; i++) {
    r.line.update({ phase: 'writing', done: i * 100, total: 2000 });
    r.advance(50);
  }
  r.line.done();
  const draws = r.writes.slice(0, -1);
  const every = PROGRESS_EVERY_MS.terminal;
  assert.equal(draws.length, Math.floor((20 * 50) / every) + 1);
  for (const [i, w] of draws.entries()) {
    assert.equal(r.since(w.at), i * every);
    assert.ok(w.text.startsWith(REDRAW), JSON.stringify(w.text));
    assert.match(w.text.slice(REDRAW.length), /^writing: \d+\/2000 comments \[[#.]{24}\] \d+%$/);
  }
  assert.equal(r.writes.at(-1)!.text, REDRAW, 'the line is wiped when the import ends');
});
