// `parley mail test ADDRESS` sends one email through the configured relay at once (not through
// the outbox) and prints the relay's answer: the quickest way to check PARLEY_SMTP_URL, the
// From address and DKIM before readers rely on them.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/config.ts';
import { composeTest } from '../core/mail/compose.ts';
import { mailDomain } from '../core/mail/mailer.ts';
import { mailConfigured, smtpMailer } from '../mail/smtp.ts';

const USAGE = 'usage: parley mail test ADDRESS';

function fail(message: string, code = 2): never {
  process.stderr.write(`parley mail: ${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

export async function runMail(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      `${USAGE.replace('usage: ', 'usage: ')}\n  Sends a test email at once and prints the relay's answer.\n`,
    );
    return;
  }
  const [sub, address, ...extra] = argv;
  if (sub !== 'test') fail(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  if (!address?.includes('@') || extra.length) fail('one ADDRESS is needed');
  const config = loadConfig();
  if (!mailConfigured(config)) fail('mail is not configured: set PARLEY_SMTP_URL and PARLEY_MAIL_FROM', 1);
  const mailer = smtpMailer(config);
  try {
    const outcome = await mailer.send({
      to: address,
      ...composeTest('en'),
      messageId: `<test.${randomBytes(9).toString('hex')}@${mailDomain(mailer.from)}>`,
      date: new Date(),
    });
    if (outcome.ok) process.stdout.write(`sent: ${outcome.response}\n`);
    else fail(`${outcome.permanent ? 'refused' : 'not sent (temporary)'}: ${outcome.response}`, 1);
  } finally {
    mailer.close();
  }
}
