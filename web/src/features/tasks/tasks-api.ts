import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page, Task, TaskInput } from '../../api/types';

/** The browser's time zone decides what "today" means for my day. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Moscow';

export function useMyDay() {
  return useQuery({
    queryKey: ['tasks', 'mine'],
    queryFn: () => api.get<Page<Task>>('/tasks/mine', { tz: browserTimeZone(), limit: 200 }),
  });
}

export function useCompleteTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, result }: { id: number; result: string }) => api.post<Task>(`/tasks/${id}/complete`, { result }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['tasks'] }),
  });
}

export function useCreateTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TaskInput) => api.post<Task>('/tasks', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['tasks'] }),
  });
}
