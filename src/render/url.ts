// Link policy shared by the Markdown renderer and the HTML sanitizer: an allowlist of schemes,
// decided by the WHATWG URL parser (the same parser browsers use), never by pattern matching.

export const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/** The rel value every rendered link carries. */
export const LINK_REL = 'nofollow ugc noopener';

/**
 * Returns the canonical serialization of `raw` when it is an absolute http(s)/mailto URL, else null.
 * Relative URLs (no base is given), unparseable input and every other scheme are refused.
 * Emitting the serialization (not the input) means the browser sees exactly what was checked.
 */
export function allowedHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
}
