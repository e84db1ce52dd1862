// What the widget keeps in the reader's browser, and for how long. The host page's own scripts
// can read anything stored under its origin, so the widget keeps as little as it can:
// - edit and view tokens: sessionStorage (this tab only, gone when it closes), each entry
//   dropped as soon as its edit window (or the view token's 10 minutes) has passed; never
//   localStorage, never a URL, never a cookie;
// - name, email and website: localStorage only when the reader ticks "Save my name…", erased
//   when they post with it unticked.
// Storage can be switched off or full (private windows, sandboxed frames): then nothing is kept.

export type Own = { token: string; until: number; view?: string; viewUntil?: number; thread: string; source: string };
export type Author = { name: string; email: string; website: string };

const OWN = 'parley.own';
const AUTHOR = 'parley.author';

function read<T>(store: () => Storage, key: string): T | null {
  try {
    const raw = store().getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(store: () => Storage, key: string, value: unknown): void {
  try {
    if (value === null) store().removeItem(key);
    else store().setItem(key, JSON.stringify(value));
  } catch {
    // storage refused: the reader simply is not remembered
  }
}

const session = () => sessionStorage;
const local = () => localStorage;

function live(now = Date.now()): Record<string, Own> {
  const all = read<Record<string, Own>>(session, OWN) ?? {};
  const out: Record<string, Own> = {};
  for (const [id, o] of Object.entries(all)) {
    if (o.until > now) out[id] = o;
    else if (o.view && (o.viewUntil ?? 0) > now) out[id] = { ...o, token: '' };
  }
  // Expired entries are erased on the first read after their time, not left lying about.
  if (Object.keys(out).length !== Object.keys(all).length) write(session, OWN, Object.keys(out).length ? out : null);
  return out;
}

export const own = {
  get(id: string): Own | undefined {
    const o = live()[id];
    return o?.token ? o : undefined;
  },
  /** The newest live view token for a thread: shows its author their held comment. */
  viewToken(thread: string): string | null {
    const now = Date.now();
    let best: string | null = null;
    for (const o of Object.values(live(now)))
      if (o.thread === thread && o.view && (o.viewUntil ?? 0) > now) best = o.view;
    return best;
  },
  set(id: string, o: Own): void {
    write(session, OWN, { ...live(), [id]: o });
  },
  forget(id: string): void {
    const all = live();
    delete all[id];
    write(session, OWN, Object.keys(all).length ? all : null);
  },
};

export const author = {
  get: (): Author | null => read<Author>(local, AUTHOR),
  set: (a: Author | null) => write(local, AUTHOR, a),
};
