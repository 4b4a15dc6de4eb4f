import { Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fromMinor, toMinor } from '../../../../src/domain/money';
import type { OrderSummary } from '../../api/types';
import { formatDate, formatMoney, formatMonth } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useMonthlyOrders, useRecentOrders } from './card-api';

const STATUS_COLORS: Record<OrderSummary['status'], string> = { draft: 'gray', confirmed: 'blue', shipped: 'cyan', completed: 'green', cancelled: 'red' };

export function OrdersPanel({ companyId }: { companyId: number }) {
  const { t } = useTranslation();
  const monthly = useMonthlyOrders(companyId);
  const recent = useRecentOrders(companyId);

  if (monthly.isPending) return <LoadingState />;
  if (monthly.isError) return <ErrorState error={monthly.error} onRetry={() => void monthly.refetch()} />;
  const months = [...monthly.data.months].sort((a, b) => b.month.localeCompare(a.month));
  const withOrders = months.filter((m) => m.orders > 0);
  // Sums of money are exact: integer kopecks, never floats.
  const revenue = fromMinor(months.reduce((s, m) => s + toMinor(m.revenue), 0n));
  const margin = fromMinor(months.reduce((s, m) => s + toMinor(m.margin), 0n));
  const orders = months.reduce((s, m) => s + m.orders, 0);
  const peak = months.reduce((max, m) => (toMinor(m.revenue) > max ? toMinor(m.revenue) : max), 0n);

  if (!orders && !recent.data?.items.length) return <EmptyState title={t('orders.empty')} hint={t('orders.emptyHint')} />;

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label={t('orders.revenue24')} value={formatMoney(revenue)} />
        <Stat label={t('orders.margin24')} value={formatMoney(margin)} />
        <Stat label={t('orders.count24')} value={t('orders.count', { count: orders })} />
      </SimpleGrid>
      <Paper p="md">
        <Title order={5} mb="xs">
          {t('orders.byMonth')}
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="orders-monthly">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('orders.month')}</Table.Th>
                <Table.Th ta="right">{t('orders.orders')}</Table.Th>
                <Table.Th ta="right">{t('orders.revenue')}</Table.Th>
                <Table.Th ta="right">{t('orders.margin')}</Table.Th>
                <Table.Th w="25%" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {withOrders.map((m) => (
                <Table.Tr key={m.month}>
                  <Table.Td>{formatMonth(m.month)}</Table.Td>
                  <Table.Td ta="right">{m.orders}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(m.revenue)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} c={m.margin.startsWith('-') ? 'red' : undefined}>
                    {formatMoney(m.margin)}
                  </Table.Td>
                  <Table.Td>
                    <Progress value={peak ? Number((toMinor(m.revenue) * 100n) / peak) : 0} size="sm" aria-hidden />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Paper p="md">
        <Title order={5} mb="xs">
          {t('orders.recent')}
        </Title>
        {recent.isPending ? (
          <LoadingState />
        ) : recent.isError ? (
          <ErrorState error={recent.error} />
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.number')}</Table.Th>
                  <Table.Th>{t('orders.date')}</Table.Th>
                  <Table.Th>{t('orders.status')}</Table.Th>
                  <Table.Th>{t('orders.owner')}</Table.Th>
                  <Table.Th ta="right">{t('orders.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {recent.data.items.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>{o.number}</Table.Td>
                    <Table.Td>{formatDate(o.orderedOn)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge size="sm" variant="light" color={STATUS_COLORS[o.status]}>
                        {t(`orderStatus.${o.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{o.ownerName ?? '—'}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatMoney(o.total)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper p="md">
      <Group justify="space-between">
        <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
          {label}
        </Text>
      </Group>
      <Text fw={700} size="xl" mt={4}>
        {value}
      </Text>
    </Paper>
  );
}
