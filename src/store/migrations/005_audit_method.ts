import type { Kysely, Migration } from 'kysely';

/**
 * The sign-in method of a login event (the source type an attempt signed in, or tried to, with), stored
 * as a column rather than read back out of action names. Events written before it get theirs from the
 * actions that then ended a sign-in attempt: `login.<type>` and `login.<type>.bind`, for the types there
 * were.
 */
const ENDING_ACTIONS: Record<string, string[]> = {
  password: ['login.password'],
  sms: ['login.sms'],
  dingtalk: ['login.dingtalk', 'login.dingtalk.bind'],
};

export function auditMethodMigration(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('audit_events').addColumn('method', 'text').execute();
      for (const [method, actions] of Object.entries(ENDING_ACTIONS)) {
        await db.updateTable('audit_events').set({ method }).where('category', '=', 'login').where('action', 'in', actions).execute();
      }
    },
  };
}
