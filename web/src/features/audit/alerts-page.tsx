import { Badge, Button, Group, Modal, Paper, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconShieldCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { errorMessage, fieldErrors } from '../../ui/errors';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { type Alert, ALERT_STATUSES, useAlerts, useDismissAlert, useReviewAlert } from './audit-api';

type Signal = { metric: string; value: number; usual: number; unit: 'day' | 'week'; ratio: number | null; text: string };
const STATUS_COLOR = { open: 'red', reviewed: 'green', dismissed: 'gray' } as const;

/** Departure signals: an employee suddenly exporting, revealing or looking far more than usual. */
export function AlertsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string>('open');
  const alerts = useAlerts(status === 'all' ? null : status);
  const items = alerts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack maw={1000}>
      <div>
        <Title order={2}>{t('audit.alertsTitle')}</Title>
        <Text c="dimmed" size="sm">
          {t('audit.alertsSubtitle')}
        </Text>
      </div>
      <SegmentedControl
        w="fit-content"
        value={status}
        onChange={setStatus}
        data={[...ALERT_STATUSES.map((s) => ({ value: s, label: t(`audit.status.${s}`) })), { value: 'all', label: t('audit.status.all') }]}
      />
      {alerts.isPending ? (
        <LoadingState />
      ) : alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconShieldCheck size={26} />} title={t('audit.alertsEmpty')} />
      ) : (
        <Stack gap="sm" data-testid="alerts-list">
          {items.map((a) => (
            <AlertCard key={a.id} alert={a} />
          ))}
        </Stack>
      )}
      {alerts.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void alerts.fetchNextPage()} loading={alerts.isFetchingNextPage}>
            {t('audit.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function AlertCard({ alert }: { alert: Alert }) {
  const { t } = useTranslation();
  const review = useReviewAlert();
  const [dismissing, setDismissing] = useState(false);
  const summary = typeof alert.evidence.summary === 'string' ? alert.evidence.summary : null;
  const signals = Array.isArray(alert.evidence.signals) ? (alert.evidence.signals as Signal[]) : [];
  return (
    <Paper withBorder p="md" data-testid="alert-card">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="xs">
              <Text fw={700}>{alert.employeeName}</Text>
              <Badge color={STATUS_COLOR[alert.status]} variant="light">
                {t(`audit.status.${alert.status}`)}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {t('audit.alertDay', { day: formatDate(alert.day), created: formatDateTime(alert.createdAt) })}
            </Text>
          </div>
          {alert.status === 'open' && (
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                color="green"
                leftSection={<IconCheck size={14} />}
                loading={review.isPending}
                onClick={() =>
                  review.mutate(alert.id, {
                    onSuccess: () => notifications.show({ color: 'green', message: t('audit.reviewed', { name: alert.employeeName }) }),
                    onError: (err) => notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(t, err) }),
                  })
                }
              >
                {t('audit.review')}
              </Button>
              <Button size="xs" variant="light" color="gray" leftSection={<IconX size={14} />} onClick={() => setDismissing(true)}>
                {t('audit.dismiss')}
              </Button>
            </Group>
          )}
        </Group>
        {summary && <Text size="sm">{summary}</Text>}
        {signals.length > 0 && (
          <Table withTableBorder verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.signal')}</Table.Th>
                <Table.Th ta="right">{t('audit.value')}</Table.Th>
                <Table.Th ta="right">{t('audit.usual')}</Table.Th>
                <Table.Th ta="right">{t('audit.ratio')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {signals.map((s) => (
                <Table.Tr key={s.metric}>
                  <Table.Td>{s.text}</Table.Td>
                  <Table.Td ta="right">{formatNumber(s.value)}</Table.Td>
                  <Table.Td ta="right">{t(`audit.per.${s.unit}`, { value: formatNumber(Math.round(s.usual * 10) / 10) })}</Table.Td>
                  <Table.Td ta="right">{s.ratio === null ? '—' : `×${formatNumber(Math.round(s.ratio * 10) / 10)}`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {alert.status !== 'open' && (
          <Text size="xs" c="dimmed">
            {t('audit.decided', { name: alert.reviewedByName ?? '—', at: formatDateTime(alert.reviewedAt) })}
            {alert.reason ? ` — ${alert.reason}` : ''}
          </Text>
        )}
      </Stack>
      <Modal opened={dismissing} onClose={() => setDismissing(false)} title={t('audit.dismissTitle', { name: alert.employeeName })}>
        {dismissing && <DismissForm alert={alert} onDone={() => setDismissing(false)} />}
      </Modal>
    </Paper>
  );
}

function DismissForm({ alert, onDone }: { alert: Alert; onDone: () => void }) {
  const { t } = useTranslation();
  const dismiss = useDismissAlert();
  const form = useForm({ initialValues: { reason: '' }, validate: { reason: (v) => (v.trim() ? null : t('validation.required')) } });
  const submit = form.onSubmit((v) =>
    dismiss.mutate(
      { id: alert.id, reason: v.reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('audit.dismissed', { name: alert.employeeName }) });
          onDone();
        },
        onError: (err) => {
          const { errors, rest } = fieldErrors(t, err, ['reason']);
          form.setErrors(errors);
          if (rest.length) notifications.show({ color: 'red', title: t('errors.title'), message: rest.join('\n') });
        },
      },
    ),
  );
  return (
    <form onSubmit={submit}>
    <Stack gap="sm">
      <Textarea label={t('audit.reasonLabel')} autosize minRows={3} data-autofocus {...form.getInputProps('reason')} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" color="gray" loading={dismiss.isPending}>
          {t('audit.dismiss')}
        </Button>
      </Group>
    </Stack>
    </form>
  );
}
