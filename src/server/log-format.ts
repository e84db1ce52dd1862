// Log lines for people and for machines. Pino writes JSON; in a terminal (or with
// PARLEY_LOG_FORMAT=pretty) each line is rewritten as `HH:MM:SS level message key=value…`.
// Our own few lines instead of pino-pretty: one less dependency, and the format is ours to keep
// stable. Redaction happens before this (in pino), so the readable form shows no more than JSON.

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
// Pino's bookkeeping, the same on every line.
const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

export type LogFormat = 'json' | 'pretty';

/** auto: readable for a person at a terminal, JSON lines for a log collector. */
export function chooseLogFormat(setting: 'auto' | 'json' | 'pretty', isTTY: boolean | undefined): LogFormat {
  if (setting === 'auto') return isTTY ? 'pretty' : 'json';
  return setting;
}

function clock(ms: unknown): string {
  const d = typeof ms === 'number' ? new Date(ms) : new Date();
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return v === undefined ? '' : JSON.stringify(v);
}

// Nested objects (req, res, purged…) become dotted keys; an error's stack goes on its own lines.
function pairs(obj: Record<string, unknown>, prefix: string, out: string[], extra: string[]): void {
  for (const [k, v] of Object.entries(obj)) {
    if (!prefix && SKIP.has(k)) continue;
    const key = prefix + k;
    if (k === 'stack' && typeof v === 'string') extra.push(...v.split('\n').map((l) => `    ${l.trim()}`));
    else if (v && typeof v === 'object' && !Array.isArray(v))
      pairs(v as Record<string, unknown>, `${key}.`, out, extra);
    else out.push(`${key}=${scalar(v)}`);
  }
}

/** One pino JSON line → one readable line (plus stack lines); a line that is not JSON passes unchanged. */
export function prettyLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json);
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const out: string[] = [];
  const extra: string[] = [];
  pairs(rec, '', out, extra);
  const level = (LEVELS[rec.level as number] ?? String(rec.level)).padEnd(5);
  const head = [clock(rec.time), level, String(rec.msg ?? '')].join(' ');
  return `${[[head, ...out].join(' '), ...extra].join('\n')}\n`;
}

/** A pino destination that writes the readable form to `out` (stdout). */
export function prettyStream(out: { write(s: string): unknown }): { write(line: string): void } {
  return { write: (line) => void out.write(prettyLine(line.trimEnd())) };
}
