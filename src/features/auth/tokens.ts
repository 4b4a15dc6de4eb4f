import { createHash, randomBytes } from 'node:crypto';

// Session ids and API tokens are random secrets; only their SHA-256 is stored, so a database
// leak does not hand out live credentials.
export const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export const SESSION_COOKIE = 'hf_session';
export const API_TOKEN_PREFIX = 'hf_';

// Double-submit CSRF token for cookie sessions: readable by our own page (not httpOnly) and sent
// back as a header. Derived from the session secret, so a cookie planted by a sibling subdomain
// cannot match, and no server-side storage is needed.
export const CSRF_COOKIE = 'hf_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const csrfTokenFor = (session: string) => createHash('sha256').update(`csrf:${session}`).digest('base64url');
