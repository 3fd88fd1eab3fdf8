/** The Enterprise Center API over fetch: JSON in, JSON out, problem+json turned into ApiError. */
const PREFIX = '/api/admin/v1';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/**
 * A failed call. `code` is the server's stable code, or `network` (no answer) / `unexpected`
 * (an answer that is not problem+json); `detail` is the server's sentence for people.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly field?: string;
  readonly errors: FieldProblem[];
  readonly requestId?: string;

  constructor(status: number, code: string, detail: string, extra: { field?: string; errors?: FieldProblem[]; requestId?: string } = {}) {
    super(detail || code);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.field = extra.field;
    this.errors = extra.errors ?? (extra.field ? [{ field: extra.field, code, message: detail }] : []);
    this.requestId = extra.requestId;
  }
}

type Listener = () => void;
const signedOutListeners = new Set<Listener>();

/** Called when any call answers 401: the session ended (expired, or signed out elsewhere). */
export function onSignedOut(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

async function toError(res: Response): Promise<ApiError> {
  const body = await res.json().catch(() => undefined);
  if (body && typeof body.detail === 'string' && typeof body.code === 'string') {
    return new ApiError(res.status, body.code, body.detail, { field: body.field, errors: body.errors, requestId: body.requestId });
  }
  return new ApiError(res.status, 'unexpected', '');
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(PREFIX + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (res.status === 401 && path !== '/session') signedOutListeners.forEach((l) => l());
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** `?a=1&b=2` from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
