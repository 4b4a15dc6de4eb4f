import { Button, Group, Paper, Stack, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../ui/errors';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { TaskRow } from '../tasks/task-row';
import { useCreateTask } from '../tasks/tasks-api';
import { useClientTasks } from './card-api';

export function ClientTasksPanel({ companyId }: { companyId: number }) {
  const { t } = useTranslation();
  const tasks = useClientTasks(companyId);
  const now = Date.now();
  return (
    <Stack>
      <NewTaskForm companyId={companyId} />
      {tasks.isPending ? (
        <LoadingState />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : tasks.data.items.length === 0 ? (
        <EmptyState title={t('tasks.emptyClient')} hint={t('tasks.emptyClientHint')} />
      ) : (
        tasks.data.items.map((task) => <TaskRow key={task.id} task={task} showClient={false} overdue={!!task.dueAt && new Date(task.dueAt).getTime() < now} />)
      )}
    </Stack>
  );
}

function NewTaskForm({ companyId }: { companyId: number }) {
  const { t } = useTranslation();
  const create = useCreateTask();
  const form = useForm<{ title: string; dueAt: string | null }>({
    initialValues: { title: '', dueAt: dayjs().add(1, 'day').hour(10).minute(0).format('YYYY-MM-DD HH:mm:ss') },
    validate: { title: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      { title: v.title, companyId, dueAt: v.dueAt ? dayjs(v.dueAt).toISOString() : null },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('tasks.created') });
          form.reset();
        },
        onError: (err) => {
          const { errors, rest } = fieldErrors(t, err, ['title', 'dueAt']);
          form.setErrors(errors);
          if (rest.length) notifications.show({ color: 'red', title: t('errors.title'), message: rest.join('\n') });
        },
      },
    ),
  );
  return (
    <Paper p="sm" component="form" onSubmit={submit} aria-label={t('tasks.new')}>
      <Group align="flex-end" gap="sm">
        <TextInput label={t('tasks.newTitle')} placeholder={t('tasks.newPlaceholder')} style={{ flex: '1 1 240px' }} {...form.getInputProps('title')} />
        <DateTimePicker label={t('tasks.due')} valueFormat="DD.MM.YYYY HH:mm" clearable w={200} {...form.getInputProps('dueAt')} />
        <Button type="submit" leftSection={<IconPlus size={14} />} loading={create.isPending}>
          {t('tasks.add')}
        </Button>
      </Group>
    </Paper>
  );
}
