// Writing XML from text people typed: the WXR export and the Atom feeds. XML 1.0 cannot carry
// every character a string can (NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF): one of
// them makes the whole document unreadable to a conforming parser, so they are dropped rather
// than escaped (XML has no escape for them either).

// With the u flag a lone surrogate is one code point outside every allowed range.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const SPECIAL = /[&<>"']/g;
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** The string without the characters XML 1.0 cannot hold. */
export function xmlChars(s: string): string {
  return s.replace(NOT_XML, '');
}

/** Safe as element text and as a quoted attribute value. */
export function xmlText(s: string): string {
  return xmlChars(s).replace(SPECIAL, (c) => ENTITY[c]);
}

/**
 * A CDATA section holding `s`, as WordPress's wxr_cdata() writes it: a `]]>` inside is split
 * across two sections, so it cannot end the first one early.
 */
export function cdata(s: string): string {
  return `<![CDATA[${xmlChars(s).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
