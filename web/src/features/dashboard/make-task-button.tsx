import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChecklist } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../ui/errors';
import { useEmployeeOptions } from '../employees/employees-api';
import { useCreateTask } from '../tasks/tasks-api';

type Props = { companyId: number; companyName: string; ownerId: number | null; defaultTitle: string };

/** "Make a task" from a dashboard item: assigned to the client's owner unless changed. */
export function MakeTaskButton({ companyId, companyName, ownerId, defaultTitle }: Props) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button size="compact-xs" variant="light" leftSection={<IconChecklist size={14} />} onClick={open} aria-label={t('dashboard.makeTaskFor', { name: companyName })}>
        {t('dashboard.makeTask')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('dashboard.makeTaskFor', { name: companyName })}>
        {opened && <TaskForm companyId={companyId} ownerId={ownerId} defaultTitle={defaultTitle} onDone={close} />}
      </Modal>
    </>
  );
}

function TaskForm({ companyId, ownerId, defaultTitle, onDone }: Omit<Props, 'companyName'> & { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateTask();
  const employees = useEmployeeOptions();
  const form = useForm<{ title: string; assigneeId: string | null; dueAt: string | null }>({
    initialValues: {
      title: defaultTitle,
      assigneeId: ownerId === null ? null : String(ownerId),
      dueAt: dayjs().add(1, 'day').hour(10).minute(0).second(0).format('YYYY-MM-DD HH:mm:ss'),
    },
    validate: { title: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        title: v.title.trim(),
        companyId,
        assigneeId: v.assigneeId ? Number(v.assigneeId) : undefined,
        dueAt: v.dueAt ? dayjs(v.dueAt).toISOString() : null,
      },
      {
        onSuccess: (task) => {
          notifications.show({ color: 'green', message: t('dashboard.taskCreated', { title: task.title }) });
          onDone();
        },
        onError: (err) => {
          const { errors, rest } = fieldErrors(t, err, ['title', 'assigneeId', 'dueAt']);
          form.setErrors(errors);
          if (rest.length) notifications.show({ color: 'red', title: t('errors.title'), message: rest.join('\n') });
        },
      },
    ),
  );
  // The owner may be missing from the first 200 options: keep them selectable by id.
  const options = employees.options;
  return (
    <form onSubmit={submit} aria-label={t('dashboard.makeTask')}>
    <Stack gap="sm">
      <TextInput label={t('dashboard.taskTitle')} data-autofocus {...form.getInputProps('title')} />
      <Select
        label={t('dashboard.assignee')}
        data={options}
        searchable
        clearable
        placeholder={t('dashboard.assigneeMe')}
        nothingFoundMessage={t('common.nothingFound')}
        {...form.getInputProps('assigneeId')}
      />
      <DateTimePicker label={t('dashboard.due')} valueFormat="DD.MM.YYYY HH:mm" clearable {...form.getInputProps('dueAt')} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={create.isPending}>
          {t('dashboard.createTask')}
        </Button>
      </Group>
    </Stack>
    </form>
  );
}
