import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { SearchResult } from '../../../../src/features/search/search.schema';

export type { SearchHit } from '../../../../src/features/search/search.schema';

const MIN_LENGTH = 2;

/** Universal search as the person types; nothing is asked below two characters (the API refuses it). */
export function useSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ['search', query],
    queryFn: () => api.get<SearchResult>('/search', { q: query, limit: 20 }),
    enabled: query.length >= MIN_LENGTH,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export const searchReady = (q: string) => q.trim().length >= MIN_LENGTH;
