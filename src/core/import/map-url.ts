// `--map-url FROM=TO`: a site that moved (a new domain, a new path) keeps its old comments.
// FROM and TO are each a host ("old.example.com") or an address prefix ("https://old.example.com/blog/");
// FROM may also be a path prefix ("/"), for sources that know pages by their path only (Isso,
// Comentario 3). A host rule moves every address on that host, http or https, keeping the rest;
// a prefix rule replaces the prefix. The first rule that matches applies. The result is then keyed the way a
// posted comment's page address is (src/core/threads/thread-key.ts).

export type MapUrlRule = { readonly from: string; readonly to: string; readonly byHost: boolean };

const HOST = /^[a-z0-9.-]+(:\d+)?$/i;

/** A rule from its FROM=TO text, or a message saying what is wrong with it. */
export function parseMapUrl(spec: string): MapUrlRule | string {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) return `--map-url "${spec}": FROM=TO is needed`;
  const from = spec.slice(0, eq).trim();
  const to = spec.slice(eq + 1).trim();
  const isPrefix = (s: string) => /^https?:\/\/[^/\s]+/i.test(s);
  if (HOST.test(from) && (HOST.test(to) || isPrefix(to))) return { from: from.toLowerCase(), to, byHost: true };
  if ((isPrefix(from) || from.startsWith('/')) && isPrefix(to)) return { from, to, byHost: false };
  return `--map-url "${spec}": FROM and TO must each be a host (old.example.com) or an http(s) address prefix (FROM may be a path: /)`;
}

/** The address after the first rule that matches it (unchanged when none does). */
export function mapUrl(rules: readonly MapUrlRule[], url: string): string {
  for (const rule of rules) {
    if (rule.byHost) {
      const m = /^(https?:\/\/)([^/?#]+)(.*)$/is.exec(url);
      if (!m || m[2].toLowerCase() !== rule.from) continue;
      return /^https?:\/\//i.test(rule.to) ? rule.to.replace(/\/$/, '') + m[3] : m[1] + rule.to + m[3];
    }
    if (url.startsWith(rule.from)) return rule.to + url.slice(rule.from.length);
    // Prefixes match whatever the case of the scheme and host, as addresses do.
    if (url.toLowerCase().startsWith(rule.from.toLowerCase()) && sameAfterHost(url, rule.from))
      return rule.to + url.slice(rule.from.length);
  }
  return url;
}

/** The path part matches exactly (paths are case-sensitive); only scheme and host may differ in case. */
function sameAfterHost(url: string, prefix: string): boolean {
  const path = (s: string) => s.replace(/^https?:\/\/[^/?#]*/i, '');
  return url.slice(0, prefix.length).length === prefix.length && path(url.slice(0, prefix.length)) === path(prefix);
}
