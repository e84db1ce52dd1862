// `parley admin create --site ID --email ADDRESS --role admin|moderator`: a moderator account
// for the dashboard. The password is asked for (not echoed) on a terminal, or read from the
// first line of stdin (`printf '%s\n' "$PW" | parley admin create …`), never from an argument,
// where it would land in the shell history and the process list. A new account also joins the
// sites its address was invited to in the dashboard (Moderators, Add), with the invited roles.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { systemClock } from '../core/clock.ts';
import { Accounts, normalizeEmail } from '../core/accounts/accounts.ts';
import { AuditLog, cliActor } from '../core/audit/audit-log.ts';
import { passwordProblem } from '../core/accounts/passwords.ts';
import { loadConfig } from '../config/config.ts';
import { openStore } from '../store/open-store.ts';
import { chooseSite } from './choose-site.ts';

const USAGE = 'usage: parley admin create --site ID --email ADDRESS --role admin|moderator [--keep-password]';

function fail(message: string, code = 2): never {
  process.stderr.write(`parley admin: ${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.split(/\r?\n/)[0];
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Echo nothing while the password is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  process.stderr.write('Password: ');
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

export async function runAdmin(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') fail(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  const { values } = parseArgs({
    args: rest,
    options: {
      site: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      'keep-password': { type: 'boolean', default: false },
    },
  });
  if (!values.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()))
    fail('--email must be an email address');
  if (values.role !== 'admin' && values.role !== 'moderator') fail('--role must be admin or moderator');
  const store = await openStore(loadConfig());
  try {
    const site = await chooseSite(store, values.site, 'admin create');
    const address = normalizeEmail(values.email);
    const existing = await store.findUserByEmail(address);
    const exists = !!existing;
    // Its role here before, as the dashboard lists it: a membership, or else an invitation.
    const was =
      (existing && (await store.siteMembers(site.id)).find((m) => m.user_id === existing.id)?.role) ||
      (await store.siteInvitations(site.id)).find((i) => i.email === address)?.role;
    let password: string | null = null;
    if (!exists || !values['keep-password']) {
      password = await readPassword();
      const problem = passwordProblem(password);
      if (problem) fail(`the password ${problem}`, 1);
    }
    const { user, created, invitedTo } = await new Accounts({ store, clock: systemClock }).grant(
      values.email,
      password,
      site.id,
      values.role,
    );
    // The same entry as a member added in the dashboard (src/core/sites/site-admin.ts), by the operator.
    await new AuditLog({ store, clock: systemClock }).record({
      actor: cliActor(),
      siteId: site.id,
      action: 'member.add',
      target: user.email,
      before: was ? { email: user.email, role: was } : undefined,
      after: { email: user.email, role: values.role },
    });
    process.stdout.write(
      `${created ? 'created' : 'updated'} ${user.email}: ${values.role} of ${site.name} (${site.id})\n`,
    );
    const others = invitedTo.filter((m) => m.site_id !== site.id);
    const sites = others.length ? await store.listSites() : [];
    for (const m of others) {
      const invited = sites.find((s) => s.id === m.site_id);
      process.stdout.write(`  and ${m.role} of ${invited?.name ?? m.site_id} (${m.site_id}), as invited\n`);
    }
  } finally {
    await store.close();
  }
}
