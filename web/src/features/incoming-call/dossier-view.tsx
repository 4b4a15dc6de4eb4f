import { Alert, Anchor, Badge, Button, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconArrowForwardUp, IconCheck, IconPhoneCall } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDateTime, formatMoney } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { ErrorState, LoadingState } from '../../ui/states';
import { STATUS_COLORS } from '../employees/employee-status';
import { useDossier, useLogCall, type Dossier } from './incoming-call-api';

type Employee = NonNullable<Dossier['owner']>;
type OrderStatus = 'draft' | 'confirmed' | 'shipped' | 'completed' | 'cancelled';
type ActivityType = 'call' | 'email' | 'meeting' | 'visit' | 'note';

function Person({ employee }: { employee: Employee }) {
  const { t } = useTranslation();
  return (
    // preventGrowOverflow off: Mantine would cap the badge at half the row and cut its label.
    <Group gap={6} wrap="nowrap" preventGrowOverflow={false}>
      <Text size="sm" fw={600}>
        {employee.name}
      </Text>
      <Badge size="sm" variant="light" color={STATUS_COLORS[employee.status]} style={{ flexShrink: 0 }}>
        {t(`employeeStatus.${employee.status}`)}
      </Badge>
    </Group>
  );
}

function Section({ title, children, empty }: { title: string; children: React.ReactNode; empty?: boolean }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm">
      <Text fw={600} size="sm" mb="xs">
        {title}
      </Text>
      {empty ? (
        <Text size="sm" c="dimmed">
          {t('search.call.none')}
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}

export function DossierView({ companyId, contactId }: { companyId: number; contactId: number }) {
  const { t } = useTranslation();
  const q = useDossier(companyId, { contactId });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const away = d.routeTo.reason !== 'owner';

  return (
    <Stack gap="md" data-testid="dossier">
      <Card withBorder padding="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Anchor component={Link} to={`/clients/${d.company.id}`} fw={700} size="xl" data-testid="dossier-company">
              {d.company.name}
            </Anchor>
            <Text size="sm" c="dimmed">
              {[d.company.legalName, d.company.inn && `${t('search.call.inn')} ${d.company.inn}`].filter(Boolean).join(' · ')}
            </Text>
            {d.caller && (
              <Text size="sm" data-testid="dossier-caller">
                {t('search.call.caller')}: <b>{d.caller.name}</b>
                {d.caller.position ? `, ${d.caller.position}` : ''}
                {d.caller.isDecisionMaker ? ` · ${t('search.call.decisionMaker')}` : ''}
                {d.caller.phones.length > 0 ? ` · ${d.caller.phones.join(', ')}` : ''}
              </Text>
            )}
          </Stack>
          <Stack gap={4} align="flex-end">
            <Text size="xs" c="dimmed">
              {t('search.call.revenue12m')}
            </Text>
            <Text fw={700} size="lg" data-testid="dossier-revenue">
              {formatMoney(d.revenue12m)}
            </Text>
          </Stack>
        </Group>
      </Card>

      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Card withBorder padding="sm" data-testid="dossier-owner">
              <Text fw={600} size="sm" mb="xs">
                {t('search.call.owner')}
              </Text>
              {d.owner ? <Person employee={d.owner} /> : <Text size="sm" c="dimmed">{t('search.noOwner')}</Text>}
              <Alert mt="sm" p="xs" color={away ? 'orange' : 'green'} icon={<IconArrowForwardUp size={18} />} title={t('search.call.routeTo')} data-testid="dossier-route">
                {d.routeTo.employee ? <Person employee={d.routeTo.employee} /> : null}
                <Text size="xs" c="dimmed" mt={4}>
                  {t(`search.call.reason.${d.routeTo.reason}`)}
                </Text>
              </Alert>
            </Card>
            <LogCall dossier={d} contactId={contactId} />
            <Section title={t('search.call.team')} empty={d.accountTeam.length === 0}>
              <Stack gap={6}>
                {d.accountTeam.map((m) => (
                  <Group key={`${m.id}-${m.seat}`} justify="space-between" wrap="nowrap">
                    <Person employee={m} />
                    <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                      {t(`seatRole.${m.seat as 'owner'}`, { defaultValue: m.seat })}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Section title={t('search.call.lastInteractions')} empty={d.lastInteractions.length === 0}>
              <Stack gap={8}>
                {d.lastInteractions.map((a) => (
                  <div key={a.id}>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(a.occurredAt)} · {t(`activityType.${a.type as ActivityType}`, { defaultValue: a.type })}
                      {a.direction ? ` · ${t(`direction.${a.direction as 'inbound'}`, { defaultValue: a.direction })}` : ''} · {a.employeeName}
                      {a.contactName ? ` → ${a.contactName}` : ''}
                    </Text>
                    <Text size="sm" lineClamp={2}>
                      {a.summary || '—'}
                    </Text>
                  </div>
                ))}
              </Stack>
            </Section>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Section title={t('search.call.openDeals')} empty={d.openDeals.length === 0}>
                <Stack gap={6}>
                  {d.openDeals.map((deal) => (
                    <Group key={deal.id} justify="space-between" wrap="nowrap" gap="xs">
                      <Text size="sm" truncate>
                        {deal.title}
                      </Text>
                      <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                        {formatMoney(deal.amount, { compact: true })}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              </Section>
              <Section title={t('search.call.openOrders')} empty={d.openOrders.length === 0}>
                <Stack gap={6}>
                  {d.openOrders.map((o) => (
                    <Group key={o.id} justify="space-between" wrap="nowrap" gap="xs">
                      <Text size="sm">
                        {o.number} · {t(`orderStatus.${o.status as OrderStatus}`, { defaultValue: o.status })}
                      </Text>
                      <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                        {formatMoney(o.total, { compact: true })}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              </Section>
            </SimpleGrid>
            <Section title={t('search.call.openTasks')} empty={d.openTasks.length === 0}>
              <Table>
                <Table.Tbody>
                  {d.openTasks.map((task) => (
                    <Table.Tr key={task.id}>
                      <Table.Td>{task.title}</Table.Td>
                      <Table.Td c="dimmed">{task.assigneeName}</Table.Td>
                      <Table.Td c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(task.dueAt)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function LogCall({ dossier, contactId }: { dossier: Dossier; contactId: number }) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState('');
  const log = useLogCall(dossier.company.id);
  return (
    <Card withBorder padding="sm">
      <Title order={5} mb="xs">
        {t('search.call.logTitle')}
      </Title>
      {log.isSuccess ? (
        <Alert color="green" icon={<IconCheck size={18} />} data-testid="call-logged">
          {t('search.call.logged', { company: dossier.company.name })}
        </Alert>
      ) : (
        <Stack gap="xs">
          <Textarea
            label={t('search.call.summary')}
            placeholder={t('search.call.summaryPlaceholder')}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
          />
          {log.isError && (
            <Text size="sm" c="red" role="alert">
              {errorMessage(t, log.error)}
            </Text>
          )}
          <Button
            leftSection={<IconPhoneCall size={16} />}
            loading={log.isPending}
            onClick={() => log.mutate({ type: 'call', companyId: dossier.company.id, contactId, direction: 'inbound', summary: summary.trim() })}
          >
            {t('search.call.log')}
          </Button>
        </Stack>
      )}
    </Card>
  );
}
