// A synthetic WordPress export (WXR 1.2) for the import benchmark: `node bench/make-wxr.ts
// --comments N --out FILE [--per-post 500]`. Posts of --per-post comments each, a third of them
// replies (to an earlier comment of the post), every status WordPress writes (approved, held,
// spam, trash), non-ASCII names and texts, raw IPs (recent and old) and WordPress's HTML. The
// same sequence for the same N (a fixed seed), streamed: the file is never held in memory.
// makeParleyExport (bench/make-parley-export.ts) writes the same comments as a Parley export.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/** One synthetic comment, as both generators write it. */
export type BenchComment = {
  id: number;
  parent: number;
  name: string;
  email: string;
  website: string;
  ip: string;
  date: Date;
  status: 'approved' | 'pending' | 'spam' | 'deleted';
  html: string;
};
export type BenchPost = { id: number; url: string; title: string; date: Date; comments: BenchComment[] };

const NAMES = ['Anna', 'Jörg Müller', 'Zoë', 'Łukasz', 'Мария', '佐藤', 'Ngọc Anh', 'Chloé', 'Ahmed', 'Siobhán'];
const TEXTS = [
  'I read this twice. The <b>harbour</b> plan still leaves the east quay without a ferry.',
  'Merci pour l’article — <em>très</em> clair.\n\nUne question : qui paie ?',
  'Спасибо, очень интересно. <a href="https://example.org/report">Отчёт здесь</a>.',
  'Agreed with the previous comment.\nThe numbers on page 3 don’t add up though: 12 + 7 ≠ 21.',
  '<blockquote>The council will decide in May.</blockquote>\nThey said that last year too 🙄',
  'Code for the curious: <code>rate = fares / trips</code>',
];
const STATUSES: BenchComment['status'][] = [
  'approved',
  'approved',
  'approved',
  'approved',
  'approved',
  'approved',
  'approved',
  'pending',
  'spam',
  'deleted',
];
const BASE = Date.UTC(2023, 0, 1);

/** A small fixed-seed generator (mulberry32): the same file for the same arguments. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The posts with their comments, one post at a time. */
export function* benchPosts(total: number, perPost: number): Generator<BenchPost> {
  const rnd = random(42);
  let id = 0;
  for (let p = 1; id < total; p++) {
    const date = new Date(BASE + p * 3_600_000);
    const post: BenchPost = {
      id: p,
      url: `https://news.example.com/${date.getUTCFullYear()}/story-${p}/`,
      title: `Story ${p}: «élan» & co`,
      date,
      comments: [],
    };
    const first = id + 1;
    for (let i = 0; i < perPost && id < total; i++) {
      id++;
      const parent = id > first && rnd() < 0.33 ? first + Math.floor(rnd() * (id - first)) : 0;
      const name = NAMES[Math.floor(rnd() * NAMES.length)];
      post.comments.push({
        id,
        parent,
        name: `${name} ${id % 97}`,
        email: `reader${id % 5000}@example.net`,
        website: rnd() < 0.1 ? `https://blog${id % 100}.example.org/` : '',
        ip: rnd() < 0.5 ? `198.51.${id % 256}.${(id >> 8) % 256}` : `2001:db8:${(id % 65536).toString(16)}::1`,
        // Half in the last 30 days of the import (their IPs are kept, hashed), half years before.
        date: new Date(
          rnd() < 0.5 ? Date.now() - Math.floor(rnd() * 20 * 86_400_000) : BASE + p * 3_600_000 + i * 60_000,
        ),
        status: STATUSES[Math.floor(rnd() * STATUSES.length)],
        html: `${TEXTS[Math.floor(rnd() * TEXTS.length)]} (#${id})`,
      });
    }
    yield post;
  }
}

const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
const xml = (s: string) => s.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
const wpDate = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const APPROVED = { approved: '1', pending: '0', spam: 'spam', deleted: 'trash' } as const;

function item(post: BenchPost): string {
  let out =
    `\t<item>\n\t\t<title>${xml(post.title)}</title>\n\t\t<link>${xml(post.url)}</link>\n` +
    `\t\t<guid isPermaLink="false">${xml(post.url)}</guid>\n\t\t<wp:post_id>${post.id}</wp:post_id>\n` +
    `\t\t<wp:post_date_gmt>${cdata(wpDate(post.date))}</wp:post_date_gmt>\n\t\t<wp:post_type>${cdata('post')}</wp:post_type>\n` +
    `\t\t<wp:status>${cdata('publish')}</wp:status>\n\t\t<wp:comment_status>${cdata('open')}</wp:comment_status>\n`;
  for (const c of post.comments)
    out +=
      `\t\t<wp:comment>\n\t\t\t<wp:comment_id>${c.id}</wp:comment_id>\n` +
      `\t\t\t<wp:comment_author>${cdata(c.name)}</wp:comment_author>\n` +
      `\t\t\t<wp:comment_author_email>${cdata(c.email)}</wp:comment_author_email>\n` +
      `\t\t\t<wp:comment_author_url>${xml(c.website)}</wp:comment_author_url>\n` +
      `\t\t\t<wp:comment_author_IP>${cdata(c.ip)}</wp:comment_author_IP>\n` +
      `\t\t\t<wp:comment_date>${cdata(wpDate(c.date))}</wp:comment_date>\n` +
      `\t\t\t<wp:comment_date_gmt>${cdata(wpDate(c.date))}</wp:comment_date_gmt>\n` +
      `\t\t\t<wp:comment_content>${cdata(c.html)}</wp:comment_content>\n` +
      `\t\t\t<wp:comment_approved>${cdata(APPROVED[c.status])}</wp:comment_approved>\n` +
      `\t\t\t<wp:comment_type>${cdata('comment')}</wp:comment_type>\n` +
      `\t\t\t<wp:comment_parent>${c.parent}</wp:comment_parent>\n\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n` +
      `\t\t\t<wp:commentmeta>\n\t\t\t\t<wp:meta_key>${cdata('akismet_result')}</wp:meta_key>\n` +
      `\t\t\t\t<wp:meta_value>${cdata('false')}</wp:meta_value>\n\t\t\t</wp:commentmeta>\n\t\t</wp:comment>\n`;
  return `${out}\t</item>\n`;
}

/** Writes the WXR file; resolves when it is on disk. */
export async function makeWxr(path: string, total: number, perPost = 500): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" ' +
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n' +
      '\t<title>Bench News</title>\n\t<link>https://news.example.com</link>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n' +
      '\t<wp:base_site_url>https://news.example.com</wp:base_site_url>\n',
  );
  for (const post of benchPosts(total, perPost)) await write(item(post));
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      comments: { type: 'string', default: '1000000' },
      out: { type: 'string' },
      'per-post': { type: 'string', default: '500' },
    },
  });
  if (!values.out) throw new Error('usage: node bench/make-wxr.ts --comments N --out FILE [--per-post 500]');
  await makeWxr(values.out, Number(values.comments), Number(values['per-post']));
}
