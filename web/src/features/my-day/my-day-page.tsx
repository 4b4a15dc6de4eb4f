import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { IconCalendarCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { Task } from '../../api/types';
import { formatLongDate } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { TaskRow } from '../tasks/task-row';
import { useMyDay } from '../tasks/tasks-api';

function startOfToday() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function MyDayPage() {
  const { t } = useTranslation();
  const tasks = useMyDay();

  if (tasks.isPending) return <LoadingState />;
  if (tasks.isError) return <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />;

  const cutoff = startOfToday();
  const overdue: Task[] = [];
  const dueToday: Task[] = [];
  for (const task of tasks.data.items) (task.dueAt && new Date(task.dueAt).getTime() < cutoff ? overdue : dueToday).push(task);

  return (
    <Stack maw={960}>
      <div>
        <Title order={2}>{t('myDay.title')}</Title>
        <Text c="dimmed" size="sm">
          {formatLongDate(new Date())}
        </Text>
        <Text size="sm" mt={4} data-testid="my-day-summary">
          {t('myDay.summary', { count: tasks.data.items.length })}
        </Text>
      </div>
      {tasks.data.items.length === 0 ? (
        <EmptyState icon={<IconCalendarCheck size={26} />} title={t('myDay.empty')} hint={t('myDay.emptyHint')} />
      ) : (
        <>
          {overdue.length > 0 && (
            <Section title={t('myDay.overdue')} count={overdue.length} color="red">
              {overdue.map((task) => (
                <TaskRow key={task.id} task={task} overdue />
              ))}
            </Section>
          )}
          {dueToday.length > 0 && (
            <Section title={t('myDay.today')} count={dueToday.length} color="blue">
              {dueToday.map((task) => (
                <TaskRow key={task.id} task={task} />
              ))}
            </Section>
          )}
        </>
      )}
    </Stack>
  );
}

function Section({ title, count, color, children }: { title: string; count: number; color: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Group gap="xs">
        <Title order={4}>{title}</Title>
        <Badge color={color} variant="light">
          {count}
        </Badge>
      </Group>
      {children}
    </Stack>
  );
}
