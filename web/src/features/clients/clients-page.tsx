import { Button, Group, Paper, Select, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Company } from '../../api/types';
import { CursorPager, useCursorPages } from '../../ui/table-tools';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useEmployeeOptions } from '../employees/employees-api';
import { ClientFormModal } from './client-form';
import { COMPANY_STATUSES } from './client-status';
import { type ClientSort, ClientsTable } from './clients-table';
import { type ClientFilters, useClients } from './clients-api';

type Sort = ClientSort;

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
  const setQLater = useDebouncedCallback((value: string) => setParam('q', value.trim() || null), 200);
  const setTagLater = useDebouncedCallback((value: string) => setParam('tag', value.trim() || null), 200);

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

  // Stable between keystrokes, so the memoised table does not re-render while a filter is typed.
  const toggleSort = useCallback(
    (column: Sort) =>
      setParams(
        () => {
          const next = new URLSearchParams(window.location.search);
          const same = (next.get('sort') ?? 'name') === column && next.get('dir') !== 'desc';
          next.set('sort', column);
          next.set('dir', same ? 'desc' : 'asc');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

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
          <ClientsTable items={list.data.items} sort={sort} dir={dir} tag={tag} busy={list.isFetching} stale={list.isPlaceholderData} onSort={toggleSort} />
        )}
        {list.data && list.data.items.length > 0 && (
          <CursorPager pages={pages} nextCursor={list.data.nextCursor} shown={list.data.items.length} />
        )}
      </Paper>

      <ClientFormModal opened={creating} onClose={() => setCreating(false)} onSaved={(c) => void navigate(`/clients/${c.id}`)} />
    </>
  );
}
