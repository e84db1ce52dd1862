// Webhook requests over HTTP(S). The host is resolved here and every address it has is checked
// (src/core/webhooks/addresses.ts) unless the install allows private ones; the connection then
// goes to an address that was checked, through the request's own `lookup`, so a name that
// changes its answer between the check and the connection (DNS rebinding) cannot send the
// request elsewhere. Redirects are not followed (a 3xx is a failed attempt); the response body
// is not read; the whole attempt, connection to status line, has one timeout.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PostOutcome, WebhookPoster } from '../core/jobs/webhook-sender.ts';
import { isRefusedAddress, literalAddress } from '../core/webhooks/addresses.ts';

export type PosterOptions = { timeoutMs: number; allowPrivate: boolean };

class Refused extends Error {}

/** A lookup that resolves every address of the name, refuses the lot if any is refused, and answers with the checked ones. */
function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(
      hostname,
      { all: true, family: options.family, hints: options.hints },
      (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, '', 0);
        const refused = !allowPrivate && (!addresses.length || addresses.some((a) => isRefusedAddress(a.address)));
        if (refused) return callback(new Refused(`${hostname} resolves to a private or reserved address`), '', 0);
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
    );
  };
}

export function httpPoster(opts: PosterOptions): WebhookPoster {
  const lookup = checkedLookup(opts.allowPrivate);
  return (req) =>
    new Promise<PostOutcome>((resolve) => {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        return resolve({ status: null, error: 'not a valid URL' });
      }
      const literal = literalAddress(url.hostname);
      if (literal && !opts.allowPrivate && isRefusedAddress(literal))
        return resolve({ status: null, error: 'refused: a private or reserved address' });
      const timeout = AbortSignal.timeout(opts.timeoutMs);
      const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
      const client = url.protocol === 'https:' ? https : http;
      const request = client.request(
        url,
        {
          method: 'POST',
          headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
          lookup,
          agent: false,
          signal,
        },
        (res) => {
          // The status is all we keep: the body is not read, and the socket goes.
          resolve({ status: res.statusCode ?? null, error: null });
          res.destroy();
        },
      );
      request.on('error', (err) => {
        if (err instanceof Refused || (err as { cause?: unknown }).cause instanceof Refused)
          resolve({ status: null, error: `refused: ${err.message}` });
        else if (timeout.aborted) resolve({ status: null, error: `timed out after ${opts.timeoutMs / 1000} s` });
        else if (signal.aborted) resolve({ status: null, error: 'interrupted by a shutdown' });
        else resolve({ status: null, error: describe(err) });
      });
      request.end(req.body);
    });
}

/** A network error as the delivery log shows it: its code, never a stack. */
function describe(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${err.message}`.slice(0, 200) : err.message.slice(0, 200);
}
