import { Badge, Button, Center, Group, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useActivities } from './activities-api';
import { ActivityIcon } from './activity-icon';

export function ActivityTimeline({ companyId }: { companyId: number }) {
  const { t } = useTranslation();
  const q = useActivities(companyId);
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const items = q.data.pages.flatMap((p) => p.items);
  if (!items.length) return <EmptyState title={t('activity.empty')} hint={t('activity.emptyHint')} />;
  return (
    <>
      <Timeline bulletSize={28} lineWidth={2} data-testid="activity-timeline">
        {items.map((a) => (
          <Timeline.Item
            key={a.id}
            bullet={<ActivityIcon type={a.type} />}
            title={
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {t(`activityType.${a.type}`)}
                </Text>
                {a.direction && (
                  <Badge size="xs" variant="light" color="gray">
                    {t(`direction.${a.direction}`)}
                  </Badge>
                )}
                {a.contactName && (
                  <Text size="sm" c="dimmed">
                    · {a.contactName}
                  </Text>
                )}
              </Group>
            }
          >
            {a.summary && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {a.summary}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={4} title={formatDateTime(a.occurredAt)}>
              {a.employeeName} · {formatRelative(a.occurredAt)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {q.hasNextPage && (
        <Center mt="md">
          <Button variant="default" size="xs" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            {t('common.showMore')}
          </Button>
        </Center>
      )}
    </>
  );
}
