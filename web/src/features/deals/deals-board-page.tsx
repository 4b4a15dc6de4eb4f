import { DndContext, type DragEndEvent, DragOverlay, type DragStartEvent, KeyboardSensor, PointerSensor, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { Badge, Group, Paper, ScrollArea, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Board, Deal, Stage } from '../../api/types';
import { formatMoney } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useMe } from '../auth/auth-api';
import { DealCardView, DraggableDealCard } from './deal-card';
import { DealHistoryDrawer } from './deal-history-drawer';
import { useBoard, useMoveDeal, useStages } from './deals-api';
import { useStageLabel } from './stage-label';

export function DealsBoardPage() {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const me = useMe().data;
  const [scope, setScope] = useState<'all' | 'mine'>('all');
  const ownerId = scope === 'mine' && me ? me.id : null;
  const board = useBoard(ownerId);
  const stages = useStages();
  const move = useMoveDeal(ownerId);
  const [dragging, setDragging] = useState<Deal | null>(null);
  const [historyOf, setHistoryOf] = useState<Deal | null>(null);
  // A small drag threshold keeps clicks (menu, client link) working on the cards.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));

  const allStages = (stages.data?.items ?? []).filter((s) => !s.archivedAt).sort((a, b) => a.position - b.position);
  const closing = allStages.filter((s) => s.kind !== 'open');

  const moveDeal = (deal: Deal, stageId: number) => {
    if (deal.stageId === stageId) return;
    const target = allStages.find((s) => s.id === stageId);
    move.mutate(
      { deal, stageId },
      {
        onSuccess: () => notifications.show({ color: 'green', message: t('deals.moved', { title: deal.title, stage: target ? stageLabel(target.name) : '' }) }),
        onError: (err) => notifications.show({ color: 'red', title: t('deals.moveFailed'), message: errorMessage(t, err) }),
      },
    );
  };

  const onDragStart = (e: DragStartEvent) => setDragging((e.active.data.current as { deal: Deal } | undefined)?.deal ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const deal = (e.active.data.current as { deal: Deal } | undefined)?.deal;
    const stageId = e.over ? Number(String(e.over.id).replace('stage-', '')) : null;
    if (deal && stageId) moveDeal(deal, stageId);
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('deals.title')}</Title>
        <SegmentedControl
          aria-label={t('deals.scope')}
          value={scope}
          onChange={(v) => setScope(v as 'all' | 'mine')}
          data={[
            { value: 'all', label: t('deals.all') },
            { value: 'mine', label: t('deals.mine') },
          ]}
        />
      </Group>
      {board.isPending || stages.isPending ? (
        <LoadingState />
      ) : board.isError ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : board.data.stages.length === 0 ? (
        <EmptyState title={t('deals.noStages')} />
      ) : (
        <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
          <Group justify="space-between" align="stretch" mb="sm" gap="md">
            <Text size="sm" c="dimmed" style={{ alignSelf: 'center' }}>
              {t('deals.dragHint')}
            </Text>
            {/* Won and lost sit above the board so they are in reach from any column. */}
            <Group gap="sm" wrap="nowrap">
              {closing.map((s) => (
                <ClosingZone key={s.id} stage={s} />
              ))}
            </Group>
          </Group>
          <ScrollArea type="auto" offsetScrollbars>
            <Group align="flex-start" wrap="nowrap" gap="md" pb="md">
              {board.data.stages.map((stage) => (
                <StageColumn key={stage.id} stage={stage}>
                  {stage.deals.length === 0 ? (
                    <Text size="sm" c="dimmed" ta="center" py="lg">
                      {t('deals.emptyStage')}
                    </Text>
                  ) : (
                    stage.deals.map((deal) => (
                      <DraggableDealCard key={deal.id} deal={deal} stages={allStages} onMove={(id) => moveDeal(deal, id)} onHistory={() => setHistoryOf(deal)} />
                    ))
                  )}
                  {stage.count > stage.deals.length && (
                    <Text size="xs" c="dimmed" ta="center">
                      {t('deals.more', { count: stage.count - stage.deals.length })}
                    </Text>
                  )}
                </StageColumn>
              ))}
            </Group>
          </ScrollArea>
          <DragOverlay>{dragging && <DealCardView deal={dragging} stages={[]} onMove={() => undefined} onHistory={() => undefined} overlay />}</DragOverlay>
        </DndContext>
      )}
      <DealHistoryDrawer deal={historyOf} onClose={() => setHistoryOf(null)} />
    </>
  );
}

function StageColumn({ stage, children }: { stage: Board['stages'][number]; children: ReactNode }) {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const { setNodeRef, isOver } = useDroppable({ id: `stage-${stage.id}` });
  return (
    <Paper
      ref={setNodeRef}
      w={264}
      p="sm"
      bg={isOver ? 'blue.0' : 'gray.1'}
      style={{ flexShrink: 0, borderColor: isOver ? 'var(--mantine-color-blue-4)' : undefined, transition: 'background 120ms' }}
      data-testid="stage-column"
      data-stage-id={stage.id}
      aria-label={stageLabel(stage.name)}
      component="section"
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={700} size="sm">
          {stageLabel(stage.name)}
        </Text>
        <Badge variant="white" color="gray" size="sm">
          {stage.probability}%
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="sm" data-testid="stage-summary">
        {t('deals.count', { count: stage.count })} · {formatMoney(stage.sum, { compact: true })}
      </Text>
      <ScrollArea.Autosize mah="calc(100vh - 290px)" type="auto" offsetScrollbars>
        <Stack gap="xs" mih={80}>
          {children}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}

function ClosingZone({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const { setNodeRef, isOver } = useDroppable({ id: `stage-${stage.id}` });
  const won = stage.kind === 'won';
  const color = won ? 'green' : 'red';
  const Icon = won ? IconCircleCheck : IconCircleX;
  return (
    <Paper
      ref={setNodeRef}
      px="md"
      py="xs"
      w={210}
      bg={isOver ? `${color}.1` : `${color}.0`}
      style={{ borderStyle: 'dashed', borderColor: `var(--mantine-color-${color}-${isOver ? 6 : 3})` }}
      data-testid="stage-column"
      data-stage-id={stage.id}
      aria-label={stageLabel(stage.name)}
      title={won ? t('deals.dropWon') : t('deals.dropLost')}
    >
      <Group gap="xs" wrap="nowrap">
        <Icon color={`var(--mantine-color-${color}-6)`} />
        <div>
          <Text fw={700} size="sm" c={`${color}.8`} lh={1.2}>
            {stageLabel(stage.name)}
          </Text>
          <Text size="xs" c="dimmed" lh={1.2}>
            {won ? t('deals.dropWon') : t('deals.dropLost')}
          </Text>
        </div>
      </Group>
    </Paper>
  );
}
