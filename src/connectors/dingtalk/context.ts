import type { HttpContext } from './http.ts';
import type { DingTalkEndpoints } from './types.ts';

/** What every API call needs; built once by createDingTalkClient. */
export interface ConnectorContext {
  appKey: string;
  appSecret: string;
  endpoints: DingTalkEndpoints;
  http: HttpContext;
  now: () => number;
}
