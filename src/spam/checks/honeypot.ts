import type { Check } from '../check.ts';

/** The form's hidden field is invisible to people; only bots fill it in. */
export const honeypot: Check = {
  name: 'honeypot',
  explained: 'whether a hidden form field that people never see was filled in (only automated programs do that)',
  run: (ctx) =>
    ctx.form?.honeypotFilled
      ? { score: 10, reason: 'the hidden honeypot field was filled in', outcome: 'discard' }
      : null,
};
