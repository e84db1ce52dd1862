// The newsroom the WordPress tests and the importer's fixture share: what a WordPress that has been
// running for a while holds in its comments table.
import { ADMIN, addComments, addPost, phpString, type WordPress } from './wordpress.ts';

/** A user of the given role; its password is ADMIN.password too. */
export async function addUser(wp: WordPress, login: string, role: string): Promise<number> {
  return wp.json(`
$id = wp_insert_user( array( 'user_login' => ${phpString(login)}, 'user_pass' => ${phpString(ADMIN.password)}, 'user_email' => ${phpString(`${login}@example.org`)}, 'role' => ${phpString(role)}, 'display_name' => ${phpString(login)} ) );
if ( is_wp_error( $id ) ) { fwrite( STDERR, $id->get_error_message() ); exit( 1 ); }
echo $id;
`);
}

export type Newsroom = {
  posts: Record<'bridge' | 'budget' | 'tides' | 'about', { id: number; url: string }>;
  comments: Record<string, number>;
};

/**
 * A small newsroom as WordPress keeps it: posts and a page, threads three replies deep, every
 * status a comment can have (approved, pending, spam, trash), a pingback, a registered
 * commenter, comment metadata, HTML, entities and characters that need care in XML.
 */
export async function seedNewsroom(wp: WordPress): Promise<Newsroom> {
  await addUser(wp, 'tom.reyes', 'author');
  const bridge = await addPost(wp, {
    title: 'Harbour bridge reopens',
    content: 'Traffic is back.',
    date: '2026-03-02 08:00:00',
  });
  const budget = await addPost(wp, {
    title: 'Council votes on the budget',
    content: 'On Tuesday.',
    date: '2026-03-05 17:30:00',
  });
  const tides = await addPost(wp, {
    title: 'Tide tables for May',
    content: 'High water at 06:12.',
    date: '2026-04-28 06:00:00',
  });
  const about = await addPost(wp, {
    title: 'About us',
    content: 'A small newsroom.',
    type: 'page',
    date: '2026-01-01 09:00:00',
  });
  const who = (author: string) => ({
    author,
    email: `${author
      .split(' ')[0]
      .normalize('NFD')
      .replace(/[^a-z]/gi, '')
      .toLowerCase()}@example.org`,
  });
  const onBridge = await addComments(wp, bridge.id, [
    {
      key: 'marta',
      ...who('Marta Kovač'),
      content: 'Finally! The detour added twenty minutes to my commute.',
      approved: '1',
      date: '2026-03-02 09:12:00',
      meta: { akismet_result: 'false' },
    },
    {
      key: 'tom',
      parent: 'marta',
      author: 'Tom Reyes',
      email: 'tom.reyes@example.org',
      user: 'tom.reyes',
      content: 'Same here, <em>twenty</em> minutes & more on Fridays.',
      approved: '1',
      date: '2026-03-02 09:40:00',
    },
    {
      key: 'ana',
      parent: 'tom',
      ...who('Ana Ruiz'),
      content: 'Was the cycle lane kept? Nobody says.',
      approved: '0',
      date: '2026-03-02 10:05:00',
    },
    {
      key: 'zoe',
      ...who('Zoë Ørsted'),
      url: 'https://zoe.example.net/?a=1&b=2',
      content: 'Très bien 👍 — « enfin ». A < b and "quotes" ]]> survive?',
      approved: '1',
      date: '2026-03-02 11:00:00',
    },
    {
      key: 'spam',
      author: 'cheap pills',
      email: 'pills@spam.example',
      url: 'http://spam.example/buy',
      content: 'Buy cheap pills now http://spam.example/buy',
      approved: 'spam',
      date: '2026-03-02 12:00:00',
      ip: '198.51.100.23',
    },
    {
      key: 'trash',
      ...who('Rude Person'),
      content: 'This paper is rubbish.',
      approved: 'trash',
      date: '2026-03-02 13:00:00',
    },
    {
      key: 'ping',
      author: 'Harbour Blog',
      email: '',
      url: 'http://blog.example.net/bridge',
      content: '[…] the bridge reopened today […]',
      approved: '1',
      date: '2026-03-02 14:00:00',
      type: 'pingback',
      ip: '192.0.2.10',
    },
  ]);
  const onBudget = await addComments(wp, budget.id, [
    {
      key: 'lib',
      ...who('Ben Okafor'),
      content: 'Who decided the library cuts?',
      approved: '1',
      date: '2026-03-05 18:00:00',
    },
    {
      key: 'fin',
      parent: 'lib',
      ...who('Chloé Martin'),
      content: 'The finance committee, page 12 of the report.',
      approved: '1',
      date: '2026-03-05 18:20:00',
    },
    {
      key: 'held',
      ...who('Dana Ilić'),
      content: 'Please link the full report.',
      approved: '0',
      date: '2026-03-05 19:00:00',
    },
  ]);
  const onAbout = await addComments(wp, about.id, [
    { key: 'hello', ...who('Eli Novak'), content: 'How do I send a tip?', approved: '1', date: '2026-01-03 08:00:00' },
  ]);
  return { posts: { bridge, budget, tides, about }, comments: { ...onBridge, ...onBudget, ...onAbout } };
}
