// The queue counts, live: the server-sent stream GET /admin/api/sites/:site/events sends
// `counts` on connect and after every change on the site. While the stream is down the counts
// are polled every 30 seconds instead; the browser reconnects a dropped stream by itself (the
// server asks for 3 s), and a stream the server refused is tried again at each poll.
import type { QueueCounts } from '../src/contracts/admin-api.ts';

const FALLBACK_POLL_MS = 30_000;

export type LiveHandlers = {
  counts(counts: QueueCounts): void;
  /** Fetches the counts once (the fallback); its errors are the caller's to report. */
  poll(): Promise<void>;
};

export type Live = { stop(): void };
type Mode = 'connecting' | 'stream' | 'poll';

export function startLive(site: string, on: LiveHandlers): Live {
  let source: EventSource | null = null;
  let poller: ReturnType<typeof setInterval> | null = null;
  let stopped = false;

  // For the curious and for tests: how the counts arrive right now.
  const setMode = (m: Mode) => {
    document.documentElement.dataset.live = m;
  };

  const open = () => {
    source = new EventSource(`/admin/api/sites/${encodeURIComponent(site)}/events`);
    source.addEventListener('counts', (ev) => {
      try {
        on.counts((JSON.parse((ev as MessageEvent<string>).data) as { counts: QueueCounts }).counts);
      } catch {
        // A malformed event is skipped; the next one carries the whole state again.
      }
    });
    source.onopen = () => {
      setMode('stream');
      if (poller) clearInterval(poller);
      poller = null;
    };
    source.onerror = () => {
      if (stopped) return;
      setMode('poll');
      // CLOSED: the server refused the stream (a lost session, a restart); the poll
      // below tries it again. CONNECTING: the browser is already retrying.
      if (source?.readyState === EventSource.CLOSED) {
        source.close();
        source = null;
      }
      poller ??= setInterval(() => {
        if (document.visibilityState !== 'hidden') on.poll().catch(() => undefined);
        if (!source && !stopped) open();
      }, FALLBACK_POLL_MS);
    };
  };

  setMode('connecting');
  open();
  return {
    stop() {
      stopped = true;
      source?.close();
      source = null;
      if (poller) clearInterval(poller);
      poller = null;
      delete document.documentElement.dataset.live;
    },
  };
}
