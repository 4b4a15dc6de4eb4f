import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Activity, ActivityInput, Page } from '../../api/types';

export { ACTIVITY_TYPES, DIRECTIONS } from '../../../../src/features/activities/activities.schema';

/** A client's touches, newest first, loaded a page at a time. */
export function useActivities(companyId: number) {
  return useInfiniteQuery({
    queryKey: ['activities', companyId],
    queryFn: ({ pageParam }) => api.get<Page<Activity>>('/activities', { companyId, limit: 20, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useLogActivity(companyId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ActivityInput) => api.post<Activity>('/activities', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['activities', companyId] }),
  });
}
