// How fast the WXR and Disqus readers go, alone (no database): a synthetic export is written to
// a temporary folder (WordPress's layout: CDATA everywhere, 20 comments a post, replies, a bare
// `&` in some websites, non-ASCII text), then read through wxrSource()/disqusSource() and timed,
// with the process's peak RSS.
//
//   node bench/read-wxr.ts [--comments 1000000] [--format wxr|disqus] [--keep] [--worker]
//   node bench/read-wxr.ts --read FILE [--format wxr|disqus]   (a file written before, read in a
//   process that did not write it: the RSS is then the reader's alone)
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { disqusSource } from '../src/import/formats/disqus.ts';
import { inWorker } from '../src/import/formats/in-worker.ts';
import { wxrSource } from '../src/import/formats/wxr.ts';
import { mulberry32 } from './seed-text.ts';

const PER_THREAD = 20;
const TEXTS = [
  'I read the council report twice and the figures do not add up.\n\nPage 12 says one thing, page 30 another.',
  'Très bien écrit — merci pour « cet article ».',
  'Спасибо за статью, очень интересно! 👍',
  'Who pays for the new railway line? <em>Nobody</em> answers that & nobody will.',
  'The library cuts are a mistake. Our school uses it every week.\nPlease reconsider.',
];

const wpDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

function wxrComment(id: number, parent: number, at: number, rng: () => number): string {
  const text = TEXTS[Math.floor(rng() * TEXTS.length)];
  const url = rng() < 0.1 ? `https://blog.example.net/?p=${id}&ref=c` : '';
  return `\t\t<wp:comment>
\t\t\t<wp:comment_id>${id}</wp:comment_id>
\t\t\t<wp:comment_author><![CDATA[Reader ${id % 5000}]]></wp:comment_author>
\t\t\t<wp:comment_author_email><![CDATA[reader${id % 5000}@example.org]]></wp:comment_author_email>
\t\t\t<wp:comment_author_url>${url}</wp:comment_author_url>
\t\t\t<wp:comment_author_IP><![CDATA[203.0.113.${id % 250}]]></wp:comment_author_IP>
\t\t\t<wp:comment_date><![CDATA[${wpDate(at)}]]></wp:comment_date>
\t\t\t<wp:comment_date_gmt><![CDATA[${wpDate(at)}]]></wp:comment_date_gmt>
\t\t\t<wp:comment_content><![CDATA[${text}]]></wp:comment_content>
\t\t\t<wp:comment_approved><![CDATA[${rng() < 0.9 ? '1' : '0'}]]></wp:comment_approved>
\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>
\t\t\t<wp:comment_parent>${parent}</wp:comment_parent>
\t\t\t<wp:comment_user_id>0</wp:comment_user_id>
\t\t</wp:comment>
`;
}

function wxrItem(post: number, firstComment: number, rng: () => number): string {
  const at = Date.UTC(2024, 0, 1) + post * 3_600_000;
  let s = `\t<item>
\t\t<title><![CDATA[Article ${post}]]></title>
\t\t<link>https://news.example.org/2024/article-${post}/</link>
\t\t<pubDate>${new Date(at).toUTCString()}</pubDate>
\t\t<dc:creator><![CDATA[editor]]></dc:creator>
\t\t<guid isPermaLink="false">https://news.example.org/?p=${post}</guid>
\t\t<description></description>
\t\t<content:encoded><![CDATA[<p>The article's text, which the import passes over.</p>]]></content:encoded>
\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>
\t\t<wp:post_id>${post}</wp:post_id>
\t\t<wp:post_date_gmt><![CDATA[${wpDate(at)}]]></wp:post_date_gmt>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
`;
  for (let i = 0; i < PER_THREAD; i++) {
    const id = firstComment + i;
    const parent = i > 0 && rng() < 0.4 ? firstComment + Math.floor(rng() * i) : 0;
    s += wxrComment(id, parent, at + i * 60_000, rng);
  }
  return `${s}\t</item>\n`;
}

function disqusThreads(threads: number): string {
  let s = '';
  for (let t = 1; t <= threads; t++)
    s += `  <thread dsq:id="${7_000_000 + t}">
    <id>article-${t}</id>
    <forum>news</forum>
    <category dsq:id="1"/>
    <link>https://news.example.org/2024/article-${t}/</link>
    <title><![CDATA[Article ${t}]]></title>
    <message/>
    <createdAt>2024-01-01T00:00:00Z</createdAt>
    <author><name>editor</name><isAnonymous>false</isAnonymous><username>editor</username></author>
    <ipAddress>198.51.100.1</ipAddress>
    <isClosed>false</isClosed>
    <isDeleted>false</isDeleted>
  </thread>
`;
  return s;
}

function disqusPost(id: number, thread: number, parent: number, rng: () => number): string {
  const text = TEXTS[Math.floor(rng() * TEXTS.length)].replace(/\n/g, '<br>');
  return `  <post dsq:id="${id}">
    <id/>
    <message><![CDATA[<p>${text}</p>]]></message>
    <createdAt>2024-01-02T10:${String(id % 60).padStart(2, '0')}:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>${rng() < 0.05}</isSpam>
    <author><name>Reader ${id % 5000}</name><isAnonymous>false</isAnonymous><username>reader${id % 5000}</username></author>
    <ipAddress>203.0.113.${id % 250}</ipAddress>
    <thread dsq:id="${7_000_000 + thread}"/>
${parent ? `    <parent dsq:id="${parent}"/>\n` : ''}  </post>
`;
}

/** A synthetic export of `comments` comments, written in pieces (never the whole in memory). */
export async function writeSynthetic(path: string, format: 'wxr' | 'disqus', comments: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const rng = mulberry32(42);
  const threads = Math.ceil(comments / PER_THREAD);
  if (format === 'wxr') {
    await write(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n' +
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n' +
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n' +
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n' +
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n' +
        '\t<title>Synthetic</title>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n',
    );
    for (let p = 0; p < threads; p++) await write(wxrItem(p + 1, p * PER_THREAD + 1, rng));
    await write('</channel>\n</rss>\n');
  } else {
    await write(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n' +
        '  <category dsq:id="1"><forum>news</forum><title>General</title><isDefault>true</isDefault></category>\n',
    );
    await write(disqusThreads(threads));
    for (let c = 1; c <= comments; c++) {
      const thread = Math.ceil(c / PER_THREAD);
      const first = (thread - 1) * PER_THREAD + 1;
      const parent = c > first && rng() < 0.4 ? first + Math.floor(rng() * (c - first)) : 0;
      await write(disqusPost(c, thread, parent, rng));
    }
    await write('</disqus>\n');
  }
  out.end();
  await once(out, 'finish');
}

/** Reads the file through its reader: the counts of each kind of item, the time, the peak RSS. */
export async function readAll(path: string, format: 'wxr' | 'disqus', worker = false) {
  const source = worker ? inWorker(format, path) : format === 'wxr' ? wxrSource(path) : disqusSource(path);
  const counts: Record<string, number> = { thread: 0, comment: 0, unknown: 0, invalid: 0 };
  let peak = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const thread = process.threadCpuUsage();
  for await (const item of source.items()) {
    counts[item.kind]++;
    if (counts.comment % 10_000 === 0 && item.kind === 'comment') peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  // The machine is shared: CPU seconds say what the reader costs, whatever else is running.
  const cpuSeconds = (used.user + used.system) / 1e6;
  // With --worker, what the importer's own thread spends on taking the items.
  const mine = process.threadCpuUsage(thread);
  const threadSeconds = (mine.user + mine.system) / 1e6;
  return { counts, seconds, cpuSeconds, threadSeconds, peakRss: Math.max(peak, process.memoryUsage().rss) };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      comments: { type: 'string', default: '1000000' },
      format: { type: 'string', default: 'wxr' },
      keep: { type: 'boolean', default: false },
      read: { type: 'string' },
      worker: { type: 'boolean', default: false },
    },
  });
  const format = values.format === 'disqus' ? 'disqus' : 'wxr';
  const comments = Number(values.comments);
  const dir = mkdtempSync(join(tmpdir(), 'parley-read-xml-'));
  const path = values.read ?? join(dir, `synthetic.${format === 'wxr' ? 'wxr' : 'xml'}`);
  try {
    if (!values.read) await writeSynthetic(path, format, comments);
    const mb = statSync(path).size / 1e6;
    const before = process.memoryUsage().rss;
    const { counts, seconds, cpuSeconds, threadSeconds, peakRss } = await readAll(path, format, values.worker);
    console.log(
      `${format}: ${mb.toFixed(0)} MB, ${counts.thread} threads, ${counts.comment} comments, ` +
        `${counts.unknown} unknown, ${counts.invalid} invalid in ${seconds.toFixed(1)} s: ` +
        `${Math.round(counts.comment / seconds)} comments/s, ${(mb / seconds).toFixed(0)} MB/s; ` +
        `${cpuSeconds.toFixed(1)} CPU s: ${Math.round(counts.comment / cpuSeconds)} comments per CPU second ` +
        `(${threadSeconds.toFixed(1)} s of them on the main thread), ` +
        `RSS ${(before / 1e6).toFixed(0)} MB before reading, ${(peakRss / 1e6).toFixed(0)} MB at most while reading`,
    );
  } finally {
    if (values.keep && !values.read) console.log(`kept ${path}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
