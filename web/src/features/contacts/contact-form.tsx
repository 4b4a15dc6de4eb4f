import { ActionIcon, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Contact, ContactInput } from '../../api/types';
import { fieldErrors } from '../../ui/errors';
import { useMe } from '../auth/auth-api';
import { useSaveContact } from './contacts-api';

type Values = { name: string; position: string; isDecisionMaker: boolean; phones: string[]; emails: string[]; birthday: string | null };
const FIELDS = ['name', 'position', 'isDecisionMaker', 'phones', 'emails', 'birthday'] as const;

export function ContactFormModal({ companyId, contact, opened, onClose }: { companyId: number; contact?: Contact; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={contact ? t('contactForm.editTitle') : t('contactForm.newTitle')} size="md">
      {opened && <ContactForm companyId={companyId} contact={contact} onDone={onClose} />}
    </Modal>
  );
}

function ContactForm({ companyId, contact, onDone }: { companyId: number; contact?: Contact; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveContact(companyId, contact?.id);
  const policy = useMe().data?.policy;
  // Masked values cannot be edited: they stay as stored, and what is typed here is added to them.
  const hidden = { phones: contact && policy?.maskPhones ? contact.phones : [], emails: contact && policy?.maskEmails ? contact.emails : [] };
  const editable = (list: 'phones' | 'emails') => (contact && !hidden[list].length && contact[list].length ? contact[list] : ['']);
  const form = useForm<Values>({
    initialValues: {
      name: contact?.name ?? '',
      position: contact?.position ?? '',
      isDecisionMaker: contact?.isDecisionMaker ?? false,
      phones: editable('phones'),
      emails: editable('emails'),
      birthday: contact?.birthday ?? null,
    },
    validate: { name: (v) => (v.trim() ? null : t('validation.required')) },
  });

  const submit = form.onSubmit((v) => {
    // Blank rows are dropped before sending, so the API's indexes (phones.<i>) must be mapped
    // back to the rows the person sees.
    const phoneRows = v.phones.map((p, i) => [p.trim(), i] as const).filter(([p]) => p);
    const emailRows = v.emails.map((e, i) => [e.trim(), i] as const).filter(([e]) => e);
    const body: ContactInput = {
      companyId,
      name: v.name,
      position: v.position.trim() || null,
      isDecisionMaker: v.isDecisionMaker,
      phones: phoneRows.map(([p]) => p),
      emails: emailRows.map(([e]) => e),
      birthday: v.birthday || null,
    };
    const rowOf = (field: string) =>
      field.replace(/^(phones|emails)\.(\d+)/, (_m, list: string, i: string) => {
        const rows = list === 'phones' ? phoneRows : emailRows;
        return `${list}.${rows[Number(i)]?.[1] ?? i}`;
      });
    save.mutate(body, {
      onSuccess: (saved) => {
        notifications.show({ color: 'green', message: contact ? t('contactForm.saved') : t('contactForm.created', { name: saved.name }) });
        onDone();
      },
      onError: (err) => {
        const { errors, rest } = fieldErrors(t, err, FIELDS, rowOf);
        form.setErrors(errors);
        if (rest.length) notifications.show({ color: 'red', title: t('errors.title'), message: rest.join('\n') });
      },
    });
  });

  const listInputs = (list: 'phones' | 'emails') => (
    <Stack gap={6}>
      <Text size="sm" fw={500} component="span" id={`${list}-label`}>
        {t(`contactForm.${list}`)}
      </Text>
      {hidden[list].length > 0 && (
        <Text size="xs" c="dimmed">
          {t('contactForm.hidden', { values: hidden[list].join(', ') })}
        </Text>
      )}
      {form.values[list].map((_, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            aria-label={`${t(`contactForm.${list === 'phones' ? 'phone' : 'email'}`)} ${i + 1}`}
            placeholder={list === 'phones' ? '+7 912 345-67-89' : 'name@company.ru'}
            type={list === 'phones' ? 'tel' : 'email'}
            {...form.getInputProps(`${list}.${i}`)}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={t('common.remove')}
            onClick={() => form.removeListItem(list, i)}
            disabled={form.values[list].length === 1}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem(list, '')} w="fit-content">
        {t(`contactForm.add.${list}`)}
      </Button>
    </Stack>
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label={t('contactForm.name')} required data-autofocus {...form.getInputProps('name')} />
        <TextInput label={t('contactForm.position')} {...form.getInputProps('position')} />
        <Checkbox label={t('contactForm.isDecisionMaker')} {...form.getInputProps('isDecisionMaker', { type: 'checkbox' })} />
        {listInputs('phones')}
        {listInputs('emails')}
        <DateInput
          label={t('contactForm.birthday')}
          valueFormat="DD.MM.YYYY"
          clearable
          maxDate={new Date()}
          {...form.getInputProps('birthday')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {contact ? t('common.save') : t('contactForm.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
