import type { Actor } from '../../domain/actor.js';
import { companyVisibleTo } from '../access/access.repository.js';

// Operators answer calls for every client, so the call centre finds any client and sees who
// serves it (domain: "operators see every client's name and owner"). That is now the call centre's
// role policy (client scope 'all', contacts masked), so lookups follow the one access policy.
export const lookupVisibleTo = (actor: Actor, companyIdColumn: string) => companyVisibleTo(actor, companyIdColumn);
