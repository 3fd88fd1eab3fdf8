import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Keeps a caller's (load balancer's) request id when it is sane, so one id follows a request across nodes. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : randomUUID();
}
