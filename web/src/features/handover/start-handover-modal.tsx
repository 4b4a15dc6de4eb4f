import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../ui/errors';
import { useEmployeeOptions } from '../employees/employees-api';
import { useStartHandover } from './handover-api';

const today = () => new Date().toISOString().slice(0, 10);

type Props = { opened: boolean; onClose: () => void } & ({ employeeId: number; name: string } | { employeeId?: undefined; name?: undefined });

/**
 * Step 1 of the wizard: who leaves (or is away), when and why; the API drafts the plan. Opened from
 * an employee's card the person is given; opened from the handovers list it asks for them first.
 */
export function StartHandoverModal({ employeeId, name, opened, onClose }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useStartHandover();
  const [picked, setPicked] = useState<string | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [kind, setKind] = useState<'departure' | 'absence'>('departure');
  const [lastDay, setLastDay] = useState(today());
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [toCompetitor, setToCompetitor] = useState(false);
  const { errors, rest } = start.error ? fieldErrors(t, start.error, ['lastDay', 'from', 'to', 'reason', 'toCompetitor']) : { errors: {}, rest: [] };

  const submit = () => {
    const who = employeeId ?? (picked === null ? null : Number(picked));
    if (who === null) {
      setPickError(t('handover.pickEmployeeFirst'));
      return;
    }
    const body =
      kind === 'departure'
        ? ({ employeeId: who, kind, data: { lastDay, reason: reason || undefined, toCompetitor } } as const)
        : ({ employeeId: who, kind, data: { from, to, reason: reason || undefined } } as const);
    start.mutate(body, { onSuccess: (h) => void navigate(`/handovers/${h.id}`) });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={name === undefined ? t('handover.new') : t('handover.startTitle', { name })}>
      <Stack>
        {employeeId === undefined && (
          <EmployeePicker
            value={picked}
            error={pickError}
            onChange={(v) => {
              setPicked(v);
              setPickError(null);
            }}
          />
        )}
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
        <DraftFooter problems={rest} onCancel={onClose} onDraft={submit} pending={start.isPending} />
      </Stack>
    </Modal>
  );
}

/** The person whose work is handed over, among employees still working here. */
function EmployeePicker({ value, error, onChange }: { value: string | null; error: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  const employees = useEmployeeOptions();
  return (
    <Select
      label={t('handover.employee')}
      placeholder={t('handover.pickEmployee')}
      data={employees.options}
      value={value}
      onChange={onChange}
      error={error}
      searchable
      nothingFoundMessage={t('common.nothingFound')}
      disabled={employees.isLoading}
      required
      data-autofocus
    />
  );
}

/** The foot of every "draft a plan" form: what went wrong that no field owns, then cancel or draft. */
export function DraftFooter({ problems, onCancel, onDraft, pending }: { problems: string[]; onCancel: () => void; onDraft: () => void; pending: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {problems.length > 0 && (
        <Alert color="red" role="alert">
          {problems.join('; ')}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button onClick={onDraft} loading={pending}>
          {t('handover.draftPlan')}
        </Button>
      </Group>
    </>
  );
}
