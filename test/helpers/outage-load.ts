// What the outage tests share: waiting for a condition, and posting comments while a dependency
// fails, each answer sorted into acknowledged, "paused" (503 NOT_READY with Retry-After — the only
// refusal an outage may cause) and anything else (a failure of the test).
import type { ServerProcess } from './server-process.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it gives a value (not undefined, null or false), or fails after `ms`. */
export async function until<T>(
  what: string,
  fn: () => T | undefined | null | Promise<T | undefined | null>,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== null && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export type Tally = { acked: string[]; unavailable: number; unexpected: string[]; networkErrors: string[] };

export const newTally = (): Tally => ({ acked: [], unavailable: 0, unexpected: [], networkErrors: [] });

/** Posts one comment and records how it was answered; returns the status (0: no answer). */
export async function postOnce(
  server: ServerProcess,
  comment: { thread: string; name: string; email: string; body: string },
  tally: Tally,
): Promise<number> {
  try {
    const res = await fetch(`${server.url}/api/v1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(comment),
      signal: AbortSignal.timeout(15_000),
    });
    const json = (await res.json().catch(() => ({}))) as { id?: string; error?: { code: string } };
    if ((res.status === 201 || res.status === 202) && json.id) tally.acked.push(json.id);
    else if (res.status === 503 && json.error?.code === 'NOT_READY' && Number(res.headers.get('retry-after')) > 0)
      tally.unavailable++;
    else tally.unexpected.push(`${res.status} ${JSON.stringify(json).slice(0, 200)}`);
    return res.status;
  } catch (err) {
    tally.networkErrors.push(`${server.port}: ${(err as Error).message}`);
    return 0;
  }
}
