/** Counts and times verification-code sends by sender (console, aliyun, webhook) and outcome. */
import type { SmsSender } from '../sms/types.ts';
import type { PorticoMetrics } from './portico.ts';

const MS_PER_SECOND = 1000;

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
        metrics.smsDuration.observe({ sender }, (performance.now() - started) / MS_PER_SECOND);
      }
    },
  };
}
