import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Activity, ActivityInput } from '../../api/types';
import type { Dossier } from '../../../../src/features/dossier/dossier.schema';
import type { PhoneLookup } from '../../../../src/features/search/search.schema';

export type { Dossier, PhoneLookup };

export function usePhoneLookup(number: string) {
  return useQuery({
    queryKey: ['lookup-phone', number],
    queryFn: () => api.get<PhoneLookup>(`/lookup/phone/${encodeURIComponent(number)}`),
    enabled: number.length >= 4,
  });
}

export function useDossier(companyId: number | undefined, query: { contactId?: number; phone?: string }) {
  return useQuery({
    queryKey: ['dossier', companyId, query],
    queryFn: () => api.get<Dossier>(`/companies/${companyId}/dossier`, query),
    enabled: companyId !== undefined,
  });
}

export function useLogCall(companyId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ActivityInput) => api.post<Activity>('/activities', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['activities', companyId] });
      void qc.invalidateQueries({ queryKey: ['dossier', companyId] });
    },
  });
}
