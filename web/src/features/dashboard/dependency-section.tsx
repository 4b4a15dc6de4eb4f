import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useDependency } from './dashboard-api';
import { ClientLink, formatPercent, Section } from './dashboard-ui';
import { MakeTaskButton } from './make-task-button';

/** Walk-away revenue per manager: what leaves with a person if nobody else knows their clients. */
export function DependencySection() {
  const { t } = useTranslation();
  const dep = useDependency();
  // Only people with clients nobody else knows: the rest would be zero-height bars.
  const items = (dep.data?.items ?? []).filter((i) => Number(i.walkAwayRevenue) > 0);
  const hint = dep.data ? t('dashboard.dependencyHint', { share: formatPercent(dep.data.singlePersonShare) }) : undefined;
  return (
    <Section title={t('dashboard.dependencyTitle')} hint={hint} testId="dependency-section">
      {dep.isPending ? (
        <LoadingState />
      ) : dep.isError ? (
        <ErrorState error={dep.error} onRetry={() => void dep.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('dashboard.dependencyEmpty')} />
      ) : (
        <Stack gap="md">
          <div data-testid="dependency-chart" role="img" aria-label={t('dashboard.dependencyChart')}>
            <BarChart
              h={260}
              data={items.map((i) => ({ name: shortName(i.employeeName), walkAway: Number(i.walkAwayRevenue) }))}
              dataKey="name"
              series={[{ name: 'walkAway', label: t('dashboard.walkAway'), color: 'red.6' }]}
              valueFormatter={(v) => formatMoney(String(v), { compact: true })}
              tickLine="y"
              gridAxis="y"
            />
          </div>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={6} data-testid="dependency-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dashboard.employee')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.walkAway')}</Table.Th>
                  <Table.Th ta="right">{t('dashboard.soleClients')}</Table.Th>
                  <Table.Th>{t('dashboard.topSole')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.employeeId}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {i.employeeName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`roles.${i.role}` as 'roles.director', { defaultValue: i.role })}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatMoney(i.walkAwayRevenue)}
                      <Text size="xs" c="dimmed">
                        {formatPercent(i.walkAwayShare)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(i.soleClients)}</Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        {i.topSoleClients.slice(0, 3).map((c) => (
                          <Group key={c.companyId} gap="xs">
                            <ClientLink id={c.companyId} name={c.companyName} />
                            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                              {formatMoney(c.revenue, { compact: true })}
                            </Text>
                            <MakeTaskButton
                              companyId={c.companyId}
                              companyName={c.companyName}
                              ownerId={i.employeeId}
                              defaultTitle={t('dashboard.coverageTask', { name: c.companyName })}
                            />
                          </Group>
                        ))}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Section>
  );
}

/** "Иванов Иван Иванович" -> "Иванов И. И." keeps the chart's axis readable. */
function shortName(name: string): string {
  const [last, ...rest] = name.split(/\s+/);
  return [last, ...rest.map((p) => `${p[0] ?? ''}.`)].join(' ');
}
