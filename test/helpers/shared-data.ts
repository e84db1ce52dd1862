// Locates ../shared (test corpora that are read in place, not copied into the repository).
// PARLEY_SHARED_DIR overrides; otherwise the folder beside the checkout, then /work/shared.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function sharedDir(): string | null {
  const candidates = [process.env.PARLEY_SHARED_DIR, resolve(repoRoot, '../shared'), '/work/shared'].filter(
    Boolean,
  ) as string[];
  for (const c of candidates) if (existsSync(resolve(c, 'data/security'))) return c;
  return null;
}

/** The shared folder, or a failure under CI=true, or null (the caller skips with a notice). */
export function requireShared(t: { skip(msg: string): void }): string | null {
  const dir = sharedDir();
  if (dir) return dir;
  if (process.env.CI === 'true') throw new Error('../shared (test corpora) not found; set PARLEY_SHARED_DIR');
  t.skip('../shared not found: corpus tests skipped (set PARLEY_SHARED_DIR)');
  console.log('# notice: ../shared not found, corpus tests skipped');
  return null;
}
