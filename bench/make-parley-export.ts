// The import benchmark's comments (bench/make-wxr.ts) as a Parley export (JSON Lines), for
// measuring the pipeline where the WXR reader is not registered. Bodies are Markdown here (a
// Parley export carries the Markdown); the HTML conversion is measured with WXR.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../src/contracts/parley-export.ts';
import { benchPosts } from './make-wxr.ts';

const md = (html: string) =>
  html
    .replace(/<\/?(b|strong)>/g, '**')
    .replace(/<\/?em>/g, '*')
    .replace(/<[^>]+>/g, '');

export async function makeParleyExport(path: string, total: number, perPost = 500): Promise<void> {
  const out = createWriteStream(path);
  const write = async (record: unknown) => {
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  };
  const site = {
    id: 'bench',
    name: 'Bench News',
    origins: ['https://news.example.com'],
    lang: 'en',
    createdAt: new Date(0).toISOString(),
  };
  await write({
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    site,
    exportedAt: new Date().toISOString(),
    notice: 'synthetic',
    records: ['thread', 'comment'],
  });
  let threads = 0;
  let comments = 0;
  for (const post of benchPosts(total, perPost)) {
    threads++;
    const iso = post.date.toISOString();
    await write({
      type: 'thread',
      id: `t${post.id}`,
      key: post.url,
      url: post.url,
      title: post.title,
      createdAt: iso,
      closed: false,
      reopenedAt: null,
      pinned: [],
      commentCount: 0,
    });
    for (const c of post.comments) {
      comments++;
      await write({
        type: 'comment',
        id: `c${c.id}`,
        thread: `t${post.id}`,
        parent: c.parent ? `c${c.parent}` : null,
        status: c.status,
        createdAt: c.date.toISOString(),
        editedAt: null,
        moderatorEditedAt: null,
        moderator: false,
        author: { name: c.name, email: c.email, website: c.website || null },
        body: md(c.html),
        html: '',
        spam: null,
      });
    }
  }
  await write({ type: 'end', counts: { thread: threads, comment: comments } });
  out.end();
  await once(out, 'finish');
}
