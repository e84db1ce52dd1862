// HTML escaping for text content and (always double-quoted) attribute values.

const ESCAPE_TEST = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes & < > " ' so the result is safe as HTML text and as a quoted attribute value. */
export function escapeHtml(s: string): string {
  if (!ESCAPE_TEST.test(s)) return s;
  return s.replace(ESCAPE_ALL, (c) => REPLACEMENTS[c]);
}
