// A strict little XML 1.0 reader for the tests of what we write as XML (the WXR export, the Atom
// feeds): it refuses what a conforming parser refuses (unbalanced or crossed tags, a bare & or <,
// an unknown entity, an unquoted or repeated attribute, `]]>` in text, `--` in a comment, a
// character XML cannot hold, anything but one root element) and hands back the tree.
// Namespaces are left as prefixes; DTDs are refused (we never write one).

export type XmlElement = { name: string; attrs: Record<string, string>; children: (XmlElement | string)[] };

const NAME = /^[A-Za-z_][\w.:-]*/;
const BAD_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`a bare < in ${where}`);
  return raw.replace(/&([^;]*);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`a bare & in ${where}`);
    if (ref in ENTITIES) return ENTITIES[ref];
    const n = /^#x([0-9a-fA-F]+)$/.exec(ref)?.[1] ?? /^#([0-9]+)$/.exec(ref)?.[1];
    if (n === undefined) throw new Error(`unknown entity ${m} in ${where}`);
    const cp = Number.parseInt(n, ref.startsWith('#x') ? 16 : 10);
    const ch = String.fromCodePoint(cp);
    if (BAD_CHAR.test(ch)) throw new Error(`character reference ${m} to a character XML cannot hold`);
    return ch;
  });
}

export function parseXml(text: string): XmlElement {
  const bad = BAD_CHAR.exec(text);
  if (bad) throw new Error(`U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}: not an XML character`);
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}: ${JSON.stringify(text.slice(i, i + 60))}`);
  };
  const addText = (s: string) => {
    if (!s) return;
    if (!stack.length) {
      if (s.trim()) fail('text outside the root element');
      return;
    }
    stack[stack.length - 1].children.push(s);
  };
  if (text.startsWith('<?xml')) i = text.indexOf('?>') + 2;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const raw = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (raw.includes(']]>')) fail('"]]>" in text');
    addText(decode(raw, 'text'));
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0 || text.slice(i + 4, end).includes('--') || text[end - 1] === '-') fail('a bad comment');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      if (!stack.length) fail('CDATA outside the root element');
      const end = text.indexOf(']]>', i);
      if (end < 0) fail('an unclosed CDATA section');
      stack[stack.length - 1].children.push(text.slice(i + 9, end));
      i = end + 3;
    } else if (text.startsWith('<!', i) || text.startsWith('<?', i)) {
      fail('a declaration or processing instruction');
    } else if (text[i + 1] === '/') {
      const name = NAME.exec(text.slice(i + 2))?.[0] ?? fail('a bad end tag');
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      i = text.indexOf('>', i) + 1;
      if (!/^<\/[\w.:-]+\s*>$/.test(text.slice(lt, i))) fail('a bad end tag');
    } else {
      i = startTag(text, i, stack, fail, (el) => {
        if (root) fail('a second root element');
        root = el;
      });
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

function startTag(
  text: string,
  at: number,
  stack: XmlElement[],
  fail: (why: string) => never,
  setRoot: (el: XmlElement) => void,
): number {
  let i = at + 1;
  const name = NAME.exec(text.slice(i))?.[0] ?? fail('a bad start tag');
  i += name.length;
  const el: XmlElement = { name, attrs: {}, children: [] };
  for (;;) {
    const ws = /^\s*/.exec(text.slice(i))![0].length;
    i += ws;
    if (text.startsWith('/>', i) || text[i] === '>') break;
    if (!ws) fail('attributes must be separated by white space');
    const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(text.slice(i)) ?? fail('a bad attribute');
    if (attr[1] in el.attrs) fail(`attribute ${attr[1]} twice`);
    el.attrs[attr[1]] = decode(attr[3] ?? attr[4], `attribute ${attr[1]}`);
    i += attr[0].length;
  }
  const selfClosing = text[i] === '/';
  i += selfClosing ? 2 : 1;
  if (stack.length) stack[stack.length - 1].children.push(el);
  else setRoot(el);
  if (!selfClosing) stack.push(el);
  return i;
}

/** The element's direct children named `name`. */
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] =>
  el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);

/** The one direct child named `name` (an error when there is none). */
export function child(el: XmlElement, name: string): XmlElement {
  const found = childrenNamed(el, name)[0];
  if (!found) throw new Error(`<${el.name}> has no <${name}>`);
  return found;
}

/** The text of an element and its descendants, CDATA included. */
export const textOf = (el: XmlElement): string =>
  el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
