import { Drawer, Group, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Deal } from '../../api/types';
import { formatDate, formatDateTime, formatMoney } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useDealHistory } from './deals-api';
import { useStageLabel } from './stage-label';

export function DealHistoryDrawer({ deal, onClose }: { deal: Deal | null; onClose: () => void }) {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const history = useDealHistory(deal?.id ?? null);
  return (
    <Drawer opened={deal !== null} onClose={onClose} position="right" title={t('deals.historyTitle')} size="md">
      {deal && (
        <Stack>
          <div>
            <Title order={4}>{deal.title}</Title>
            <Text size="sm" c="dimmed">
              {deal.companyName} · {formatMoney(deal.amount)}
            </Text>
            <Text size="sm" c="dimmed">
              {t('deals.owner')}: {deal.ownerName ?? '—'} · {t('deals.expectedClose')}: {formatDate(deal.expectedClose)}
            </Text>
          </div>
          {history.isPending ? (
            <LoadingState />
          ) : history.isError ? (
            <ErrorState error={history.error} />
          ) : history.data.length === 0 ? (
            <EmptyState title={t('deals.noHistory')} />
          ) : (
            <Timeline bulletSize={14} data-testid="deal-history">
              {[...history.data].reverse().map((h) => (
                <Timeline.Item
                  key={h.id}
                  title={
                    <Group gap={6}>
                      {h.fromStageName ? (
                        <>
                          <Text size="sm">{stageLabel(h.fromStageName)}</Text>
                          <IconArrowRight size={14} />
                        </>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('deals.created')}:
                        </Text>
                      )}
                      <Text size="sm" fw={600}>
                        {stageLabel(h.toStageName)}
                      </Text>
                    </Group>
                  }
                >
                  <Text size="xs" c="dimmed">
                    {formatDateTime(h.changedAt)}
                    {h.changedByName ? ` · ${h.changedByName}` : ''}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
