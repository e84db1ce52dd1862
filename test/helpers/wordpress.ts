// A WordPress of the test's own: Debian's `wordpress` package served by PHP's built-in server,
// on a MariaDB started from a temporary folder (its own socket and port, never the shared one
// on 3306), with the Parley plugin of this checkout activated. Debian's wp-config.php picks
// /etc/wordpress/config-HOST.php by the request's Host, so each instance gets a loopback
// address of its own (127.0.x.y) and writes that file, removed again by stop().
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './server-process.ts';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const PLUGIN_DIR = join(repoRoot, 'integrations/wordpress/parley');
const TEST_SITE = join(repoRoot, 'integrations/wordpress/test-site');
const WP_ROOT = '/usr/share/wordpress';
const CONFIG_DIR = '/etc/wordpress';

export type WordPress = {
  /** http://127.0.x.y:PORT, the site's home. */
  url: string;
  /** The instance's folder: database, wp-content, logs. */
  dir: string;
  /** Runs PHP inside the loaded WordPress (as the administrator) and returns what it printed. */
  php(code: string): Promise<string>;
  /** The same, for code that prints one JSON value. */
  json<T>(code: string): Promise<T>;
  /** Lines of WordPress's debug log (PHP warnings and notices) that name the Parley plugin. */
  pluginErrors(): Promise<string[]>;
  /** What the plugin asked of other servers, in order (logged by a must-use plugin). */
  outgoing(): Promise<string[]>;
  stop(): Promise<void>;
};

export type WordPressOptions = {
  /** The site's public address when it differs from where it is served (the fixture's export). */
  home?: string;
  /** Serve it over HTTP (false: only php() is used). */
  serve?: boolean;
};

export const ADMIN = { user: 'editor-in-chief', password: 'correct horse battery staple' };

const PROGRAMS = ['php', 'mariadbd', 'mariadb-install-db', 'mariadb', 'mariadb-admin'];

/** What is missing for a private WordPress here, or [] when it can run. */
export async function missingForWordPress(): Promise<string[]> {
  const missing: string[] = [];
  for (const p of PROGRAMS) {
    try {
      await run('sh', ['-c', `command -v ${p}`]);
    } catch {
      missing.push(p);
    }
  }
  if (!existsSync(join(WP_ROOT, 'wp-load.php'))) missing.push('wordpress');
  else {
    try {
      accessSync(CONFIG_DIR, constants.W_OK);
    } catch {
      missing.push(`write access to ${CONFIG_DIR}`);
    }
  }
  if (!existsSync(join(WP_ROOT, 'wp-content/themes/twentytwentyone'))) missing.push('wordpress-theme-twentytwentyone');
  if (!missing.includes('php')) {
    const { stdout } = await run('php', ['-r', 'echo extension_loaded("mysqli") ? "y" : "n";']);
    if (stdout !== 'y') missing.push('php-mysql');
  }
  return missing;
}

/**
 * A running WordPress, or null (with a notice) when Debian's packages are missing outside CI;
 * under CI=true that throws, as .ci/run installs them.
 */
export async function startWordPress(opts: WordPressOptions = {}): Promise<WordPress | null> {
  const missing = await missingForWordPress();
  if (missing.length) {
    const how =
      'apt-get install -y wordpress wordpress-theme-twentytwentyone php php-fpm php-cli php-mysql mariadb-server';
    if (process.env.CI === 'true')
      throw new Error(`WordPress tests need ${missing.join(', ')} (${how}); CI=true does not skip`);
    console.log(`# notice: ${missing.join(', ')} missing: WordPress tests skipped (${how})`);
    return null;
  }
  const dir = await mkdtemp(join(tmpdir(), 'parley-wp-'));
  const procs: ChildProcess[] = [];
  const logs: string[] = [];
  let configFile: string | null = null;
  // The servers run in process groups of their own (PHP's workers are children of its server):
  // a test process that dies without stop() must not leave them, or the config file, behind.
  const onExit = () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) signalGroup(p, 'SIGKILL');
    if (configFile) rmSync(configFile, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    for (const p of procs.reverse()) await ended(p);
    if (configFile) await rm(configFile, { force: true });
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const db = await startMariaDb(dir, procs, logs);
    // A loopback address of its own: its config file is the only one named after it.
    let host = '';
    for (let i = 0; i < 50 && !host; i++) {
      const candidate = `127.0.${1 + Math.floor(Math.random() * 254)}.${2 + Math.floor(Math.random() * 253)}`;
      if (!existsSync(join(CONFIG_DIR, `config-${candidate}.php`))) host = candidate;
    }
    const port = await freePort();
    const url = `http://${host}:${port}`;
    const home = opts.home ?? url;
    await layContent(dir);
    configFile = join(CONFIG_DIR, `config-${host}.php`);
    await writeFile(configFile, configPhp(dir, db.socket, url, home));
    const php = phpRunner(dir, host, port);
    await install(php, home);
    if (opts.serve !== false) {
      const server = spawn(
        'php',
        ['-d', 'memory_limit=256M', '-S', `${host}:${port}`, '-t', WP_ROOT, join(TEST_SITE, 'router.php')],
        {
          // Readers, the widget's page loads and the plugin's admin pages arrive together.
          env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4', PARLEY_WP_CONTENT: join(dir, 'wp-content') },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        },
      );
      procs.push(server);
      collect(server, logs);
      await waitFor(async () => {
        const res = await fetch(`${url}/wp-login.php`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        return res.status === 200;
      }, `PHP's server on ${url}`);
    }
    return {
      url,
      dir,
      php,
      json: async <T>(code: string) => JSON.parse(await php(code)) as T,
      pluginErrors: async () => {
        const log = await readFile(join(dir, 'debug.log'), 'utf8').catch(() => '');
        return log.split('\n').filter((l) => /plugins\/parley\//.test(l));
      },
      outgoing: async () => {
        const log = await readFile(join(dir, 'outgoing.log'), 'utf8').catch(() => '');
        return log.split('\n').filter(Boolean);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw new Error(`WordPress did not start: ${(err as Error).message}\n${logs.join('').slice(-3000)}`);
  }
}

function collect(p: ChildProcess, logs: string[]): void {
  p.stdout?.setEncoding('utf8').on('data', (s: string) => logs.push(s));
  p.stderr?.setEncoding('utf8').on('data', (s: string) => logs.push(s));
}

function signalGroup(p: ChildProcess, s: NodeJS.Signals): void {
  try {
    process.kill(-p.pid!, s);
  } catch {
    // already gone
  }
}

/** Ends a process started in its own group, with its children (the PHP server's workers). */
async function ended(p: ChildProcess): Promise<void> {
  const signal = (s: NodeJS.Signals) => signalGroup(p, s);
  const gone = p.exitCode !== null || p.signalCode !== null ? null : new Promise((r) => p.once('exit', r));
  signal('SIGTERM');
  if (gone) {
    const grace = setTimeout(() => signal('SIGKILL'), 10_000);
    await gone;
    clearTimeout(grace);
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** mariadb-install-db into the folder, then mariadbd on its own socket and port; no my.cnf is read. */
async function startMariaDb(dir: string, procs: ChildProcess[], logs: string[]): Promise<{ socket: string }> {
  const data = join(dir, 'db');
  const socket = join(dir, 'mysqld.sock');
  await mkdir(join(dir, 'tmp'));
  await run('mariadb-install-db', [
    '--no-defaults',
    '--user=root',
    `--datadir=${data}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  const port = await freePort();
  const db = spawn(
    'mariadbd',
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--tmpdir=${join(dir, 'tmp')}`,
      '--skip-log-bin',
      '--skip-name-resolve',
      // A throwaway database: small, and no fsync per commit.
      '--innodb-buffer-pool-size=32M',
      '--innodb-log-file-size=16M',
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-doublewrite=0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  procs.push(db);
  collect(db, logs);
  const client = ['--no-defaults', `--socket=${socket}`, '--user=root'];
  await waitFor(async () => {
    if (db.exitCode !== null) throw new Error(`mariadbd exited with ${db.exitCode}`);
    await run('mariadb-admin', [...client, 'ping']);
    return true;
  }, 'MariaDB');
  await run('mariadb', [...client, '-e', 'CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci']);
  return { socket };
}

/** wp-content of its own: Debian's themes, this checkout's plugin, and the tests' must-use plugin. */
async function layContent(dir: string): Promise<void> {
  const content = join(dir, 'wp-content');
  for (const sub of ['themes', 'plugins', 'mu-plugins', 'uploads'])
    await mkdir(join(content, sub), { recursive: true });
  for (const theme of ['twentytwentyone', 'twentytwentythree']) {
    const src = join(WP_ROOT, 'wp-content/themes', theme);
    if (existsSync(src)) await symlink(src, join(content, 'themes', theme));
  }
  await symlink(PLUGIN_DIR, join(content, 'plugins', 'parley'));
  await symlink(join(TEST_SITE, 'test-site.php'), join(content, 'mu-plugins', 'test-site.php'));
}

export function phpString(s: string): string {
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function configPhp(dir: string, socket: string, url: string, home: string): string {
  const salts = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT']
    .concat(['LOGGED_IN_SALT', 'NONCE_SALT'])
    .map((k) => `define('${k}', ${phpString(`${k}-${Math.random()}-${Date.now()}`)});`)
    .join('\n');
  return `<?php
// Written by Parley's test helper (test/helpers/wordpress.ts) for one test run; removed when it ends.
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', ${phpString(`localhost:${socket}`)});
define('WP_HOME', ${phpString(home)});
define('WP_SITEURL', ${phpString(home)});
define('WP_CONTENT_DIR', ${phpString(join(dir, 'wp-content'))});
define('WP_CONTENT_URL', ${phpString(`${url}/wp-content`)});
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
// No network here but the loopback: WordPress's own calls home fail at once instead of timing out.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_ACCESSIBLE_HOSTS', '127.0.0.1,localhost');
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', ${phpString(join(dir, 'debug.log'))});
${salts}
`;
}

/** php-cli with WordPress loaded: Debian's config is chosen by HTTP_HOST here too. */
type PhpRunner = (code: string, opts?: { installing?: boolean }) => Promise<string>;

function phpRunner(dir: string, host: string, port: number): PhpRunner {
  let n = 0;
  return async (code, opts = {}) => {
    const file = join(dir, `cli-${++n}.php`);
    await writeFile(
      file,
      `<?php
$_SERVER['HTTP_HOST'] = '${host}:${port}';
$_SERVER['SERVER_NAME'] = '${host}';
$_SERVER['SERVER_PORT'] = '${port}';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
if ( getenv( 'PARLEY_WP_INSTALLING' ) ) {
	define( 'WP_INSTALLING', true );
	// wp_install() mails the new administrator; there is no mail here.
	function wp_new_blog_notification() {}
}
require '${WP_ROOT}/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
if ( ! getenv( 'PARLEY_WP_INSTALLING' ) ) {
	wp_set_current_user( 1 );
}
${code}
`,
    );
    try {
      const { stdout } = await run('php', ['-d', 'display_errors=stderr', file], {
        env: { ...process.env, PARLEY_WP_INSTALLING: opts.installing ? '1' : '' },
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`php failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    } finally {
      await rm(file, { force: true });
    }
  };
}

async function install(php: PhpRunner, home: string): Promise<void> {
  await php(
    `
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$r = wp_install( 'The Harbour Gazette', ${phpString(ADMIN.user)}, 'editor@example.org', true, '', ${phpString(ADMIN.password)} );
if ( is_wp_error( $r ) ) { fwrite( STDERR, $r->get_error_message() ); exit( 1 ); }
`,
    { installing: true },
  );
  await php(`
update_option( 'blogdescription', 'News from the waterfront' );
update_option( 'home', ${phpString(home)} );
update_option( 'siteurl', ${phpString(home)} );
switch_theme( 'twentytwentyone' );
global $wp_rewrite;
$wp_rewrite->set_permalink_structure( '/%year%/%monthnum%/%postname%/' );
flush_rewrite_rules( false );
// The sample post and page of a new install would only be noise.
wp_delete_post( 1, true );
wp_delete_post( 2, true );
$r = activate_plugin( 'parley/parley.php' );
if ( is_wp_error( $r ) ) { fwrite( STDERR, $r->get_error_message() ); exit( 1 ); }
`);
}

/** A published post, returned with its permalink. */
export async function addPost(
  wp: WordPress,
  p: { title: string; content: string; date?: string; type?: 'post' | 'page' },
): Promise<{ id: number; url: string }> {
  return wp.json(`
$id = wp_insert_post( array(
	'post_type'    => ${phpString(p.type ?? 'post')},
	'post_title'   => ${phpString(p.title)},
	'post_content' => ${phpString(p.content)},
	'post_status'  => 'publish',
	'post_author'  => 1,
	${p.date ? `'post_date' => ${phpString(p.date)},` : ''}
), true );
if ( is_wp_error( $id ) ) { fwrite( STDERR, $id->get_error_message() ); exit( 1 ); }
echo wp_json_encode( array( 'id' => $id, 'url' => get_permalink( $id ) ) );
`);
}

export type WpComment = {
  key: string;
  parent?: string;
  author: string;
  email: string;
  url?: string;
  content: string;
  /** 1, 0, 'spam' or 'trash'. */
  approved: '1' | '0' | 'spam' | 'trash';
  date: string;
  type?: 'comment' | 'pingback';
  ip?: string;
  /** A registered commenter's login. */
  user?: string;
  meta?: Record<string, string>;
};

/** WordPress comments on a post through wp_insert_comment (a tree: `parent` names an earlier key); returns their ids. */
export async function addComments(
  wp: WordPress,
  postId: number,
  comments: WpComment[],
): Promise<Record<string, number>> {
  const rows = JSON.stringify(comments);
  return wp.json(`
$ids = array();
foreach ( json_decode( ${phpString(rows)}, true ) as $c ) {
	$id = wp_insert_comment( array(
		'comment_post_ID'      => ${postId},
		'comment_parent'       => isset( $c['parent'] ) ? $ids[ $c['parent'] ] : 0,
		'comment_author'       => $c['author'],
		'comment_author_email' => $c['email'],
		'comment_author_url'   => isset( $c['url'] ) ? $c['url'] : '',
		'comment_author_IP'    => isset( $c['ip'] ) ? $c['ip'] : '203.0.113.7',
		'comment_agent'        => 'Mozilla/5.0 (X11; Linux x86_64)',
		'comment_content'      => $c['content'],
		'comment_approved'     => $c['approved'],
		'comment_type'         => isset( $c['type'] ) ? $c['type'] : 'comment',
		'comment_date'         => $c['date'],
		'comment_date_gmt'     => get_gmt_from_date( $c['date'] ),
		'user_id'              => isset( $c['user'] ) ? get_user_by( 'login', $c['user'] )->ID : 0,
		'comment_meta'         => isset( $c['meta'] ) ? $c['meta'] : array(),
	) );
	if ( ! $id ) { fwrite( STDERR, 'wp_insert_comment failed for ' . $c['key'] ); exit( 1 ); }
	$ids[ $c['key'] ] = $id;
}
echo wp_json_encode( $ids );
`);
}
