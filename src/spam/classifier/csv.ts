// A small RFC 4180 reader: fields separated by a delimiter, optionally quoted with double
// quotes; inside quotes, delimiters and line breaks are literal and "" is one quote.
// CRLF, LF and CR all end records; a byte-order mark at the start is dropped.

export function parseDelimited(input: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = input.length;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) endField();
    else if (ch === '\n') endRow();
    else if (ch === '\r') {
      endRow();
      if (input[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (quoted) throw new Error('unterminated quoted field at end of input');
  if (field !== '' || row.length) endRow();
  return rows;
}

/** Tab if the header line has a tab, else comma. */
export function sniffDelimiter(input: string): ',' | '\t' {
  const firstLine = input.slice(0, input.search(/\r|\n|$/));
  return firstLine.includes('\t') ? '\t' : ',';
}

/** Rows as objects keyed by the header's column names (blank lines skipped). */
export function parseTable(input: string, delimiter?: string): { header: string[]; rows: Record<string, string>[] } {
  const all = parseDelimited(input, delimiter ?? sniffDelimiter(input)).filter((r) => !(r.length === 1 && r[0] === ''));
  const [header = [], ...body] = all;
  const names = header.map((h) => h.trim());
  const rows = body.map((r) => Object.fromEntries(names.map((h, j) => [h, r[j] ?? ''])));
  return { header: names, rows };
}
