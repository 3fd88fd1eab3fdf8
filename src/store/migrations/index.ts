import type { Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { initialMigration } from './001_initial.ts';

/** Versioned migrations, applied in key order at start-up. Never edit one that has shipped: add the next. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001_initial': initialMigration(dialect),
  };
}
