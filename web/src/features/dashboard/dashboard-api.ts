import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type {
  AbcReport,
  ChurnRiskReport,
  CoverageReport,
  DependencyReport,
  KeyAccountsReport,
} from '../../../../src/features/analytics/analytics.schema';

// The owner's dashboard reads the analytics reports; each section loads on its own so one slow
// report does not hold the others back.
const STALE = 60_000;

export function useAbc() {
  return useQuery({ queryKey: ['analytics', 'abc'], queryFn: () => api.get<AbcReport>('/analytics/abc', { limit: 10 }), staleTime: STALE });
}

export function useDependency() {
  return useQuery({ queryKey: ['analytics', 'dependency'], queryFn: () => api.get<DependencyReport>('/analytics/dependency', { limit: 10 }), staleTime: STALE });
}

export function useCoverageGaps() {
  return useQuery({
    queryKey: ['analytics', 'coverage'],
    queryFn: () => api.get<CoverageReport>('/analytics/coverage', { onlyFlagged: true, minKnowers: 2, limit: 200 }),
    staleTime: STALE,
  });
}

export function useChurnRisk() {
  return useQuery({ queryKey: ['analytics', 'churn'], queryFn: () => api.get<ChurnRiskReport>('/analytics/churn-risk', { limit: 10 }), staleTime: STALE });
}

export function useKeyAccounts() {
  return useQuery({ queryKey: ['analytics', 'key-accounts'], queryFn: () => api.get<KeyAccountsReport>('/analytics/key-accounts', { limit: 10 }), staleTime: STALE });
}

/** The A clients (by revenue), to pick the coverage gaps that matter most. */
export function useAbcA() {
  return useQuery({ queryKey: ['analytics', 'abc', 'A'], queryFn: () => api.get<AbcReport>('/analytics/abc', { abc: 'A', limit: 200 }), staleTime: STALE });
}

