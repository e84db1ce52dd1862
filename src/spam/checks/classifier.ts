import type { Check, ClassifierView } from '../check.ts';

const logit = (p: number) => Math.log(p / (1 - p));
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The statistical classifier's opinion, in points on the site's scale. Between the model's own
 * thresholds it gives 1–2 points, a nudge that takes another signal to hold a comment; at its
 * spam threshold 5 (a hold), rising by 1 point per logit unit beyond, at most 8: one logit unit
 * past its threshold (about 0.94 with today's model) it alone reaches the site's spam line.
 * The model is calibrated and trained on news readers' comments as well as on spam, so a
 * comment it is sure of goes to the spam folder, not to the moderators' queue; the band just
 * past its threshold waits for a moderator, because there a short two-link comment or a bare
 * "thanks for the article" is as likely a reader as a spammer (on the never-trained slices this
 * band costs a little recall and removes three in five of Instagram's false positives).
 */
export const classifier: Check = {
  name: 'classifier',
  wording: true,
  explained: 'a statistical model of spam wording, trained on public spam collections and run on this server',
  run(ctx) {
    const c = ctx.classifier;
    if (!c || c.p < c.thresholds.hold) return null;
    const { p } = c;
    const points = classifierPoints(c);
    // Which words weighed most is worked out when a moderator looks (SpamEngine.explainText):
    // doing it for every held comment would cost more than all the checks together.
    return { score: round1(points), reason: `the classifier rates it ${(p * 100).toFixed(1)} % likely spam` };
  },
};

function classifierPoints(c: ClassifierView): number {
  const { p, thresholds: t } = c;
  if (p < t.hold) return 0;
  const m = logit(Math.min(p, 1 - 1e-12));
  const [lh, ls] = [logit(t.hold), logit(t.spam)];
  return m < ls ? 1 + (m - lh) / (ls - lh) : Math.min(8, 5 + (m - ls));
}

/**
 * What this site's moderators taught the classifier, counted again on top of it: a text close
 * to one they marked spam gains up to 4 points, one close to what they marked not spam loses
 * up to 4. The site's own decisions should outweigh a model trained elsewhere.
 */
export const siteLearning: Check = {
  name: 'site-learning',
  wording: true,
  explained: 'how close the comment is to comments this site’s moderators marked as spam or not spam',
  run(ctx) {
    const c = ctx.classifier;
    if (!c || Math.abs(c.layerMargin) < 0.5) return null;
    const points = round1(Math.max(-4, Math.min(4, c.layerMargin)));
    if (points === 0) return null;
    return {
      score: points,
      reason:
        points > 0
          ? "resembles comments this site's moderators marked as spam"
          : "resembles comments this site's moderators marked as not spam",
    };
  },
};
