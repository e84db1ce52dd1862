// A thread is keyed by its article's canonical URL or by an explicit id the site chooses.
// URLs are normalized so that the same article is one thread however it is linked:
// scheme and host lower-cased, default port and #fragment dropped, query kept (sites that
// use ?p=123 need it) except tracking parameters.

const EXPLICIT_ID = /^[A-Za-z0-9][A-Za-z0-9._:~-]{0,199}$/;
const TRACKING = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$/i;

export function threadKey(raw: string): string | null {
  const value = raw.trim();
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return null;
    }
    url.hash = '';
    for (const name of [...url.searchParams.keys()]) if (TRACKING.test(name)) url.searchParams.delete(name);
    url.search = url.searchParams.toString() ? `?${url.searchParams.toString()}` : '';
    return url.toString();
  }
  return EXPLICIT_ID.test(value) ? value : null;
}

export function threadUrl(key: string): string | null {
  return /^https?:\/\//.test(key) ? key : null;
}
