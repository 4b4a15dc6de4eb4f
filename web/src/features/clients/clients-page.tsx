import { Anchor, Badge, Button, Group, Paper, Select, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Company } from '../../api/types';
import { formatDate } from '../../i18n/format';
import { CursorPager, SortHeader, useCursorPages } from '../../ui/table-tools';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useEmployeeOptions } from '../employees/employees-api';
import { ClientFormModal } from './client-form';
import { ClientStatusBadge, COMPANY_STATUSES } from './client-status';
import { type ClientFilters, useClients } from './clients-api';

type Sort = NonNullable<ClientFilters['sort']>;

// The tag being filtered on comes first, so each row shows why it matched.
const orderTags = (tags: string[], filter: string) => (filter && tags.includes(filter) ? [filter, ...tags.filter((t) => t !== filter)] : tags);

export function ClientsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const employees = useEmployeeOptions();

  // Filters live in the URL so a filtered list can be bookmarked, shared and reached with Back.
  const status = params.get('status') as Company['status'] | null;
  const ownerId = params.get('owner');
  const tag = params.get('tag') ?? '';
  const sort = (params.get('sort') as Sort | null) ?? 'name';
  const dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const [q, setQ] = useState(params.get('q') ?? '');
  const [tagInput, setTagInput] = useState(tag);

  // Starts from the address bar, not a render's snapshot: a debounced update must not bring back
  // filters that were reset in the meantime.
  const setParam = (key: string, value: string | null) =>
    setParams(
      () => {
        const next = new URLSearchParams(window.location.search);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  // Typing updates the field at once and the list (and URL) a moment after the last keystroke.
  const setQLater = useDebouncedCallback((value: string) => setParam('q', value.trim() || null), 250);
  const setTagLater = useDebouncedCallback((value: string) => setParam('tag', value.trim() || null), 250);

  const filterKey = JSON.stringify({ status, ownerId, tag, sort, dir, q: params.get('q') });
  const pages = useCursorPages(filterKey);
  const filters: ClientFilters = {
    status: status ?? undefined,
    ownerId: ownerId ? Number(ownerId) : undefined,
    tag: tag || undefined,
    q: params.get('q') || undefined,
    sort,
    dir,
    limit: 50,
    cursor: pages.cursor,
  };
  const list = useClients(filters);
  const filtered = Boolean(status || ownerId || tag || params.get('q'));

  const toggleSort = (column: Sort) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('sort', column);
        next.set('dir', sort === column && dir === 'asc' ? 'desc' : 'asc');
        return next;
      },
      { replace: true },
    );
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('clients.title')}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('clients.new')}
        </Button>
      </Group>

      <Paper p="md" mb="md">
        <Group align="flex-end" gap="sm" role="search" aria-label={t('clients.filters')}>
          <TextInput
            label={t('clients.search')}
            placeholder={t('clients.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={q}
            onChange={(e) => {
              setQ(e.currentTarget.value);
              setQLater(e.currentTarget.value);
            }}
            w={240}
          />
          <Select
            label={t('clients.owner')}
            placeholder={t('common.any')}
            data={employees.options}
            value={ownerId}
            onChange={(v) => setParam('owner', v)}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            w={220}
          />
          <Select
            label={t('clients.status')}
            placeholder={t('common.any')}
            data={COMPANY_STATUSES.map((s) => ({ value: s, label: t(`clientStatus.${s}`) }))}
            value={status}
            onChange={(v) => setParam('status', v)}
            clearable
            w={180}
          />
          <TextInput label={t('clients.tag')} placeholder={t('clients.tagPlaceholder')} value={tagInput} onChange={(e) => {
              setTagInput(e.currentTarget.value);
              setTagLater(e.currentTarget.value);
            }}
            w={180}
          />
          {filtered && (
            <Button
              variant="subtle"
              onClick={() => {
                setQ('');
                setTagInput('');
                setParams(new URLSearchParams(sort !== 'name' || dir !== 'asc' ? { sort, dir } : {}), { replace: true });
              }}
            >
              {t('common.resetFilters')}
            </Button>
          )}
        </Group>
      </Paper>

      <Paper>
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          filtered ? (
            <EmptyState title={t('clients.noMatches')} hint={t('clients.noMatchesHint')} />
          ) : (
            <EmptyState
              title={t('clients.empty')}
              hint={t('clients.emptyHint')}
              action={
                <Button variant="light" onClick={() => setCreating(true)}>
                  {t('clients.new')}
                </Button>
              }
            />
          )
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label={t('clients.title')} data-testid="clients-table" aria-busy={list.isFetching} style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <SortHeader label={t('clients.name')} active={sort === 'name'} dir={dir} onSort={() => toggleSort('name')} />
                  <Table.Th w={130}>{t('clients.status')}</Table.Th>
                  <Table.Th>{t('clients.owner')}</Table.Th>
                  <Table.Th>{t('clients.tags')}</Table.Th>
                  <Table.Th>{t('clients.inn')}</Table.Th>
                  <SortHeader label={t('clients.createdAt')} active={sort === 'createdAt'} dir={dir} onSort={() => toggleSort('createdAt')} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => (
                  <Table.Tr key={c.id} onClick={() => void navigate(`/clients/${c.id}`)} style={{ cursor: 'pointer' }}>
                    <Table.Td>
                      <Anchor component={Link} to={`/clients/${c.id}`} fw={500} onClick={(e) => e.stopPropagation()}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <ClientStatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td>{c.ownerName ?? <Text c="dimmed" size="sm">{t('clients.noOwner')}</Text>}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {orderTags(c.tags, tag)
                          .slice(0, 3)
                          .map((tg) => (
                            <Badge key={tg} variant={tg === tag ? 'light' : 'outline'} size="sm" tt="none">
                              {tg}
                            </Badge>
                          ))}
                        {c.tags.length > 3 && (
                          <Tooltip label={orderTags(c.tags, tag).slice(3).join(', ')}>
                            <Badge variant="transparent" size="sm">
                              +{c.tags.length - 3}
                            </Badge>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{c.inn ?? '—'}</Table.Td>
                    <Table.Td>{formatDate(c.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.data && list.data.items.length > 0 && (
          <CursorPager pages={pages} nextCursor={list.data.nextCursor} shown={list.data.items.length} />
        )}
      </Paper>

      <ClientFormModal opened={creating} onClose={() => setCreating(false)} onSaved={(c) => void navigate(`/clients/${c.id}`)} />
    </>
  );
}
