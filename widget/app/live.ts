// Live comments over server-sent events. The browser retries a dropped stream by itself, but gives
// up for good when an answer is not a 200 event stream (a deploy's 503, a proxy's 502, a 429 when
// a network holds too many streams). Then the stream is reopened here after a growing, jittered
// pause, so that the readers of a restarted server do not all come back in the same second.

const FIRST_PAUSE_MS = 2_000;
const LONGEST_PAUSE_MS = 60_000;
/** A stream that stayed open this long was healthy: the next failure starts the pauses afresh. */
const HEALTHY_MS = 30_000;

export type LiveStream = { close(): void };

export function liveStream(url: string, listeners: Record<string, (data: string) => void>): LiveStream {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let openedAt = 0;
  let closed = false;

  const open = () => {
    timer = null;
    const s = new EventSource(url);
    source = s;
    for (const [type, listener] of Object.entries(listeners)) {
      s.addEventListener(type, (e) => listener((e as MessageEvent<string>).data));
    }
    s.onopen = () => {
      openedAt = Date.now();
    };
    s.onerror = () => {
      if (closed || s.readyState !== EventSource.CLOSED) return; // CONNECTING: the browser retries
      s.close();
      source = null;
      if (openedAt && Date.now() - openedAt >= HEALTHY_MS) failures = 0;
      openedAt = 0;
      const pause = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** failures++);
      timer = setTimeout(open, pause * (0.5 + Math.random()));
    };
  };

  open();
  return {
    close() {
      closed = true;
      source?.close();
      if (timer) clearTimeout(timer);
    },
  };
}
