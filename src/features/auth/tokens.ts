import { createHash, randomBytes } from 'node:crypto';

// Session ids and API tokens are random secrets; only their SHA-256 is stored, so a database
// leak does not hand out live credentials.
export const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export const SESSION_COOKIE = 'hf_session';
export const API_TOKEN_PREFIX = 'hf_';
