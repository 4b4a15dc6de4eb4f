import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, RevealField } from '../../api/types';
import { fieldErrors } from '../../ui/errors';
import { useRevealContact } from './contacts-api';

/** "Show" for a masked phone or email list: asks why, then hands the clear values to `onRevealed`. */
export function RevealButton({ contact, field, onRevealed }: { contact: Contact; field: RevealField; onRevealed: (values: string[]) => void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const reveal = useRevealContact();
  const form = useForm({ initialValues: { reason: '' }, validate: { reason: (v) => (v.trim().length >= 5 ? null : t('reveal.reasonTooShort')) } });

  const submit = form.onSubmit(({ reason }) =>
    reveal.mutate(
      { id: contact.id, field, reason },
      {
        onSuccess: (res) => {
          onRevealed(res.values);
          setOpened(false);
          form.reset();
          if (res.remainingToday !== null) notifications.show({ color: 'blue', message: t('reveal.remaining', { count: res.remainingToday }) });
        },
        onError: (err) => {
          const { errors, rest } = fieldErrors(t, err, ['reason']);
          form.setErrors(errors);
          if (rest.length) notifications.show({ color: 'red', title: t('reveal.failed'), message: rest.join('\n') });
        },
      },
    ),
  );

  return (
    <>
      <Button size="compact-xs" variant="subtle" leftSection={<IconEye size={12} />} onClick={() => setOpened(true)} aria-label={t(`reveal.show.${field}`, { name: contact.name })}>
        {t('reveal.button')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t(`reveal.title.${field}`, { name: contact.name })}>
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('reveal.explain')}
            </Text>
            <Textarea label={t('reveal.reason')} placeholder={t('reveal.reasonPlaceholder')} autosize minRows={2} data-autofocus {...form.getInputProps('reason')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={reveal.isPending}>
                {t('reveal.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
