// The shared XSS corpora (../shared/data/security) as one list of payloads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export type Payload = { source: string; payload: string };

export function loadPayloads(dir: string): Payload[] {
  const json = (p: string) => JSON.parse(readFileSync(join(dir, p), 'utf8'));
  const out: Payload[] = [];
  for (const f of json('dompurify-fixtures/expect.json') as { payload: string }[])
    out.push({ source: 'dompurify', payload: f.payload });
  const lines = readFileSync(join(dir, 'payloadbox-xss/xss-payload-list.txt'), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const l of lines) out.push({ source: 'payloadbox', payload: l });
  for (const s of json('blns/blns.json') as string[]) out.push({ source: 'blns', payload: s });
  for (const name of ['xss', 'fatal', 'proto']) {
    for (const c of json(`markdown-it-xss/${name}.json`) as { markdown: string }[])
      out.push({ source: `markdown-it/${name}`, payload: c.markdown });
  }
  return out;
}

/**
 * The oracle's ears on a page: every dialog (dismissed at once, so the page goes on) and every
 * console line carrying `marker` (what the init script logs when a trap fires). A planted
 * payload that ran shows up in the returned list.
 */
export function watchTraps(page: Page, marker: string): string[] {
  const fired: string[] = [];
  page.on('dialog', (d) => {
    fired.push(`dialog ${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  page.on('console', (m) => {
    if (m.text().includes(marker)) fired.push(`console ${m.text()}`);
  });
  return fired;
}
