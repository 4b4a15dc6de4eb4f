import { ActionIcon, Anchor, Group, Menu, Paper, Text } from '@mantine/core';
import { useDraggable } from '@dnd-kit/core';
import { IconDots, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Deal, Stage } from '../../api/types';
import { formatDate, formatMoney } from '../../i18n/format';
import { useStageLabel } from './stage-label';

type Props = { deal: Deal; stages: Stage[]; onMove: (stageId: number) => void; onHistory: () => void; overlay?: boolean };

export function DealCardView({ deal, stages, onMove, onHistory, overlay }: Props) {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  return (
    <Paper p="sm" shadow={overlay ? 'lg' : 'xs'} style={{ cursor: 'grab', background: 'white' }} data-testid="deal-card" data-deal-id={deal.id}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
        <Text size="sm" fw={600} lineClamp={2}>
          {deal.title}
        </Text>
        {/* The keyboard (and touch) way to move a deal: the same move as a drag. */}
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('deals.actions', { title: deal.title })} onPointerDown={(e) => e.stopPropagation()}>
              <IconDots size={14} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconHistory size={14} />} onClick={onHistory}>
              {t('deals.history')}
            </Menu.Item>
            <Menu.Divider />
            <Menu.Label>{t('deals.moveTo')}</Menu.Label>
            {stages
              .filter((s) => s.id !== deal.stageId)
              .map((s) => (
                <Menu.Item key={s.id} onClick={() => onMove(s.id)}>
                  {stageLabel(s.name)}
                </Menu.Item>
              ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Anchor component={Link} to={`/clients/${deal.companyId}`} size="xs" onPointerDown={(e) => e.stopPropagation()}>
        {deal.companyName}
      </Anchor>
      <Group justify="space-between" mt={6} gap={4}>
        <Text size="sm" fw={700}>
          {formatMoney(deal.amount)}
        </Text>
        <Text size="xs" c="dimmed">
          {deal.expectedClose ? formatDate(deal.expectedClose) : ''}
        </Text>
      </Group>
      {deal.ownerName && (
        <Text size="xs" c="dimmed" mt={2}>
          {deal.ownerName}
        </Text>
      )}
    </Paper>
  );
}

export function DraggableDealCard(props: Omit<Props, 'overlay'>) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `deal-${props.deal.id}`, data: { deal: props.deal } });
  return (
    <div ref={setNodeRef} {...listeners} {...attributes} style={{ opacity: isDragging ? 0.35 : 1, touchAction: 'none' }}>
      <DealCardView {...props} />
    </div>
  );
}
