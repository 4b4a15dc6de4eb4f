import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

// Operators answer calls for every client, so the call centre finds any client and sees who
// serves it (domain: "operators see every client's name and owner"); everyone else sees what
// the access policy lets them see.
export const findsAnyClient = (actor: Actor) => actor.role === 'call_centre';

export const lookupVisibleTo = (actor: Actor, companyIdColumn: string) =>
  findsAnyClient(actor) ? sql<boolean>`true` : companyVisibleTo(actor, companyIdColumn);
