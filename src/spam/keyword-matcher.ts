// Moderator keyword lists compiled into one matcher that cannot backtrack. A pattern is a
// word or phrase with `*` wildcards ("viagr*", "free * money"); matching is case- and
// accent-insensitive on whole-word boundaries at the pattern's ends. Each pattern is a chain
// of literal segments found left to right with indexOf: linear in the text, no regular
// expression engine involved, so no list can stall the server.

export type CompiledPattern = { source: string; segments: string[]; anchoredStart: boolean; anchoredEnd: boolean };
export type KeywordMatcher = {
  patterns: CompiledPattern[];
  firstMatch(texts: (string | null | undefined)[]): string | null;
};

export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const WORD = /[\p{L}\p{N}_]/u;

function isBoundary(text: string, index: number): boolean {
  return index <= 0 || index >= text.length || !WORD.test(text[index]);
}

export function compilePattern(source: string): CompiledPattern | null {
  const p = normalize(source.trim()).replace(/\s+/g, ' ');
  if (!p || p.replace(/\*/g, '') === '') return null;
  return {
    source: source.trim(),
    segments: p.split('*').filter((s) => s.length > 0),
    anchoredStart: !p.startsWith('*'),
    anchoredEnd: !p.endsWith('*'),
  };
}

function matches(p: CompiledPattern, text: string): boolean {
  let from = 0;
  while (from <= text.length) {
    // Find the first segment at a word start (when anchored), then the rest in order.
    const first = text.indexOf(p.segments[0], from);
    if (first < 0) return false;
    from = first + 1;
    if (p.anchoredStart && !isBoundary(text, first - 1)) continue;
    let pos = first + p.segments[0].length;
    let ok = true;
    for (let i = 1; i < p.segments.length; i++) {
      const at = text.indexOf(p.segments[i], pos);
      if (at < 0) return false;
      pos = at + p.segments[i].length;
    }
    if (p.segments.length === 1 && p.anchoredEnd && !isBoundary(text, pos)) ok = false;
    if (p.segments.length > 1 && p.anchoredEnd) {
      // Later occurrences of the last segment may end on a boundary; look for one.
      const last = p.segments[p.segments.length - 1];
      let end = pos;
      while (!isBoundary(text, end)) {
        const next = text.indexOf(last, end - last.length + 1);
        if (next < 0) return false;
        end = next + last.length;
      }
    }
    if (ok) return true;
  }
  return false;
}

export function compileKeywords(list: readonly string[]): KeywordMatcher {
  const patterns = list.map(compilePattern).filter((p): p is CompiledPattern => p !== null);
  return {
    patterns,
    firstMatch(texts) {
      if (patterns.length === 0) return null;
      const hay = texts.filter((t): t is string => !!t).map(normalize);
      for (const p of patterns) for (const h of hay) if (matches(p, h)) return p.source;
      return null;
    },
  };
}
