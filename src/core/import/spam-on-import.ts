// The spam policy and an import: --recheck judges each imported comment as a post is judged,
// less what only the moment of posting tells; --train teaches the site's layer from the
// source's own verdicts (approved: not spam; spam: spam), as a moderator's corrections do.
import type { CommentStatus, ImportedCommentRecord, SiteRow, SpamCheckRequest, SpamPolicy, Verdict } from '../ports.ts';
import type { SiteSettings } from '../sites/settings.ts';

/**
 * The checks --recheck leaves out: they judge the moment of posting (how fast, how often, the
 * form's timing and hidden field), which an old comment read from a file does not have.
 */
export const SKIPPED_ON_IMPORT = ['velocity', 'repeat', 'form-timing', 'honeypot'] as const;

export function statusOf(v: Verdict): CommentStatus {
  return v.outcome === 'approve' ? 'approved' : v.outcome === 'hold' ? 'pending' : 'spam';
}

/** The policy's verdict, with no history gathered (an import has no moment of posting to count from). */
export function recheckComment(
  spam: Pick<SpamPolicy, 'judge'>,
  r: {
    site: SiteRow;
    settings: SiteSettings;
    comment: SpamCheckRequest['comment'];
    page: { title: string | null; url: string | null };
    now: number;
  },
): Promise<Verdict> {
  return spam.judge({ ...r, form: null, formAgeMs: null, facts: null, skipChecks: SKIPPED_ON_IMPORT });
}

/** Teaches the site's layer from a written batch's approved and spam comments; returns how many. */
export async function teach(
  spam: Pick<SpamPolicy, 'learn'>,
  siteId: string,
  format: string,
  rows: ImportedCommentRecord[],
  pages: Map<string, { url: string | null; title: string | null }>,
): Promise<number> {
  let n = 0;
  for (const { row } of rows) {
    if (row.status !== 'approved' && row.status !== 'spam') continue;
    const page = pages.get(row.thread_id);
    await spam.learn(
      siteId,
      row.status === 'spam' ? 1 : 0,
      {
        text: row.body,
        extras: { authorUrl: row.author_website, permalink: page?.url ?? null, context: page?.title ?? null },
      },
      { source: `import:${format}`, commentId: row.id, authorEmail: row.author_email || null },
    );
    n++;
  }
  return n;
}
