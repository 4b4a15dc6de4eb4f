import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { AbsenceCreate, ExecutionResult, FollowUp, Handover, HandoverItem, HandoverMessage, HandoverSummary, HunterHandoverCreate, Page } from '../../api/types';

/** Roles that may plan, approve and execute a handover (the API enforces the same). */
export const HANDOVER_ROLES = ['head_of_sales', 'director', 'admin'] as const;
export const mayHandover = (role: string | undefined) => (HANDOVER_ROLES as readonly string[]).includes(role ?? '');

export function useHandovers() {
  return useQuery({ queryKey: ['handovers'], queryFn: () => api.get<Page<HandoverSummary>>('/handovers', { limit: 100, dir: 'desc' }) });
}

export function useHandover(id: number) {
  return useQuery({ queryKey: ['handover', id], queryFn: () => api.get<Handover>(`/handovers/${id}`) });
}

/** Clients carry their deals, tasks and orders along, so the plan is edited client by client. */
export function useHandoverClients(id: number) {
  return useQuery({
    queryKey: ['handover-items', id],
    queryFn: () => api.get<Page<HandoverItem>>(`/handovers/${id}/items`, { kind: 'client', limit: 200 }),
  });
}

type DepartureBody = { lastDay: string; reason?: string; toCompetitor?: boolean };

export function useStartHandover() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { employeeId: number } & ({ kind: 'departure'; data: DepartureBody } | { kind: 'absence'; data: AbsenceCreate })) =>
      api.post<Handover>(`/employees/${body.employeeId}/${body.kind}`, body.data),
    onSuccess: (h) => {
      qc.setQueryData(['handover', h.id], h);
      void qc.invalidateQueries({ queryKey: ['handovers'] });
    },
  });
}

/** A hunter's won clients move to account management; the hunter keeps a recorded share of credit. */
export function useStartHunterHandover() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ hunterId, body }: { hunterId: number; body: Partial<HunterHandoverCreate> & Pick<HunterHandoverCreate, 'companyIds' | 'creditSharePct'> }) =>
      api.post<Handover>(`/employees/${hunterId}/hunter-handover`, body),
    onSuccess: (h) => {
      qc.setQueryData(['handover', h.id], h);
      void qc.invalidateQueries({ queryKey: ['handovers'] });
    },
  });
}

export function useReassign(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { itemId: number; successorId: number }) => api.patch<Handover>(`/handovers/${id}`, { assignments: [a] }),
    onSuccess: (h) => {
      qc.setQueryData(['handover', id], h);
      void qc.invalidateQueries({ queryKey: ['handover-items', id] });
    },
  });
}

export function useApprove(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Handover>(`/handovers/${id}/approve`),
    onSuccess: (h) => {
      qc.setQueryData(['handover', id], h);
      void qc.invalidateQueries({ queryKey: ['handovers'] });
    },
  });
}

export function useExecute(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ExecutionResult>(`/handovers/${id}/execute`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['handover', id] });
      void qc.invalidateQueries({ queryKey: ['handover-items', id] });
      void qc.invalidateQueries({ queryKey: ['handovers'] });
    },
  });
}

/** Revenue of the handed-over clients 30/60/90 days after execution against as long before, and the outreach tally. */
export function useFollowUp(id: number, enabled: boolean) {
  return useQuery({ queryKey: ['handover-follow-up', id], queryFn: () => api.get<FollowUp>(`/handovers/${id}/follow-up`), enabled });
}

export type MessageFilter = { status?: HandoverMessage['status']; channel?: HandoverMessage['channel'] };

/** The calls and letters that make clients hear from the company first, a page at a time. */
export function useHandoverMessages(id: number, filter: MessageFilter, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['handover-messages', id, filter],
    queryFn: ({ pageParam }) => api.get<Page<HandoverMessage>>(`/handovers/${id}/messages`, { ...filter, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Records that a letter went out, that the client was reached, or that it failed. */
export function useMarkMessage(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: { messageId: number; status: 'sent' | 'reached' | 'failed' }) => api.patch<HandoverMessage>(`/handovers/${id}/messages/${m.messageId}`, { status: m.status }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['handover-messages', id] });
      void qc.invalidateQueries({ queryKey: ['handover-follow-up', id] });
    },
  });
}
