import type { Check } from '../check.ts';

/**
 * The site's pre-moderation: every comment, or a commenter's first (no earlier approved comment
 * under the same name and email). Comments with links are held by the links check. A commenter
 * with `autoApproveAfter` approved comments is let through; that lifts only this hold, never
 * what another check found.
 */
export const premoderation: Check = {
  name: 'premoderation',
  explained: 'the site’s pre-moderation setting',
  run: (ctx) => {
    const { premoderation: mode, autoApproveAfter } = ctx.settings;
    if (mode === 'none' || mode === 'links') return null;
    const prior = ctx.facts.priorApproved;
    if (autoApproveAfter > 0 && prior >= autoApproveAfter) return null;
    if (mode === 'all') return { score: 0, reason: 'every comment is pre-moderated on this site', outcome: 'hold' };
    return prior === 0
      ? { score: 0, reason: "a new commenter's first comment is pre-moderated on this site", outcome: 'hold' }
      : null;
  },
};
