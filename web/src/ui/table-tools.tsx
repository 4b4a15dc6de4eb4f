import { Button, Center, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronLeft, IconChevronRight, IconChevronUp, IconSelector } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function SortHeader({ label, active, dir, onSort }: { label: string; active: boolean; dir: 'asc' | 'desc'; onSort: () => void }) {
  const Icon = !active ? IconSelector : dir === 'asc' ? IconChevronUp : IconChevronDown;
  return (
    <Table.Th aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={onSort} style={{ display: 'flex', alignItems: 'center', gap: 4, fontWeight: 700, fontSize: 'inherit' }}>
        {label}
        <Center>
          <Icon size={14} />
        </Center>
      </UnstyledButton>
    </Table.Th>
  );
}

/**
 * Cursor pagination as pages: the API only knows "next after this cursor", so the cursors of
 * the pages already seen are kept to step back. Any change of filters (`resetKey`) starts over.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: string[] }>({ key: resetKey, stack: [] });
  const stack = state.key === resetKey ? state.stack : [];
  if (state.key !== resetKey) setState({ key: resetKey, stack: [] });
  return {
    cursor: stack[stack.length - 1],
    page: stack.length + 1,
    next: (cursor: string) => setState({ key: resetKey, stack: [...stack, cursor] }),
    prev: () => setState({ key: resetKey, stack: stack.slice(0, -1) }),
    first: () => setState({ key: resetKey, stack: [] }),
  };
}
export type CursorPages = ReturnType<typeof useCursorPages>;

export function CursorPager({ pages, nextCursor, shown }: { pages: CursorPages; nextCursor: string | null; shown: number }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('pager.page', { page: pages.page })} · {t('pager.shown', { count: shown })}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} disabled={pages.page === 1} onClick={pages.prev}>
          {t('pager.prev')}
        </Button>
        <Button
          variant="default"
          size="xs"
          rightSection={<IconChevronRight size={14} />}
          disabled={!nextCursor}
          onClick={() => nextCursor && pages.next(nextCursor)}
        >
          {t('pager.next')}
        </Button>
      </Group>
    </Group>
  );
}
