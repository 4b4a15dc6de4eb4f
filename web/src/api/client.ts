// One fetch wrapper for the whole app: JSON in and out, the session cookie rides along, and a
// failed call becomes an ApiError carrying the API's own code, message and field details.
export type FieldIssue = { field: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, unknown>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (value !== '') params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

let onUnauthenticated: (() => void) | undefined;
/** Called when any request answers 401, so the app can send the person to the login screen. */
export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

// The server sets a readable hf_csrf cookie at login; every change echoes it as x-csrf-token, which
// a page on another site cannot do (CSRF protection for the session cookie).
function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)hf_csrf=([^;]*)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1] ?? '') : undefined;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  const headers: Record<string, string> = body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' };
  const csrf = method === 'GET' ? undefined : csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: FieldIssue[] } } | undefined)?.error;
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthenticated?.();
    throw new ApiError(res.status, err?.code ?? 'http', err?.message ?? res.statusText, err?.details ?? []);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
