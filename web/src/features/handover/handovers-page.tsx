import { Anchor, Badge, Button, Card, Group, Stack, Table, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useHandovers } from './handover-api';
import { StartHandoverModal } from './start-handover-modal';

export const HANDOVER_STATUS_COLORS: Record<string, string> = { draft: 'gray', approved: 'blue', executed: 'green', returned: 'teal', cancelled: 'red' };

export function HandoversPage() {
  const { t } = useTranslation();
  const list = useHandovers();
  const [starting, setStarting] = useState(false);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('handover.title')}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setStarting(true)}>
          {t('handover.new')}
        </Button>
      </Group>
      {starting && <StartHandoverModal opened onClose={() => setStarting(false)} />}
      <Card withBorder padding={0}>
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title={t('handover.none')} hint={t('handover.noneHint')} />
        ) : (
          <Table striped highlightOnHover data-testid="handovers-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('handover.employee')}</Table.Th>
                <Table.Th>{t('handover.kindLabel')}</Table.Th>
                <Table.Th>{t('handover.statusLabel')}</Table.Th>
                <Table.Th>{t('handover.dates')}</Table.Th>
                <Table.Th>{t('handover.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/handovers/${h.id}`}>
                      {h.employeeName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`handover.kind.${h.kind}`)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={HANDOVER_STATUS_COLORS[h.status]}>
                      {t(`handover.status.${h.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{h.kind === 'absence' ? `${formatDate(h.absentFrom)} – ${formatDate(h.absentTo)}` : formatDate(h.lastDay)}</Table.Td>
                  <Table.Td>{formatDateTime(h.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
