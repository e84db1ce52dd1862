// The /privacy page tells readers what mail data is kept and for how long when mail is
// configured (unconfirmed requests 48 hours, confirmed subscriptions until unsubscribed or a
// year idle, the sent-mail log 30 days, the relay), and that no email is sent when it is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from '../helpers/app.ts';
import { mailEnv } from '../mail/mail-flow.ts';

/** The page's text, tags dropped, spaces collapsed. */
async function privacyText(env: Record<string, string>): Promise<string> {
  const t = await testApp(env);
  try {
    const res = await t.app.inject({ url: '/privacy' });
    assert.equal(res.statusCode, 200);
    return res.body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  } finally {
    await t.close();
  }
}

test('with mail configured, /privacy states what mail data is kept and for how long', async () => {
  // Nothing listens there: the page is built from the configuration alone.
  const text = await privacyText(mailEnv('smtp://127.0.0.1:9'));
  assert.match(text, /Email notifications/);
  assert.match(text, /An unconfirmed request is deleted after 48 hours\./);
  assert.match(text, /until you unsubscribe .* or for 365 days without activity/);
  assert.match(
    text,
    /A log of the emails sent to you \(subject, time, delivery result\) is kept for 30 days, then deleted\./,
  );
  assert.match(text, /mail relay, which learns your address/);
  assert.doesNotMatch(text, /This server sends no email/);
});

test('without mail configured, /privacy says no email is sent and keeps no mail data', async () => {
  const text = await privacyText({});
  assert.match(text, /Email notifications This server sends no email: your address is never written to\./);
  assert.doesNotMatch(text, /kept for 30 days|unconfirmed request|mail relay/);
});
