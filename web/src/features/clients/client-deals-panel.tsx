import { Badge, Table, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Deal } from '../../api/types';
import { formatDate, formatMoney } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { DealHistoryDrawer } from '../deals/deal-history-drawer';
import { useClientDeals } from './card-api';
import { useStageLabel } from '../deals/stage-label';

const KIND_COLORS: Record<Deal['stageKind'], string> = { open: 'blue', won: 'green', lost: 'red' };

export function ClientDealsPanel({ companyId }: { companyId: number }) {
  const { t } = useTranslation();
  const stageLabel = useStageLabel();
  const deals = useClientDeals(companyId);
  const [historyOf, setHistoryOf] = useState<Deal | null>(null);
  if (deals.isPending) return <LoadingState />;
  if (deals.isError) return <ErrorState error={deals.error} onRetry={() => void deals.refetch()} />;
  if (!deals.data.items.length) return <EmptyState title={t('deals.emptyClient')} hint={t('deals.emptyClientHint')} />;
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table data-testid="client-deals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deals.deal')}</Table.Th>
              <Table.Th>{t('deals.stage')}</Table.Th>
              <Table.Th ta="right">{t('deals.amount')}</Table.Th>
              <Table.Th>{t('deals.expectedClose')}</Table.Th>
              <Table.Th>{t('deals.owner')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deals.data.items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <UnstyledButton onClick={() => setHistoryOf(d)} aria-label={t('deals.historyOf', { title: d.title })}>
                    <Text size="sm" fw={500} c="blue">
                      {d.title}
                    </Text>
                  </UnstyledButton>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge variant="light" color={KIND_COLORS[d.stageKind]}>
                    {stageLabel(d.stageName)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatMoney(d.amount)}
                </Table.Td>
                <Table.Td>{formatDate(d.expectedClose)}</Table.Td>
                <Table.Td>{d.ownerName ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <DealHistoryDrawer deal={historyOf} onClose={() => setHistoryOf(null)} />
    </>
  );
}
