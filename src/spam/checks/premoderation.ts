import type { Check } from '../check.ts';

export const premoderation: Check = {
  name: 'premoderation',
  run: (ctx) => (ctx.settings.premoderation === 'all' ? { score: 0, reason: 'every comment is pre-moderated on this site', outcome: 'hold' } : null),
};
