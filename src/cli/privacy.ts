// `parley privacy export EMAIL` prints everything stored about a commenter as JSON;
// `parley privacy erase EMAIL [--delete-text]` anonymizes them everywhere (see
// src/core/privacy/commenter-data.ts). Both across every site, or one with --site. An imported
// author who left no address is found by the source's id instead: `--author-key disqus:jane`.
import { parseArgs } from 'node:util';
import { AuditLog, cliActor } from '../core/audit/audit-log.ts';
import { systemClock } from '../core/clock.ts';
import { CommenterData } from '../core/privacy/commenter-data.ts';
import { shippedModel } from '../spam/classifier/model.ts';
import { SpamEngine } from '../spam/engine.ts';
import { loadConfig } from '../config/config.ts';
import { openStore } from '../store/open-store.ts';
import { tellServers } from './tell-servers.ts';

const USAGE =
  'usage: parley privacy export EMAIL|--author-key KEY [--site ID] | parley privacy erase EMAIL|--author-key KEY [--site ID] [--delete-text]';

function fail(message: string, code = 2): never {
  process.stderr.write(`parley privacy: ${message}\n${code === 2 ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

export async function runPrivacy(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'export' && sub !== 'erase') fail(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      'delete-text': { type: 'boolean', default: false },
      'author-key': { type: 'string' },
    },
  });
  const authorKey = values['author-key']?.trim();
  const email = positionals[0]?.trim();
  if (authorKey !== undefined) {
    if (positionals.length) fail('an EMAIL address or --author-key, not both');
    if (!/^[a-z0-9]+:./.test(authorKey)) fail('--author-key is FORMAT:ID, as imported (e.g. disqus:jane)');
  } else if (!email?.includes('@') || positionals.length > 1) fail('one EMAIL address is needed');
  const store = await openStore(loadConfig());
  try {
    if (values.site && !(await store.getSite(values.site))) fail(`no site ${values.site} (see parley site list)`, 1);
    const data = new CommenterData({
      store,
      spam: new SpamEngine({ model: shippedModel(), store, clock: systemClock }),
      clock: systemClock,
    });
    if (authorKey !== undefined) {
      await byAuthorKey(store, data, sub, authorKey, values.site ?? null, values['delete-text']!);
      if (sub === 'erase') await tellServers(store, 'a command-line erasure');
      return;
    }
    if (!email) return;
    if (sub === 'export') {
      process.stdout.write(`${JSON.stringify(await data.export(email, values.site ?? null), null, 2)}\n`);
    } else {
      const r = await data.erase(email, { siteId: values.site ?? null, deleteText: values['delete-text']! });
      // Audited like an erasure from the dashboard: that it happened, never whose address it was.
      // Without --site it touched every site, so each site's log says so.
      const audit = new AuditLog({ store, clock: systemClock });
      const sites = values.site ? [values.site] : (await store.listSites()).map((s) => s.id);
      for (const siteId of sites)
        await audit.record({
          actor: cliActor(),
          siteId,
          action: 'privacy.erase',
          target: null,
          after: { ...r, deleteText: values['delete-text']! },
        });
      process.stdout.write(
        `erased ${email}: ${r.comments} comment(s) anonymized${values['delete-text'] ? `, ${r.textsDeleted} text(s) deleted` : ', texts kept'}, ` +
          `${r.discards} discarded comment(s) and ${r.corrections} spam-correction text(s) removed, ${r.audit} audit record(s) cleared, ${r.notifications} notification record(s) removed\n`,
      );
    }
    if (sub === 'erase') await tellServers(store, 'a command-line erasure');
  } finally {
    await store.close();
  }
}

/** The same two requests for an imported author known by the source's id, audited the same way. */
async function byAuthorKey(
  store: Awaited<ReturnType<typeof openStore>>,
  data: CommenterData,
  sub: 'export' | 'erase',
  authorKey: string,
  siteId: string | null,
  deleteText: boolean,
): Promise<void> {
  if (sub === 'export') {
    process.stdout.write(`${JSON.stringify(await data.exportByAuthorKey(authorKey, siteId), null, 2)}\n`);
    return;
  }
  const r = await data.eraseByAuthorKey(authorKey, { siteId, deleteText });
  const audit = new AuditLog({ store, clock: systemClock });
  const sites = siteId ? [siteId] : (await store.listSites()).map((s) => s.id);
  for (const site of sites)
    await audit.record({
      actor: cliActor(),
      siteId: site,
      action: 'privacy.erase',
      target: null,
      after: { ...r, deleteText },
    });
  process.stdout.write(
    `erased ${authorKey}: ${r.comments} comment(s) anonymized${deleteText ? `, ${r.textsDeleted} text(s) deleted` : ', texts kept'}, ` +
      `${r.corrections} spam-correction text(s) removed, ${r.audit} audit record(s) cleared\n`,
  );
}
