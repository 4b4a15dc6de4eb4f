import { Badge, Card, Group, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Handover, HandoverItem } from '../../api/types';
import { formatMoney, formatNumber } from '../../i18n/format';
import { fieldErrors } from '../../ui/errors';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useHandoverClients, useReassign } from './handover-api';
import { reasonText } from './reason-text';

/** Step 2: the drafted plan, one table per successor with their load; each client can be reassigned. */
export function PlanTable({ handover }: { handover: Handover }) {
  const { t } = useTranslation();
  const items = useHandoverClients(handover.id);
  const editable = handover.status === 'draft';
  if (items.isPending) return <LoadingState />;
  if (items.isError) return <ErrorState error={items.error} onRetry={() => void items.refetch()} />;
  if (items.data.items.length === 0) return <EmptyState title={t('handover.noClients')} />;
  const options = handover.loads.map((l) => ({ value: String(l.successorId), label: l.successorName }));
  const groups = new Map<number | null, HandoverItem[]>();
  for (const item of items.data.items) groups.set(item.successorId, [...(groups.get(item.successorId) ?? []), item]);
  const order = [...handover.loads.map((l) => l.successorId as number | null), null].filter((k) => groups.has(k));

  return (
    <Stack data-testid="plan">
      {order.map((successorId) => {
        const load = handover.loads.find((l) => l.successorId === successorId);
        return (
          <Card withBorder key={successorId ?? 'none'} data-testid="successor-group">
            <Group justify="space-between" mb="xs">
              <Title order={4}>{load?.successorName ?? t('handover.unassigned')}</Title>
              {load && (
                <Group gap="xs" data-testid="successor-load">
                  <Badge variant="light">{t('handover.load.clients', { count: load.clients })}</Badge>
                  <Badge variant="light" color={load.aClients ? 'orange' : 'gray'}>
                    {t('handover.load.aClients', { count: load.aClients })}
                  </Badge>
                  <Badge variant="light" color="green">
                    {formatMoney(load.revenue, { compact: true })}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {t('handover.load.rest', { deals: formatNumber(load.deals), tasks: formatNumber(load.tasks), orders: formatNumber(load.orders) })}
                  </Text>
                </Group>
              )}
            </Group>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('handover.client')}</Table.Th>
                  <Table.Th>ABC</Table.Th>
                  <Table.Th>{t('handover.revenue')}</Table.Th>
                  <Table.Th>{t('handover.why')}</Table.Th>
                  <Table.Th w={240}>{t('handover.successor')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(groups.get(successorId) ?? []).map((item) => (
                  <PlanRow key={item.id} handoverId={handover.id} item={item} options={options} editable={editable} />
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        );
      })}
    </Stack>
  );
}

function PlanRow({ handoverId, item, options, editable }: { handoverId: number; item: HandoverItem; options: Array<{ value: string; label: string }>; editable: boolean }) {
  const { t } = useTranslation();
  const reassign = useReassign(handoverId);
  const [value, setValue] = useState(item.successorId ? String(item.successorId) : null);
  // The API names the failing assignment (assignments.0.successorId): show it at this row.
  const err = reassign.error ? fieldErrors(t, reassign.error, ['assignments']) : null;
  const message = err ? [...Object.values(err.errors), ...err.rest].join('; ') : undefined;
  return (
    <Table.Tr>
      <Table.Td>{item.companyName ?? item.title}</Table.Td>
      <Table.Td>{item.abc ? <Badge color={item.abc === 'A' ? 'orange' : 'gray'}>{item.abc}</Badge> : '—'}</Table.Td>
      <Table.Td>{formatMoney(item.revenue)}</Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" data-testid="reason">
          {reasonText(t, item)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={t('handover.successorFor', { name: item.companyName ?? item.title ?? '' })}
          data={options}
          value={value}
          disabled={!editable || reassign.isPending}
          error={message}
          onChange={(v) => {
            if (!v) return;
            setValue(v);
            reassign.mutate({ itemId: item.id, successorId: Number(v) }, { onError: () => setValue(item.successorId ? String(item.successorId) : null) });
          }}
        />
        {item.status === 'skipped' || item.status === 'returned' || item.status === 'kept' ? (
          <Tooltip label={t(`handover.itemStatus.${item.status}Hint`)} multiline w={280}>
            <Badge mt={4} variant="light" color={item.status === 'skipped' ? 'orange' : 'teal'} data-testid="item-status">
              {t(`handover.itemStatus.${item.status}`)}
            </Badge>
          </Tooltip>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}
