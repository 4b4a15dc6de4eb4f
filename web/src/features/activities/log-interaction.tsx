import { Button, Group, Paper, SegmentedControl, Select, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Activity, Contact } from '../../api/types';
import { fieldErrors } from '../../ui/errors';
import { useLogActivity } from './activities-api';

// The types a person logs by hand from the card; a visit is a meeting on the client's premises.
const QUICK_TYPES = ['call', 'meeting', 'email', 'note'] as const satisfies ReadonlyArray<Activity['type']>;
type Values = { type: (typeof QUICK_TYPES)[number]; direction: 'inbound' | 'outbound'; contactId: string | null; summary: string };

/** Log a call, meeting, email or note in two clicks: pick the type, write, press Log. */
export function LogInteraction({ companyId, contacts }: { companyId: number; contacts: Contact[] }) {
  const { t } = useTranslation();
  const log = useLogActivity(companyId);
  const form = useForm<Values>({ initialValues: { type: 'call', direction: 'outbound', contactId: null, summary: '' } });
  const { type } = form.values;
  const directional = type === 'call' || type === 'email';

  const submit = form.onSubmit((v) => {
    log.mutate(
      {
        type: v.type,
        companyId,
        contactId: v.contactId ? Number(v.contactId) : null,
        direction: v.type === 'call' || v.type === 'email' ? v.direction : null,
        summary: v.summary,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t(`activity.logged.${v.type}`) });
          form.setFieldValue('summary', '');
        },
        onError: (err) => {
          const { errors, rest } = fieldErrors(t, err, ['summary', 'contactId', 'direction', 'type']);
          form.setErrors(errors);
          if (rest.length) notifications.show({ color: 'red', title: t('errors.title'), message: rest.join('\n') });
        },
      },
    );
  });

  return (
    <Paper p="md" component="form" onSubmit={submit} aria-label={t('activity.logTitle')} data-testid="log-interaction">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <SegmentedControl
            aria-label={t('activity.type')}
            data={QUICK_TYPES.map((value) => ({ value, label: t(`activityType.${value}`) }))}
            {...form.getInputProps('type')}
          />
          <Group gap="sm">
            {directional && (
              <SegmentedControl
                size="xs"
                aria-label={t('activity.direction')}
                data={[
                  { value: 'outbound', label: t('direction.outbound') },
                  { value: 'inbound', label: t('direction.inbound') },
                ]}
                {...form.getInputProps('direction')}
              />
            )}
            <Select
              size="xs"
              aria-label={t('activity.contact')}
              placeholder={t('activity.contactPlaceholder')}
              data={contacts.map((c) => ({ value: String(c.id), label: c.name }))}
              clearable
              searchable
              w={200}
              {...form.getInputProps('contactId')}
            />
          </Group>
        </Group>
        <Textarea
          label={t('activity.summary')}
          placeholder={t(`activity.summaryPlaceholder.${type}`)}
          autosize
          minRows={2}
          maxRows={8}
          {...form.getInputProps('summary')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={log.isPending}>
            {t(`activity.log.${type}`)}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
