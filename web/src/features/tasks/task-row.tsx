import { Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task } from '../../api/types';
import { formatDateTime, formatRelative, formatTime } from '../../i18n/format';
import { fieldErrors } from '../../ui/errors';
import { useCompleteTask } from './tasks-api';

/** A task with its result field and Done button: write what happened, one click closes it. */
export function TaskRow({ task, overdue, showClient = true }: { task: Task; overdue?: boolean; showClient?: boolean }) {
  const { t } = useTranslation();
  const complete = useCompleteTask();
  const [result, setResult] = useState('');
  const [error, setError] = useState<string | null>(null);

  const done = () => {
    if (!result.trim()) {
      setError(t('tasks.resultRequired'));
      return;
    }
    complete.mutate(
      { id: task.id, result: result.trim() },
      {
        onSuccess: () => notifications.show({ color: 'green', message: t('tasks.completed', { title: task.title }) }),
        onError: (err) => {
          const { errors, rest } = fieldErrors(t, err, ['result']);
          setError(errors.result ?? rest.join('; '));
        },
      },
    );
  };

  return (
    <Paper p="sm" data-testid="task-row" aria-label={task.title} component="article">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 260px' }}>
          <Group gap="xs">
            <Text fw={600} size="sm">
              {task.title}
            </Text>
            {task.origin === 'rule' && (
              <Badge size="xs" variant="light" color="grape">
                {t('tasks.fromRule')}
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            {task.dueAt && (
              <Text size="xs" c={overdue ? 'red' : 'dimmed'} title={formatDateTime(task.dueAt)}>
                {overdue ? t('tasks.overdueSince', { when: formatRelative(task.dueAt) }) : t('tasks.dueAt', { time: formatTime(task.dueAt) })}
              </Text>
            )}
            {showClient && task.companyId && task.companyName && (
              <Anchor component={Link} to={`/clients/${task.companyId}`} size="xs">
                {task.companyName}
              </Anchor>
            )}
            {!showClient && (
              <Text size="xs" c="dimmed">
                · {task.assigneeName}
              </Text>
            )}
            {task.dealTitle && (
              <Text size="xs" c="dimmed">
                · {task.dealTitle}
              </Text>
            )}
          </Group>
        </Stack>
        <Group gap="xs" align="flex-start" wrap="nowrap" style={{ flex: '1 1 320px' }}>
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            aria-label={t('tasks.resultFor', { title: task.title })}
            placeholder={t('tasks.resultPlaceholder')}
            value={result}
            error={error}
            onChange={(e) => {
              setResult(e.currentTarget.value);
              setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') done();
            }}
          />
          <Button size="xs" color="green" leftSection={<IconCheck size={14} />} loading={complete.isPending} onClick={done}>
            {t('tasks.done')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
