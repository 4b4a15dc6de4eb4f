import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Employee, EmployeeDetail, EmployeeListQuery, Page } from '../../api/types';

export type EmployeeFilters = Partial<Pick<EmployeeListQuery, 'role' | 'status' | 'q' | 'managerId'>> & { cursor?: string };

export function useEmployees(filters: EmployeeFilters, limit = 50) {
  return useQuery({
    queryKey: ['employees', filters, limit],
    queryFn: () => api.get<Page<Employee>>('/employees', { ...filters, limit }),
    placeholderData: (prev) => prev,
  });
}

export function useEmployee(id: number | null) {
  return useQuery({
    queryKey: ['employee', id],
    queryFn: () => api.get<EmployeeDetail>(`/employees/${id}`),
    enabled: id !== null,
  });
}

/** Active employees as select options (owner filters, assignments); the first 200 by name. */
export function useEmployeeOptions() {
  const q = useQuery({
    queryKey: ['employees', 'options'],
    queryFn: () => api.get<Page<Employee>>('/employees', { limit: 200, sort: 'name' }),
    staleTime: 5 * 60_000,
  });
  const options = (q.data?.items ?? []).filter((e) => e.status !== 'departed').map((e) => ({ value: String(e.id), label: e.name }));
  return { options, isLoading: q.isPending };
}
