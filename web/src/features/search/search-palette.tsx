import { Badge, Box, Group, Kbd, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconBuildingStore, IconSearch, IconUser } from '@tabler/icons-react';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { STATUS_COLORS } from '../employees/employee-status';
import { ErrorState } from '../../ui/states';
import { searchReady, useSearch, type SearchHit } from './search-api';

// Any screen can open the palette (the header button, the call screen's "search by name") without
// threading state through the layout: a window event the single mounted palette listens to.
const OPEN_EVENT = 'holdfast:open-search';
export function openSearchPalette(q = '') {
  window.dispatchEvent(new CustomEvent<string>(OPEN_EVENT, { detail: q }));
}

export function SearchPalette() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 150);
  const [active, setActive] = useState(0);
  const search = useSearch(debounced);
  const hits = searchReady(debounced) ? (search.data?.items ?? []) : [];

  useHotkeys([['mod+K', () => setOpened(true)]], []);
  useEffect(() => {
    const onOpen = (e: Event) => {
      setQ((e as CustomEvent<string>).detail ?? '');
      setOpened(true);
    };
    window.addEventListener(OPEN_EVENT, onOpen);
    return () => window.removeEventListener(OPEN_EVENT, onOpen);
  }, []);
  useEffect(() => setActive(0), [debounced]);

  const close = () => {
    setOpened(false);
    setQ('');
  };
  const open = (hit: SearchHit) => {
    close();
    void navigate(`/clients/${hit.company.id}`);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      const hit = hits[active];
      if (hit) {
        e.preventDefault();
        open(hit);
      }
    }
  };

  return (
    <Modal opened={opened} onClose={close} withCloseButton={false} size="lg" padding="sm" yOffset="10vh" title={null} aria-label={t('search.title')}>
      <TextInput
        data-autofocus
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        placeholder={t('search.placeholder')}
        aria-label={t('search.title')}
        leftSection={<IconSearch size={16} />}
        rightSection={<Kbd size="xs">Esc</Kbd>}
        rightSectionWidth={48}
        size="md"
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls="search-results"
        aria-activedescendant={hits[active] ? `search-hit-${active}` : undefined}
      />
      {/* A plain scroller: ScrollArea's table layout would widen rows past the dialog and clip the owner. */}
      <Box mah="60vh" mt="xs" style={{ overflowY: 'auto' }}>
        {!searchReady(q) ? (
          <Text c="dimmed" size="sm" p="sm">
            {t('search.hint')}
          </Text>
        ) : search.isError ? (
          <ErrorState error={search.error} onRetry={() => void search.refetch()} />
        ) : searchReady(debounced) && search.isSuccess && !search.isPlaceholderData && hits.length === 0 ? (
          <Text c="dimmed" size="sm" p="sm" data-testid="search-empty">
            {t('search.nothing', { q: debounced.trim() })}
          </Text>
        ) : (
          <Stack gap={2} id="search-results" role="listbox" aria-busy={search.isFetching} data-testid="search-results">
            {hits.map((hit, i) => (
              <HitRow key={`${hit.kind}-${hit.id}`} hit={hit} id={`search-hit-${i}`} active={i === active} onHover={() => setActive(i)} onOpen={() => open(hit)} />
            ))}
          </Stack>
        )}
      </Box>
    </Modal>
  );
}

function HitRow({ hit, id, active, onHover, onOpen }: { hit: SearchHit; id: string; active: boolean; onHover: () => void; onOpen: () => void }) {
  const { t } = useTranslation();
  const Icon = hit.kind === 'company' ? IconBuildingStore : IconUser;
  return (
    <UnstyledButton
      id={id}
      role="option"
      aria-selected={active}
      onMouseEnter={onHover}
      onClick={onOpen}
      p="xs"
      w="100%"
      style={{ display: 'block', borderRadius: 6, background: active ? 'var(--mantine-color-blue-light)' : undefined }}
      data-testid="search-hit"
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
          <Icon size={18} style={{ flexShrink: 0 }} />
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate>
              {hit.title}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {hit.subtitle}
            </Text>
            <Text size="xs" c="dimmed">
              {t('search.matched', { field: t(`search.field.${hit.matched.field}`), kind: t(`search.matchKind.${hit.matched.kind}`) })}
              {hit.matched.layoutSwitched ? ` · ${t('search.layoutSwitched')}` : ''}
            </Text>
          </Stack>
        </Group>
        <Stack gap={2} align="flex-end" maw="35%" style={{ flexShrink: 0 }}>
          {hit.owner ? (
            <>
              <Text size="xs" ta="right" title={hit.owner.name}>
                {hit.owner.name}
              </Text>
              <Badge size="xs" variant="light" style={{ flexShrink: 0 }} color={STATUS_COLORS[hit.owner.status]}>
                {t(`employeeStatus.${hit.owner.status}`)}
              </Badge>
            </>
          ) : (
            <Text size="xs" c="dimmed">
              {t('search.noOwner')}
            </Text>
          )}
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

/** The header's search button: shows the shortcut so people learn it. */
export function SearchButton() {
  const { t } = useTranslation();
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <UnstyledButton onClick={() => openSearchPalette()} aria-label={t('search.open')} data-testid="search-button">
      <Group gap={6} wrap="nowrap" px="sm" py={4} style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 6 }}>
        <IconSearch size={16} />
        <Text size="sm" c="dimmed" visibleFrom="sm">
          {t('search.button')}
        </Text>
        <Kbd size="xs" visibleFrom="sm">
          {mac ? '⌘K' : 'Ctrl K'}
        </Kbd>
      </Group>
    </UnstyledButton>
  );
}
