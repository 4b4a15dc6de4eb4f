import { Alert, Anchor, Badge, Button, Card, Group, List, Modal, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ExecutionResult } from '../../api/types';
import { formatDate, formatMoney } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { ErrorState, LoadingState } from '../../ui/states';
import { Aftercare } from './aftercare';
import { useApprove, useExecute, useHandover } from './handover-api';
import { HANDOVER_STATUS_COLORS } from './handovers-page';
import { PlanTable } from './plan-table';
import { warningText } from './reason-text';

const STEP = { draft: 1, approved: 2, executed: 4, returned: 4, cancelled: 1 } as const;
const KINDS = ['client', 'deal', 'task', 'order', 'seat'] as const;

export function HandoverPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const handover = useHandover(id);
  const approve = useApprove(id);
  const execute = useExecute(id);
  const [confirm, setConfirm] = useState<'approve' | 'execute' | null>(null);
  if (handover.isPending) return <LoadingState />;
  if (handover.isError) return <ErrorState error={handover.error} onRetry={() => void handover.refetch()} />;
  const h = handover.data;
  const result = execute.data ?? (h.result as ExecutionResult | null);
  const action = confirm === 'approve' ? approve : execute;

  return (
    <Stack>
      <Anchor component={Link} to="/handovers" size="sm">
        ← {t('handover.title')}
      </Anchor>
      <Group justify="space-between">
        <div>
          <Title order={2}>{t(`handover.heading.${h.kind}`, { name: h.employeeName })}</Title>
          <Text c="dimmed" size="sm">
            {h.kind === 'absence' ? `${formatDate(h.absentFrom)} – ${formatDate(h.absentTo)}` : `${t('handover.lastDay')}: ${formatDate(h.lastDay)}`}
            {h.toCompetitor ? ` · ${t('handover.toCompetitor')}` : ''}
            {h.reason ? ` · ${h.reason}` : ''}
          </Text>
        </div>
        <Badge size="lg" variant="light" color={HANDOVER_STATUS_COLORS[h.status]} data-testid="handover-status">
          {t(`handover.status.${h.status}`)}
        </Badge>
      </Group>
      <Stepper active={STEP[h.status]} size="sm">
        <Stepper.Step label={t('handover.step.form')} />
        <Stepper.Step label={t('handover.step.plan')} />
        <Stepper.Step label={t('handover.step.approve')} />
        <Stepper.Step label={t('handover.step.execute')} />
      </Stepper>
      {h.status === 'draft' && h.warningItems.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle />} title={t('handover.warnings')} data-testid="warnings">
          <List size="sm">
            {h.warningItems.map((w) => (
              <List.Item key={`${w.code}:${JSON.stringify(w.params)}`}>{warningText(t, w)}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Text size="sm" c={h.balance.count.withinTolerance && h.balance.revenue.withinTolerance ? 'dimmed' : 'orange'} data-testid="balance">
        {t('handover.balance', {
          min: h.balance.count.min,
          max: h.balance.count.max,
          rmin: formatMoney(h.balance.revenue.min, { compact: true }),
          rmax: formatMoney(h.balance.revenue.max, { compact: true }),
          pct: h.balance.tolerancePct,
        })}
        {h.unassigned > 0 ? ` · ${t('handover.unassignedCount', { count: h.unassigned })}` : ''}
      </Text>
      {result ? <ResultSummary result={result} /> : null}
      <Aftercare handover={h} />
      <Group>
        {h.status === 'draft' && <Button onClick={() => setConfirm('approve')}>{t('handover.approve')}</Button>}
        {h.status === 'approved' && (
          <Button color="red" onClick={() => setConfirm('execute')}>
            {t('handover.execute')}
          </Button>
        )}
      </Group>
      <PlanTable handover={h} />
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title={confirm ? t(`handover.confirm.${confirm}Title`) : ''}>
        <Stack>
          <Text size="sm">{confirm ? t(`handover.confirm.${confirm}`, { name: h.employeeName }) : ''}</Text>
          {action.error ? (
            <Alert color="red" role="alert">
              {errorMessage(t, action.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color={confirm === 'execute' ? 'red' : undefined}
              loading={action.isPending}
              onClick={() => action.mutate(undefined, { onSuccess: () => setConfirm(null) })}
            >
              {confirm === 'execute' ? t('handover.execute') : t('handover.approve')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ResultSummary({ result }: { result: ExecutionResult }) {
  const { t } = useTranslation();
  return (
    <Card withBorder data-testid="execution-result">
      <Alert
        color={result.ownsNothingOpen ? 'green' : 'orange'}
        icon={result.ownsNothingOpen ? <IconCircleCheck /> : <IconAlertTriangle />}
        title={result.ownsNothingOpen ? t('handover.result.nothingOpen') : t('handover.result.somethingOpen')}
        mb="sm"
      />
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th>{t('handover.result.moved')}</Table.Th>
            <Table.Th>{t('handover.result.skipped')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {KINDS.map((k) => (
            <Table.Tr key={k}>
              <Table.Td>{t(`handover.itemKind.${k}`)}</Table.Td>
              <Table.Td>{result.moved[k]}</Table.Td>
              <Table.Td>{result.skipped[k]}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="xs">
        {t('handover.result.extra', { calls: result.callTasks, emails: result.emailDrafts })}
      </Text>
    </Card>
  );
}
