import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_create_core.ts';

/** Numbered, forward-only; each runs in its own transaction (PostgreSQL has transactional DDL). */
export const postgresMigrations: Record<string, Migration> = {
  '0001_create_core': m0001,
};
