import { Group, Modal, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fieldErrors } from '../../ui/errors';
import { useEmployeeOptions } from '../employees/employees-api';
import { useStartHunterHandover } from './handover-api';
import { DraftFooter } from './start-handover-modal';

type Client = { id: number; name: string; ownerId: number; ownerName: string | null };

/**
 * From a client's card: the client a hunter won moves to account management by the handover
 * mechanics (plan, approval, execution), and the hunter keeps a recorded share of the credit.
 */
export function HunterHandoverModal({ client, opened, onClose }: { client: Client; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useStartHunterHandover();
  const employees = useEmployeeOptions();
  const [manager, setManager] = useState<string | null>(null);
  const [share, setShare] = useState<number | string>(20);
  const [months, setMonths] = useState<number | string>(12);
  const { errors, rest } = start.error ? fieldErrors(t, start.error, ['accountManagerId', 'creditSharePct', 'creditMonths', 'companyIds']) : { errors: {}, rest: [] };

  const submit = () =>
    start.mutate(
      {
        hunterId: client.ownerId,
        body: { companyIds: [client.id], creditSharePct: Number(share), creditMonths: Number(months), ...(manager ? { accountManagerId: Number(manager) } : {}) },
      },
      { onSuccess: (h) => void navigate(`/handovers/${h.id}`) },
    );

  return (
    <Modal opened={opened} onClose={onClose} title={t('handover.hunter.title', { name: client.name })}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('handover.hunter.intro', { hunter: client.ownerName ?? '—' })}
        </Text>
        <Select
          label={t('handover.hunter.accountManager')}
          placeholder={t('handover.hunter.byRules')}
          description={t('handover.hunter.byRulesHint')}
          data={employees.options.filter((o) => o.value !== String(client.ownerId))}
          value={manager}
          onChange={setManager}
          error={errors.accountManagerId}
          searchable
          clearable
          nothingFoundMessage={t('common.nothingFound')}
        />
        <Group grow align="flex-start">
          <NumberInput label={t('handover.hunter.share')} suffix=" %" min={1} max={100} value={share} onChange={setShare} error={errors.creditSharePct} required />
          <NumberInput label={t('handover.hunter.months')} min={1} max={120} value={months} onChange={setMonths} error={errors.creditMonths} required />
        </Group>
        <DraftFooter problems={[...rest, ...(errors.companyIds ? [errors.companyIds] : [])]} onCancel={onClose} onDraft={submit} pending={start.isPending} />
      </Stack>
    </Modal>
  );
}
