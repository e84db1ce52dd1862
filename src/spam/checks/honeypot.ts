import type { Check } from '../check.ts';

/** The form's hidden field is invisible to people; only bots fill it in. */
export const honeypot: Check = {
  name: 'honeypot',
  run: (ctx) =>
    ctx.form?.honeypotFilled
      ? { score: 10, reason: 'the hidden honeypot field was filled in', outcome: 'discard' }
      : null,
};
