// count.js: fills every <span data-parley-count="URL"> on an article list with its comment
// count, in one request for up to 200 threads, worded in the page's language.
import words from 'parley:counts';
import type { CountsResponse } from '../../src/contracts/api.ts';

const script = document.currentScript as HTMLScriptElement | null;

function run(): void {
  const base = new URL('.', script!.src).href;
  const els = Array.from(document.querySelectorAll<HTMLElement>('[data-parley-count]'));
  const threads = [...new Set(els.map((el) => el.dataset.parleyCount!).filter(Boolean))];
  for (let i = 0; i < threads.length; i += 200) {
    const q = new URLSearchParams();
    for (const t of threads.slice(i, i + 200)) q.append('thread', t);
    fetch(`${base}api/v1/counts?${q}`, { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : null))
      .then((body: CountsResponse | null) => {
        if (!body) return;
        for (const el of els) {
          const n = body.counts[el.dataset.parleyCount!];
          if (n === undefined) continue;
          const lang = (el.closest('[lang]')?.getAttribute('lang') || 'en').toLowerCase();
          const has = (k: string) => Object.hasOwn(words, k);
          const code = has(lang) ? lang : has(lang.split('-')[0]) ? lang.split('-')[0] : 'en';
          const table = words[code];
          const cat = new Intl.PluralRules(code).select(n) as keyof typeof table;
          el.textContent = `${n} ${table[cat] ?? table.other}`;
        }
      })
      .catch(() => {});
  }
}

if (script) document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', run) : run();
