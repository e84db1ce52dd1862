// Text of the benchmark's comments: a seeded pseudo-random generator and plausible comment
// bodies, shared by the seeding (bench/seed.ts) and the load generators (measure, flood, akismet).

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the council minister budget report article readers agree disagree evidence figures policy ' +
  'election vote debate question answer village city railway library school hospital weather ' +
  'summer winter market price rent wages strike talks ceasefire border treaty history source ' +
  'interview statement claim detail point argument opinion view local national foreign press ' +
  'journalist editor correction thanks clear unclear fair unfair long short careful quick'
).split(' ');

function sentence(rng: () => number): string {
  const n = 6 + Math.floor(rng() * 12);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rng() * WORDS.length)]);
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + (rng() < 0.15 ? '?' : '.');
}

/** A plausible comment body (roughly 80–500 characters); the serial number keeps every body distinct. */
export function commentBody(rng: () => number, serial: string): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(rng() * 4);
  for (let i = 0; i < n; i++) parts.push(sentence(rng));
  if (rng() < 0.2) parts.push('\n\nMy *own* view differs on one point.');
  parts.push(`(${serial})`);
  return parts.join(' ');
}
