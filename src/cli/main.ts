// The one `parley` command. Thin adapters over the same store and rules the server uses;
// they run in-process against the database (stop nothing: SQLite in WAL mode lets the CLI
// write while a server runs).
import { parseArgs } from 'node:util';
import { configHelp, ConfigError, loadConfig } from '../config/config.ts';
import { openStore, StartupError } from '../store/open-store.ts';
import { fail } from './exit.ts';
import { runSite } from './site.ts';

const HELP = `parley — self-hosted comments for news sites

Usage:
  parley serve [--demo]        Start the server (--demo also serves the demo newsroom)
  parley migrate               Create or upgrade the database schema, then exit
  parley site add --name NAME --origin https://news.example.com [--origin …] [--lang en|fr|ru] [--default]
  parley site list             List sites with their ids, origins and language
  parley site update [--site ID] [--name NAME] [--origin URL …] [--lang en|fr|ru]   Change a site (audited as cli:<user>)
  parley site settings [--site ID] [KEY=VALUE …]   Show a site's settings, or change them (lists comma-separated; KEY=default removes an override)
                               e.g. holdScore=4 blockKeywords=casino,pill* languages=en,fr disabledChecks=language
  parley backup FILE [--force]  A consistent copy of the SQLite database, safe while the server runs and writes
  parley export --site ID [--format parley|wxr] [--out FILE] [--force]
                               Everything a site has (threads, comments with emails, settings, bans, audit log)
                               as Parley JSON Lines or WordPress WXR; to stdout without --out. Audited
  parley import FILE --format wxr|disqus|remark42|isso|commento|comentario|parley [--site ID] [--dry-run] [--map-url FROM=TO]… [--train] [--recheck]
                               Another system's comments into a site (docs/migrate.md); idempotent, resumable; --dry-run writes nothing
  parley migrate-data --from ./data/parley.db --to postgres://…   Copy a SQLite install into PostgreSQL (idempotent; verifies counts and checksums)
  parley spam train [--seed N] [--out FILE]   Retrain the spam classifier from training/spam/ (deterministic)
  parley spam eval FILE… [--text-column C] [--label-column C] [--spam-value V] [--label spam|ham] [--json] [--train-on FILE…]
                               Measure the spam policy or classifier on labelled CSV/TSV/.txt files (FILE?text-column=C&label=spam…)
  parley spam eval FILE… --prequential   Replay a file as a site's stream, a moderator teaching each verdict, vs never taught
  parley spam eval --corpora [--only NAME,…]   Leave each shipped corpus out of training in turn; one table
  parley spam mark ID spam|ham  A moderator's verdict: moves the comment and teaches the site's spam filter
  parley spam explain ID [--json]   The spam score and reasons a comment got
  parley spam discards [--site ID] [--limit N] [--json]   The newest discarded comments, with their reasons
  parley moderation-keys create [--site ID] [--label TEXT] | list | revoke KEY|PREFIX   Keys for the moderation API
  parley admin-keys create [--site ID] [--label TEXT] | list | revoke KEY|PREFIX        Keys for a site's admin API (WordPress plugin's move)
  parley akismet-keys create [--site ID] [--label TEXT] | list | revoke KEY|PREFIX   Keys for the Akismet-compatible API (create prints only the key)
  parley privacy export EMAIL|--author-key KEY [--site ID]   Everything stored about a commenter (or an imported author by the source's id, e.g. disqus:jane), as JSON
  parley privacy erase EMAIL|--author-key KEY [--site ID] [--delete-text]   Anonymize a commenter everywhere (keeps the texts unless --delete-text)
  parley mail test ADDRESS      Sends a test email through PARLEY_SMTP_URL at once and prints the relay's answer
  parley admin create --site ID --email ADDRESS --role admin|moderator   A dashboard account (password from the terminal or stdin); it also joins the sites its address was invited to
  parley --help                This help

Configuration (environment variables; per-site settings stored in the database override them):
${configHelp()}
`;

export async function runCli(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  // `parley COMMAND --help` anywhere: that command's lines of the help, never a parse error.
  if (command && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(commandHelp(command));
    return;
  }
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(HELP);
        return;
      case 'serve': {
        const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean', default: false } } });
        // The only way into the server's code: other commands load none of it.
        const { serve } = await import('../server/main.ts');
        const plugins = values.demo ? [(await import('../../demo/plugin.ts')).demoPlugin({ seed: true })] : [];
        await serve({ demo: !!values.demo, plugins });
        return;
      }
      case 'migrate': {
        const config = loadConfig();
        const store = (await openStore(config)) as Awaited<ReturnType<typeof openStore>> & { applied?: string[] };
        process.stdout.write(
          store.applied?.length ? `applied: ${store.applied.join(', ')}\n` : 'database is up to date\n',
        );
        await store.close();
        return;
      }
      case 'backup': {
        const { runBackup } = await import('./backup.ts');
        runBackup(rest, loadConfig());
        return;
      }
      case 'export': {
        const { runExport } = await import('./export.ts');
        await runExport(rest, loadConfig());
        return;
      }
      case 'import':
        return (await import('./import.ts')).runImportCommand(rest, loadConfig());
      case 'migrate-data':
        return (await import('./migrate-data.ts')).runMigrateData(rest);
      case 'site':
        await runSite(rest, loadConfig());
        return;
      case 'spam': {
        const { runSpam } = await import('./spam.ts');
        await runSpam(rest);
        return;
      }
      case 'akismet-keys': {
        const { runAkismetKeys } = await import('./akismet-keys.ts');
        await runAkismetKeys(rest);
        return;
      }
      case 'privacy': {
        const { runPrivacy } = await import('./privacy.ts');
        await runPrivacy(rest);
        return;
      }
      case 'admin': {
        const { runAdmin } = await import('./admin.ts');
        await runAdmin(rest);
        return;
      }
      case 'mail': {
        const { runMail } = await import('./mail.ts');
        await runMail(rest);
        return;
      }
      case 'admin-keys': {
        const { runAdminKeys } = await import('./machine-keys.ts');
        await runAdminKeys(rest);
        return;
      }
      case 'moderation-keys': {
        const { runModerationKeys } = await import('./machine-keys.ts');
        await runModerationKeys(rest);
        return;
      }
      default:
        fail(`unknown command "${command}"; see parley --help`);
    }
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration: ${err.message}`);
    if (err instanceof StartupError) fail(err.message, 1);
    // An unknown or malformed option, in any command: one line and the command's usage, no stack.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
      fail(`${(err as Error).message}\n${commandHelp(command ?? '')}`.trimEnd());
    throw err;
  }
}

/** The help's lines about one command (the whole help for an unknown one). */
function commandHelp(command: string): string {
  const lines = HELP.split('\n');
  const mine = lines.filter(
    (l, i) =>
      l.startsWith(`  parley ${command} `) ||
      l.startsWith(`  parley ${command}\t`) ||
      (i > 0 && /^ {20,}\S/.test(l) && lines[i - 1].startsWith(`  parley ${command} `)),
  );
  return mine.length ? `usage:\n${mine.join('\n')}\n` : HELP;
}
