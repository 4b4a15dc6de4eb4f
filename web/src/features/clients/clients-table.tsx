import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Company } from '../../api/types';
import { formatDate } from '../../i18n/format';
import { SortHeader } from '../../ui/table-tools';
import { ClientStatusBadge } from './client-status';

export type ClientSort = 'name' | 'createdAt' | 'id';

// The tag being filtered on comes first, so each row shows why it matched.
const orderTags = (tags: string[], filter: string) => (filter && tags.includes(filter) ? [filter, ...tags.filter((t) => t !== filter)] : tags);

type Props = {
  items: Company[];
  sort: ClientSort;
  dir: 'asc' | 'desc';
  tag: string;
  busy: boolean;
  stale: boolean;
  onSort: (column: ClientSort) => void;
};

// Memoised, like its rows: typing in a filter re-renders neither, and a new page renders each row once.
export const ClientsTable = memo(function ClientsTable({ items, sort, dir, tag, busy, stale, onSort }: Props) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label={t('clients.title')} data-testid="clients-table" aria-busy={busy} style={{ opacity: stale ? 0.6 : 1 }}>
        <Table.Thead>
          <Table.Tr>
            <SortHeader label={t('clients.name')} active={sort === 'name'} dir={dir} onSort={() => onSort('name')} />
            <Table.Th w={130}>{t('clients.status')}</Table.Th>
            <Table.Th>{t('clients.owner')}</Table.Th>
            <Table.Th>{t('clients.tags')}</Table.Th>
            <Table.Th>{t('clients.inn')}</Table.Th>
            <SortHeader label={t('clients.createdAt')} active={sort === 'createdAt'} dir={dir} onSort={() => onSort('createdAt')} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <ClientRow key={c.id} client={c} tag={tag} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
});

const ClientRow = memo(function ClientRow({ client: c, tag }: { client: Company; tag: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tags = orderTags(c.tags, tag);
  return (
    <Table.Tr onClick={() => void navigate(`/clients/${c.id}`)} style={{ cursor: 'pointer' }}>
      <Table.Td>
        <Anchor component={Link} to={`/clients/${c.id}`} fw={500} onClick={(e) => e.stopPropagation()}>
          {c.name}
        </Anchor>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <ClientStatusBadge status={c.status} />
      </Table.Td>
      <Table.Td>
        {c.ownerName ?? (
          <Text c="dimmed" size="sm">
            {t('clients.noOwner')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {tags.slice(0, 3).map((tg) => (
            <Badge key={tg} variant={tg === tag ? 'light' : 'outline'} size="sm" tt="none">
              {tg}
            </Badge>
          ))}
          {tags.length > 3 && (
            <Badge variant="transparent" size="sm" title={tags.slice(3).join(', ')}>
              +{tags.length - 3}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{c.inn ?? '—'}</Table.Td>
      <Table.Td>{formatDate(c.createdAt)}</Table.Td>
    </Table.Tr>
  );
});
