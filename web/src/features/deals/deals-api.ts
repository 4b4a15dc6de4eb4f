import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Board, Deal, Page, Stage, StageChange } from '../../api/types';

export function useBoard(ownerId: number | null) {
  return useQuery({
    queryKey: ['board', ownerId],
    queryFn: () => api.get<Board>('/deals/board', { ownerId: ownerId ?? undefined }),
    placeholderData: (prev) => prev,
  });
}

export function useStages() {
  return useQuery({
    queryKey: ['pipeline-stages'],
    queryFn: () => api.get<Page<Stage>>('/pipeline-stages', { limit: 200 }),
    staleTime: 10 * 60_000,
  });
}

export function useDealHistory(dealId: number | null) {
  return useQuery({
    queryKey: ['deal-history', dealId],
    queryFn: () => api.get<StageChange[]>(`/deals/${dealId}/history`),
    enabled: dealId !== null,
  });
}

/** Moves a deal to another stage; the board updates at once and rolls back if the API refuses. */
export function useMoveDeal(ownerId: number | null) {
  const qc = useQueryClient();
  const key = ['board', ownerId];
  return useMutation({
    mutationFn: ({ deal, stageId }: { deal: Deal; stageId: number }) => api.patch<Deal>(`/deals/${deal.id}`, { stageId }),
    onMutate: async ({ deal, stageId }) => {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<Board>(key);
      if (previous) qc.setQueryData<Board>(key, moveOnBoard(previous, deal, stageId));
      return { previous };
    },
    onError: (_err, _vars, context) => {
      if (context?.previous) qc.setQueryData(key, context.previous);
    },
    onSettled: (_data, _err, { deal }) => {
      void qc.invalidateQueries({ queryKey: ['board'] });
      void qc.invalidateQueries({ queryKey: ['deals'] });
      void qc.invalidateQueries({ queryKey: ['deal-history', deal.id] });
    },
  });
}

function moveOnBoard(board: Board, deal: Deal, stageId: number): Board {
  return {
    stages: board.stages.map((s) => {
      const without = s.deals.filter((d) => d.id !== deal.id);
      if (s.id === stageId) return { ...s, count: s.count + 1, deals: [{ ...deal, stageId, stageName: s.name }, ...without] };
      if (without.length !== s.deals.length) return { ...s, count: s.count - 1, deals: without };
      return s;
    }),
  };
}
