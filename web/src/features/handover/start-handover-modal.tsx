import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../ui/errors';
import { useStartHandover } from './handover-api';

const today = () => new Date().toISOString().slice(0, 10);

/** Step 1 of the wizard: when and why the person leaves (or is away); the API drafts the plan. */
export function StartHandoverModal({ employeeId, name, opened, onClose }: { employeeId: number; name: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useStartHandover(employeeId);
  const [kind, setKind] = useState<'departure' | 'absence'>('departure');
  const [lastDay, setLastDay] = useState(today());
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [toCompetitor, setToCompetitor] = useState(false);
  const { errors, rest } = start.error ? fieldErrors(t, start.error, ['lastDay', 'from', 'to', 'reason', 'toCompetitor']) : { errors: {}, rest: [] };

  const submit = () => {
    const body =
      kind === 'departure'
        ? ({ kind, data: { lastDay, reason: reason || undefined, toCompetitor } } as const)
        : ({ kind, data: { from, to, reason: reason || undefined } } as const);
    start.mutate(body, { onSuccess: (h) => void navigate(`/handovers/${h.id}`) });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('handover.startTitle', { name })}>
      <Stack>
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as 'departure' | 'absence')}
          data={[
            { value: 'departure', label: t('handover.kind.departure') },
            { value: 'absence', label: t('handover.kind.absence') },
          ]}
        />
        {kind === 'departure' ? (
          <>
            <TextInput type="date" label={t('handover.lastDay')} value={lastDay} onChange={(e) => setLastDay(e.currentTarget.value)} error={errors.lastDay} required />
            <Checkbox label={t('handover.toCompetitor')} description={t('handover.toCompetitorHint')} checked={toCompetitor} onChange={(e) => setToCompetitor(e.currentTarget.checked)} />
          </>
        ) : (
          <Group grow>
            <TextInput type="date" label={t('handover.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors.from} required />
            <TextInput type="date" label={t('handover.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} error={errors.to} required />
          </Group>
        )}
        <Textarea label={t('handover.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} autosize minRows={2} />
        {rest.length > 0 && (
          <Alert color="red" role="alert">
            {rest.join('; ')}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={start.isPending}>
            {t('handover.draftPlan')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
