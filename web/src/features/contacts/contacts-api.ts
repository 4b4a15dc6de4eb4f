import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Contact, ContactInput, ContactPatch, Page, RevealField, RevealResult } from '../../api/types';

export function useContacts(companyId: number) {
  return useQuery({
    queryKey: ['contacts', companyId],
    queryFn: () => api.get<Page<Contact>>('/contacts', { companyId, limit: 200 }),
  });
}

export function useSaveContact(companyId: number, id?: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ContactInput | ContactPatch) => (id ? api.patch<Contact>(`/contacts/${id}`, body) : api.post<Contact>('/contacts', body)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['contacts', companyId] }),
  });
}

/** Shows a masked field in clear: needs a reason, is counted against the daily limit and audited. */
export function useRevealContact() {
  return useMutation({
    mutationFn: ({ id, field, reason }: { id: number; field: RevealField; reason: string }) =>
      api.post<RevealResult>(`/contacts/${id}/reveal`, { field, reason }),
  });
}
