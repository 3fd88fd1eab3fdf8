/** `reset-password <username> [--password-stdin]`: the way back in for a locked-out or forgotten admin (src/admin/operator-reset.ts). */
import type { Config } from '../config.ts';
import type { Store } from '../store/database.ts';
import { generateAdminPassword, resetAdminPassword } from '../admin/operator-reset.ts';
import { openOperatorShortLived, passwordFromStdin, type CommandIo } from './operator.ts';

export async function resetPassword(config: Config, store: Store, command: { username: string; passwordStdin: boolean }, io: CommandIo): Promise<void> {
  const password = command.passwordStdin ? passwordFromStdin(await io.readStdin()) : generateAdminPassword();
  const { shortLived, close } = await openOperatorShortLived(config, store);
  try {
    const admin = await resetAdminPassword(store, shortLived, command.username, password);
    io.out(`Admin ${JSON.stringify(admin.username)} (${admin.role}): password reset, status active, every session ended, failed-password counts cleared.\n`);
    if (!command.passwordStdin) io.out(`New password (shown this once; change it after signing in): ${password}\n`);
  } finally {
    close();
  }
}
