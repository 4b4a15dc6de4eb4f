import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Deal, MonthlyTotals, OrderSummary, Page, Seat, Task } from '../../api/types';

// The client card's side data, one query per panel so each loads (and fails) on its own.
export function useTeam(companyId: number, includeHistory: boolean) {
  return useQuery({
    queryKey: ['team', companyId, includeHistory],
    queryFn: () => api.get<{ items: Seat[] }>(`/companies/${companyId}/team`, { includeHistory }),
    placeholderData: (prev) => prev,
  });
}

export function useMonthlyOrders(companyId: number, months = 24) {
  return useQuery({
    queryKey: ['orders-monthly', companyId, months],
    queryFn: () => api.get<MonthlyTotals>(`/companies/${companyId}/orders/monthly`, { months }),
  });
}

export function useRecentOrders(companyId: number) {
  return useQuery({
    queryKey: ['orders', companyId],
    queryFn: () => api.get<Page<OrderSummary>>('/orders', { companyId, limit: 20, dir: 'desc' }),
  });
}

export function useClientDeals(companyId: number) {
  return useQuery({
    queryKey: ['deals', { companyId }],
    queryFn: () => api.get<Page<Deal>>('/deals', { companyId, limit: 100, dir: 'desc' }),
  });
}

export function useClientTasks(companyId: number) {
  return useQuery({
    queryKey: ['tasks', { companyId }],
    queryFn: () => api.get<Page<Task>>('/tasks', { companyId, limit: 100, status: 'open' }),
  });
}
