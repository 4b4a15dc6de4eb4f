import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FollowUp, Handover, HandoverMessage } from '../../api/types';
import { formatDate, formatMoney } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { type MessageFilter, useFollowUp, useHandoverMessages, useMarkMessage } from './handover-api';

const STATUS_COLORS: Record<HandoverMessage['status'], string> = { draft: 'gray', sent: 'blue', reached: 'green', failed: 'red', no_address: 'orange' };
const FILTERS = ['all', 'draft', 'sent', 'reached', 'failed', 'no_address'] as const;

/** After execution: did the clients hear from us, and did their revenue hold? */
export function Aftercare({ handover }: { handover: Handover }) {
  const executed = handover.status === 'executed' || handover.status === 'returned';
  if (!executed) return null;
  return (
    <>
      <FollowUpCard id={handover.id} />
      {handover.kind !== 'absence' && <OutreachCard id={handover.id} />}
    </>
  );
}

function FollowUpCard({ id }: { id: number }) {
  const { t } = useTranslation();
  const q = useFollowUp(id, true);
  return (
    <Card withBorder data-testid="follow-up">
      <Title order={4}>{t('handover.followUp.title')}</Title>
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t('handover.followUp.intro', { count: q.data.clients, date: formatDate(q.data.executedOn) })}
          </Text>
          <Text size="sm" data-testid="outreach-tally">
            {t('handover.followUp.tally', q.data.outreach)}
          </Text>
          <WindowsTable windows={q.data.windows} />
          {q.data.bySuccessor.length > 1 && <SuccessorTable rows={q.data.bySuccessor} />}
        </Stack>
      )}
    </Card>
  );
}

type Window = FollowUp['windows'][number];

/** A window still running compares part of a period with a whole one: no change is shown until it ends. */
function change(w: Window) {
  if (w.changePct === null || !w.complete) return '—';
  return `${w.changePct > 0 ? '+' : ''}${w.changePct.toFixed(1)}%`;
}

const fell = (w: Window) => w.complete && w.changePct !== null && w.changePct < 0;

function WindowsTable({ windows }: { windows: FollowUp['windows'] }) {
  const { t } = useTranslation();
  return (
    <Table data-testid="follow-up-windows">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('handover.followUp.window')}</Table.Th>
          <Table.Th>{t('handover.followUp.after')}</Table.Th>
          <Table.Th>{t('handover.followUp.before')}</Table.Th>
          <Table.Th>{t('handover.followUp.change')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {windows.map((w) => (
          <Table.Tr key={w.days}>
            <Table.Td>
              <Group gap="xs">
                {t('handover.followUp.days', { count: w.days })}
                {!w.complete && (
                  <Badge size="xs" variant="light" color="gray">
                    {t('handover.followUp.inProgress', { date: formatDate(w.to) })}
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>{formatMoney(w.revenueAfter)}</Table.Td>
            <Table.Td>{formatMoney(w.revenueBefore)}</Table.Td>
            <Table.Td c={fell(w) ? 'red' : undefined}>{change(w)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SuccessorTable({ rows }: { rows: FollowUp['bySuccessor'] }) {
  const { t } = useTranslation();
  const days = rows[0]?.windows.map((w) => w.days) ?? [];
  return (
    <Table data-testid="follow-up-successors">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('handover.followUp.successor')}</Table.Th>
          <Table.Th>{t('handover.followUp.clients')}</Table.Th>
          {days.map((d) => (
            <Table.Th key={d}>{t('handover.followUp.days', { count: d })}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.successorId}>
            <Table.Td>{r.successorName}</Table.Td>
            <Table.Td>{r.clients}</Table.Td>
            {r.windows.map((w) => (
              <Table.Td key={w.days} c={fell(w) ? 'red' : undefined}>
                {change(w)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function OutreachCard({ id }: { id: number }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  const query: MessageFilter = filter === 'all' ? {} : { status: filter };
  const q = useHandoverMessages(id, query, true);
  const mark = useMarkMessage(id);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card withBorder data-testid="outreach">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('handover.outreach.title')}</Title>
        <SegmentedControl size="xs" value={filter} onChange={(v) => setFilter(v as typeof filter)} data={FILTERS.map((f) => ({ value: f, label: t(`handover.outreach.filter.${f}`) }))} />
      </Group>
      {mark.error ? (
        <Text c="red" size="sm" role="alert">
          {errorMessage(t, mark.error)}
        </Text>
      ) : null}
      {q.isPending ? (
        <LoadingState />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('handover.outreach.none')} />
      ) : (
        <>
          <Table striped data-testid="outreach-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('handover.outreach.client')}</Table.Th>
                <Table.Th>{t('handover.outreach.what')}</Table.Th>
                <Table.Th>{t('handover.outreach.to')}</Table.Th>
                <Table.Th>{t('handover.outreach.due')}</Table.Th>
                <Table.Th>{t('handover.outreach.status')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id} data-testid="outreach-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/clients/${m.companyId}`} size="sm">
                      {m.companyName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(m.channel === 'call' ? 'handover.outreach.call' : `handover.outreach.letter${m.step === 1 ? 1 : 2}`)}</Text>
                    {m.subject ? (
                      <Text size="xs" c="dimmed">
                        {m.subject}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.toAddress ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(m.dueOn)}</Table.Td>
                  <Table.Td miw={130}>
                    <Badge variant="light" color={STATUS_COLORS[m.status]} data-testid="outreach-status">
                      {t(`handover.outreach.filter.${m.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <MessageActions message={m} pending={mark.isPending && mark.variables.messageId === m.id} onMark={(status) => mark.mutate({ messageId: m.id, status })} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {q.hasNextPage && (
            <Button variant="subtle" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} mt="xs">
              {t('common.showMore')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}

/** What can be recorded next: a draft goes out, then the client is reached (or it failed). */
function MessageActions({ message, pending, onMark }: { message: HandoverMessage; pending: boolean; onMark: (s: 'sent' | 'reached' | 'failed') => void }) {
  const { t } = useTranslation();
  if (message.status === 'reached' || message.status === 'no_address') return null;
  const next: Array<'sent' | 'reached' | 'failed'> = message.status === 'draft' && message.channel === 'email' ? ['sent', 'failed'] : message.status === 'failed' ? ['reached'] : ['reached', 'failed'];
  return (
    <Group gap={4} wrap="nowrap">
      {next.map((s) => (
        <Button key={s} size="compact-xs" variant={s === 'failed' ? 'subtle' : 'light'} color={s === 'failed' ? 'red' : undefined} loading={pending} onClick={() => onMark(s)}>
          {t(`handover.outreach.mark.${s}`)}
        </Button>
      ))}
    </Group>
  );
}
