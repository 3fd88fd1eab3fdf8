// The development sender: the message (code included) goes to the outbox a dev-only page shows; the log gets
// only the masked phone and the purpose. Never the code.
import { validateMessage } from './message.ts';
import { maskPhone } from './phone.ts';
import type { SmsLogger, SmsMessage, SmsOutbox, SmsSender } from './types.ts';

export interface ConsoleSenderDeps {
  logger: SmsLogger;
  outbox: SmsOutbox;
  now?: () => Date;
}

export function createConsoleSender(deps: ConsoleSenderDeps): SmsSender {
  const { logger, outbox } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    kind: 'console',
    async send(message: SmsMessage) {
      validateMessage(message);
      await outbox.append({ phone: message.phone, code: message.code, purpose: message.purpose, sentAt: now().toISOString() });
      logger.info({ phone: maskPhone(message.phone), purpose: message.purpose }, 'SMS code written to the development outbox');
      return {};
    },
  };
}
