import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { isManagement } from '../../../../src/domain/actor';
import type { Company, CompanyInput } from '../../api/types';
import { fieldErrors } from '../../ui/errors';
import { useMe } from '../auth/auth-api';
import { useEmployeeOptions } from '../employees/employees-api';
import { COMPANY_STATUSES } from './client-status';
import { useSaveClient } from './clients-api';

type Values = {
  name: string;
  legalName: string;
  inn: string;
  kpp: string;
  status: Company['status'];
  ownerId: string | null;
  annualPotential: string;
  tags: string[];
  address: string;
  website: string;
};
const FIELDS = ['name', 'legalName', 'inn', 'kpp', 'status', 'ownerId', 'annualPotential', 'tags', 'address', 'website'] as const;

function toValues(c?: Company): Values {
  return {
    name: c?.name ?? '',
    legalName: c?.legalName ?? '',
    inn: c?.inn ?? '',
    kpp: c?.kpp ?? '',
    status: c?.status ?? 'prospect',
    ownerId: c?.ownerId ? String(c.ownerId) : null,
    annualPotential: c?.annualPotential ?? '',
    tags: c?.tags ?? [],
    address: c?.address ?? '',
    website: c?.website ?? '',
  };
}

// Empty inputs mean "no value"; the API decides what is valid and says so per field.
function toBody(v: Values): CompanyInput {
  const orNull = (s: string) => (s.trim() ? s.trim() : null);
  return {
    name: v.name,
    legalName: orNull(v.legalName),
    inn: orNull(v.inn),
    kpp: orNull(v.kpp),
    status: v.status,
    ownerId: v.ownerId ? Number(v.ownerId) : null,
    annualPotential: orNull(v.annualPotential.replace(/\s/g, '').replace(',', '.')),
    tags: v.tags,
    address: orNull(v.address),
    website: orNull(v.website),
  };
}

export function ClientFormModal({ opened, onClose, client, onSaved }: { opened: boolean; onClose: () => void; client?: Company; onSaved?: (c: Company) => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={client ? t('clientForm.editTitle') : t('clientForm.newTitle')} size="lg">
      {opened && (
        <ClientForm
          client={client}
          onDone={(c) => {
            onClose();
            onSaved?.(c);
          }}
          onCancel={onClose}
        />
      )}
    </Modal>
  );
}

function ClientForm({ client, onDone, onCancel }: { client?: Company; onDone: (c: Company) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const employees = useEmployeeOptions();
  const save = useSaveClient(client?.id);
  const management = me ? isManagement(me) : false;
  const form = useForm<Values>({
    initialValues: toValues(client),
    validate: { name: (v) => (v.trim() ? null : t('validation.required')) },
  });

  const submit = form.onSubmit((values) => {
    const body = toBody(values);
    // A non-manager's new client is theirs; only management assigns owners.
    if (!management) delete body.ownerId;
    save.mutate(body, {
      onSuccess: (saved) => {
        notifications.show({ color: 'green', message: client ? t('clientForm.saved') : t('clientForm.created', { name: saved.name }) });
        onDone(saved);
      },
      onError: (err) => {
        const { errors, rest } = fieldErrors(t, err, FIELDS);
        form.setErrors(errors);
        if (rest.length) notifications.show({ color: 'red', title: t('errors.title'), message: rest.join('\n') });
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {save.isError && Object.keys(form.errors).length > 0 && (
          <Alert color="red" role="alert">
            {t('errors.fixFields')}
          </Alert>
        )}
        <TextInput label={t('clientForm.name')} required data-autofocus {...form.getInputProps('name')} />
        <TextInput label={t('clientForm.legalName')} {...form.getInputProps('legalName')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('clientForm.inn')} inputMode="numeric" description={t('clientForm.innHint')} {...form.getInputProps('inn')} />
          <TextInput label={t('clientForm.kpp')} description={t('clientForm.kppHint')} {...form.getInputProps('kpp')} />
          <Select
            label={t('clientForm.status')}
            data={COMPANY_STATUSES.map((s) => ({ value: s, label: t(`clientStatus.${s}`) }))}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          <Select
            label={t('clientForm.owner')}
            data={employees.options}
            searchable
            clearable
            disabled={!management}
            description={management ? undefined : t('clientForm.ownerHint')}
            nothingFoundMessage={t('common.nothingFound')}
            {...form.getInputProps('ownerId')}
          />
          <TextInput label={t('clientForm.annualPotential')} inputMode="decimal" rightSection="₽" {...form.getInputProps('annualPotential')} />
          <TextInput label={t('clientForm.website')} {...form.getInputProps('website')} />
        </SimpleGrid>
        <TagsInput label={t('clientForm.tags')} description={t('clientForm.tagsHint')} clearable {...form.getInputProps('tags')} />
        <TextInput label={t('clientForm.address')} {...form.getInputProps('address')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {client ? t('common.save') : t('clientForm.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
