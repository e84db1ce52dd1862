// The queue counts, live: the server-sent stream GET /admin/api/sites/:site/events sends
// `counts` on connect and after every change on the site. While the stream is down the counts
// are polled every 30 seconds instead. The browser reconnects a dropped stream by itself (the
// server asks for 3 s) but gives up for good when an answer is not a 200 event stream (a
// deploy's 503, a 429 when too many streams are open): then the stream is reopened here after
// a growing, jittered pause (2 s doubling to 30 s, times 0.5 to 1.5), like the widget's
// (widget/app/live.ts), so that the dashboards of a restarted server do not all come back in
// the same second.
import type { QueueCounts } from '../src/contracts/admin-api.ts';

const FALLBACK_POLL_MS = 30_000;
const FIRST_PAUSE_MS = 2_000;
const LONGEST_PAUSE_MS = 30_000;
/** A stream that stayed open this long was healthy: the next failure starts the pauses afresh. */
const HEALTHY_MS = 30_000;

export type LiveHandlers = {
  counts(counts: QueueCounts): void;
  /** Fetches the counts once (the fallback); its errors are the caller's to report. */
  poll(): Promise<void>;
};

export type Live = { stop(): void };
type Mode = 'connecting' | 'stream' | 'poll';

// For the curious and for tests: how the counts arrive right now.
const setMode = (m: Mode) => {
  document.documentElement.dataset.live = m;
};

function countsOf(ev: Event): QueueCounts | null {
  try {
    return (JSON.parse((ev as MessageEvent<string>).data) as { counts: QueueCounts }).counts;
  } catch {
    // A malformed event is skipped; the next one carries the whole state again.
    return null;
  }
}

export function startLive(site: string, on: LiveHandlers): Live {
  let source: EventSource | null = null;
  let poller: ReturnType<typeof setInterval> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let openedAt = 0;
  let stopped = false;

  const startPolling = () => {
    poller ??= setInterval(() => {
      if (document.visibilityState !== 'hidden') on.poll().catch(() => undefined);
    }, FALLBACK_POLL_MS);
  };
  const stopPolling = () => {
    if (poller) clearInterval(poller);
    poller = null;
  };

  /** The stream was refused: reopened after the next pause of the backoff. */
  const reopenLater = () => {
    if (openedAt && Date.now() - openedAt >= HEALTHY_MS) failures = 0;
    openedAt = 0;
    const pause = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** failures++);
    retry = setTimeout(open, pause * (0.5 + Math.random()));
  };

  function open(): void {
    retry = null;
    const s = new EventSource(`/admin/api/sites/${encodeURIComponent(site)}/events`);
    source = s;
    s.addEventListener('counts', (ev) => {
      const counts = countsOf(ev);
      if (counts) on.counts(counts);
    });
    s.onopen = () => {
      openedAt = Date.now();
      setMode('stream');
      stopPolling();
    };
    s.onerror = () => {
      if (stopped) return;
      setMode('poll');
      startPolling();
      // CONNECTING: the browser is already retrying. CLOSED: it gave up (a refusal, a lost
      // session); the stream is reopened here.
      if (s.readyState !== EventSource.CLOSED) return;
      s.close();
      source = null;
      reopenLater();
    };
  }

  setMode('connecting');
  open();
  return {
    stop() {
      stopped = true;
      source?.close();
      source = null;
      if (retry) clearTimeout(retry);
      retry = null;
      stopPolling();
      delete document.documentElement.dataset.live;
    },
  };
}
