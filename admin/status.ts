// The status line under the screens' navigation: what just happened, read out by screen readers
// (a polite live region), and errors. A request refused for a lost session signs out instead.
import { ApiError } from './api.ts';

let status: HTMLElement | null = null;
let onSignedOut: () => void = () => undefined;

/** Where announcements go: null while the sign-in page shows. */
export function setStatus(el: HTMLElement | null): void {
  status = el;
}

/** What a request refused for a lost session does (main.ts signs out). */
export function onLostSession(signOut: () => void): void {
  onSignedOut = signOut;
}

export function announce(text: string): void {
  if (!status) return;
  // Cleared first so the same words twice are announced twice.
  status.textContent = '';
  setTimeout(() => {
    if (status) status.textContent = text;
  }, 30);
}

export function failed(e: unknown): void {
  if (e instanceof ApiError && e.code === 'UNAUTHORIZED') {
    onSignedOut();
    return;
  }
  announce(e instanceof ApiError ? e.message : String(e));
}
