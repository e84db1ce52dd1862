// Character-reference decoding for the sanitizer's tokenizer.
// Numeric references follow the HTML rules (optional ';', NUL/surrogates/out-of-range -> U+FFFD,
// C1 range remapped as windows-1252). Named references are decoded only with a trailing ';' and only
// for the names below (the common ones plus the punctuation names used to disguise URL schemes);
// any other '&name;' stays literal text. That is a fidelity limit, not a safety one: the sanitizer
// re-escapes all text, and hrefs are re-serialized from the parsed URL that was checked.

const NAMED: ReadonlyMap<string, string> = new Map(Object.entries({
  amp: '&', AMP: '&', lt: '<', LT: '<', gt: '>', GT: '>', quot: '"', QUOT: '"', apos: "'",
  nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', shy: '\u00ad',
  zwj: '\u200d', zwnj: '\u200c', lrm: '\u200e', rlm: '\u200f',
  Tab: '\t', NewLine: '\n', excl: '!', num: '#', dollar: '$', percnt: '%', ast: '*', midast: '*',
  lpar: '(', rpar: ')', plus: '+', comma: ',', period: '.', sol: '/', bsol: '\\', colon: ':',
  semi: ';', equals: '=', quest: '?', commat: '@', lsqb: '[', lbrack: '[', rsqb: ']', rbrack: ']',
  Hat: '^', lowbar: '_', grave: '`', lcub: '{', lbrace: '{', rcub: '}', rbrace: '}',
  verbar: '|', vert: '|', VerticalLine: '|', tilde: '\u02dc',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', hellip: '\u2026', mdash: '\u2014', ndash: '\u2013',
  lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c', rdquo: '\u201d', bdquo: '\u201e',
  laquo: '\u00ab', raquo: '\u00bb', lsaquo: '\u2039', rsaquo: '\u203a', bull: '\u2022',
  middot: '\u00b7', deg: '\u00b0', plusmn: '\u00b1', times: '\u00d7', divide: '\u00f7',
  minus: '\u2212', euro: '\u20ac', pound: '\u00a3', yen: '\u00a5', cent: '\u00a2', curren: '\u00a4',
  sect: '\u00a7', para: '\u00b6', iexcl: '\u00a1', iquest: '\u00bf', micro: '\u00b5',
  frac12: '\u00bd', frac14: '\u00bc', frac34: '\u00be', sup1: '\u00b9', sup2: '\u00b2', sup3: '\u00b3',
  ordf: '\u00aa', ordm: '\u00ba', not: '\u00ac', macr: '\u00af', acute: '\u00b4', cedil: '\u00b8',
  uml: '\u00a8', dagger: '\u2020', Dagger: '\u2021', permil: '\u2030', prime: '\u2032',
  larr: '\u2190', rarr: '\u2192', uarr: '\u2191', darr: '\u2193', harr: '\u2194',
  le: '\u2264', ge: '\u2265', ne: '\u2260', infin: '\u221e', hearts: '\u2665',
  szlig: '\u00df', agrave: '\u00e0', aacute: '\u00e1', acirc: '\u00e2', atilde: '\u00e3',
  auml: '\u00e4', aring: '\u00e5', aelig: '\u00e6', ccedil: '\u00e7', egrave: '\u00e8',
  eacute: '\u00e9', ecirc: '\u00ea', euml: '\u00eb', igrave: '\u00ec', iacute: '\u00ed',
  icirc: '\u00ee', iuml: '\u00ef', ntilde: '\u00f1', ograve: '\u00f2', oacute: '\u00f3',
  ocirc: '\u00f4', otilde: '\u00f5', ouml: '\u00f6', oslash: '\u00f8', ugrave: '\u00f9',
  uacute: '\u00fa', ucirc: '\u00fb', uuml: '\u00fc', yacute: '\u00fd', yuml: '\u00ff',
  Agrave: '\u00c0', Aacute: '\u00c1', Acirc: '\u00c2', Atilde: '\u00c3', Auml: '\u00c4',
  Aring: '\u00c5', AElig: '\u00c6', Ccedil: '\u00c7', Egrave: '\u00c8', Eacute: '\u00c9',
  Ecirc: '\u00ca', Euml: '\u00cb', Igrave: '\u00cc', Iacute: '\u00cd', Icirc: '\u00ce',
  Iuml: '\u00cf', Ntilde: '\u00d1', Ograve: '\u00d2', Oacute: '\u00d3', Ocirc: '\u00d4',
  Otilde: '\u00d5', Ouml: '\u00d6', Oslash: '\u00d8', Ugrave: '\u00d9', Uacute: '\u00da',
  Ucirc: '\u00db', Uuml: '\u00dc', Yacute: '\u00dd', oelig: '\u0153', OElig: '\u0152',
  scaron: '\u0161', Scaron: '\u0160', Yuml: '\u0178',
}));

// windows-1252 meanings of the C1 code points, as the HTML spec remaps numeric references to them.
const C1: ReadonlyMap<number, number> = new Map([
  [0x80, 0x20ac], [0x82, 0x201a], [0x83, 0x0192], [0x84, 0x201e], [0x85, 0x2026], [0x86, 0x2020],
  [0x87, 0x2021], [0x88, 0x02c6], [0x89, 0x2030], [0x8a, 0x0160], [0x8b, 0x2039], [0x8c, 0x0152],
  [0x8e, 0x017d], [0x91, 0x2018], [0x92, 0x2019], [0x93, 0x201c], [0x94, 0x201d], [0x95, 0x2022],
  [0x96, 0x2013], [0x97, 0x2014], [0x98, 0x02dc], [0x99, 0x2122], [0x9a, 0x0161], [0x9b, 0x203a],
  [0x9c, 0x0153], [0x9e, 0x017e], [0x9f, 0x0178],
]);

const REF = /&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]{0,31});)/g;

function fromNumeric(digits: string, radix: number): string {
  const trimmed = digits.replace(/^0+/, '');
  // More than 7 significant digits is out of range in either radix; avoid parsing huge numbers.
  if (trimmed.length > 7) return '\ufffd';
  const code = trimmed === '' ? 0 : parseInt(trimmed, radix);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(C1.get(code) ?? code);
}

/** Decodes character references in text or attribute values (see the header for the rules). */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(REF, (match, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return fromNumeric(hex, 16);
    if (dec !== undefined) return fromNumeric(dec, 10);
    return NAMED.get(name as string) ?? match;
  });
}
