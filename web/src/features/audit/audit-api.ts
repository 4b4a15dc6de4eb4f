import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import type { Company, Page } from '../../api/types';
import type { auditEntry, verifyResult } from '../../../../src/features/audit/audit.schema';
import type { Alert } from '../../../../src/features/signals/signals.schema';

export type AuditEntry = z.infer<typeof auditEntry>;
export type VerifyResult = z.infer<typeof verifyResult>;
export type { Alert };
export { ALERT_STATUSES } from '../../../../src/features/signals/signals.schema';

export type AuditFilters = { employeeId?: string; action?: string; companyId?: string; from?: string; to?: string };

/** The audit trail, newest first, a page at a time ("Load more"). */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) => api.get<Page<AuditEntry>>('/audit', { ...filters, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Re-computes the hash chain on the server; a GET, but run on demand like an action. */
export function useVerifyChain() {
  return useMutation({ mutationFn: () => api.get<VerifyResult>('/audit/verify') });
}

/** Clients whose name starts with what was typed, for the client filter. */
export function useCompanySearch(q: string) {
  return useQuery({
    queryKey: ['companies', 'pick', q],
    queryFn: () => api.get<Page<Company>>('/companies', { q, limit: 20 }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

// The server's DEPARTURE_ALERT kind (signals.service.ts; not importable here): other kinds, such as
// reveal limits, have their own screens.
const DEPARTURE_KIND = 'departure_signals';

export function useAlerts(status: string | null) {
  return useInfiniteQuery({
    queryKey: ['alerts', status],
    queryFn: ({ pageParam }) => api.get<Page<Alert>>('/alerts', { kind: DEPARTURE_KIND, status: status ?? undefined, limit: 30, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useReviewAlert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<Alert>(`/alerts/${id}/review`, {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['alerts'] }),
  });
}

export function useDismissAlert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<Alert>(`/alerts/${id}/dismiss`, { reason }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['alerts'] }),
  });
}
