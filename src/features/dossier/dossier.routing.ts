// Whom an incoming call goes to: the responsible manager when they can take it; when they are
// away or gone, a backup on the account team; else the head of sales (the owner's own first).
export type Person = { id: number; status: string; role: string; manager_id?: number | null };
export type Route<P> = { employee: P | null; reason: 'owner' | 'backup' | 'head_of_sales' | 'nobody' };

const AVAILABLE = new Set(['active', 'departing']);
export const canTakeCalls = (p: { status: string }) => AVAILABLE.has(p.status);

export function routeCall<P extends Person>(o: { owner: P | null; team: (P & { seat: string })[]; heads: P[] }): Route<P> {
  if (o.owner && canTakeCalls(o.owner)) return { employee: o.owner, reason: 'owner' };
  const backup = o.team.find((t) => t.seat === 'backup' && canTakeCalls(t) && t.id !== o.owner?.id);
  if (backup) return { employee: backup, reason: 'backup' };
  const head = o.heads.find((h) => h.id === o.owner?.manager_id) ?? o.heads[0];
  return head ? { employee: head, reason: 'head_of_sales' } : { employee: null, reason: 'nobody' };
}
