/** Counts and times verification-code sends by sender (console, aliyun, webhook) and outcome. */
import type { SmsSender } from '../sms/types.ts';
import { secondsSince, type PorticoMetrics } from './portico.ts';

export function meteredSmsSender(inner: SmsSender, metrics: PorticoMetrics): SmsSender {
  const sender = inner.kind;
  return {
    kind: inner.kind,
    async send(message) {
      const started = performance.now();
      try {
        const result = await inner.send(message);
        metrics.smsSends.inc({ sender, outcome: 'success' });
        return result;
      } catch (error) {
        metrics.smsSends.inc({ sender, outcome: 'failure' });
        throw error;
      } finally {
        metrics.smsDuration.observe({ sender }, secondsSince(started));
      }
    },
  };
}
