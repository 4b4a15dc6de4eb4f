import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Company, CompanyInput, CompanyListQuery, CompanyPatch, Page } from '../../api/types';

export type ClientFilters = Partial<Pick<CompanyListQuery, 'ownerId' | 'status' | 'tag' | 'q' | 'sort' | 'dir' | 'limit'>> & { cursor?: string };

export function useClients(filters: ClientFilters) {
  return useQuery({
    queryKey: ['companies', filters],
    queryFn: () => api.get<Page<Company>>('/companies', filters),
    // Keep the previous page on screen while the next one loads: no flicker when paging or filtering.
    placeholderData: (prev) => prev,
  });
}

export function useClient(id: number) {
  return useQuery({ queryKey: ['company', id], queryFn: () => api.get<Company>(`/companies/${id}`) });
}

export function useSaveClient(id?: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CompanyInput | CompanyPatch) =>
      id ? api.patch<Company>(`/companies/${id}`, body) : api.post<Company>('/companies', body),
    onSuccess: (company) => {
      qc.setQueryData(['company', company.id], company);
      void qc.invalidateQueries({ queryKey: ['companies'] });
      void qc.invalidateQueries({ queryKey: ['team', company.id] });
    },
  });
}
