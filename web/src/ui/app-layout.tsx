import { AppShell, Avatar, Badge, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowsExchange, IconBuildingStore, IconChartBar, IconCalendarCheck, IconChevronDown, IconFileImport, IconLayoutKanban, IconLogout, IconPhoneIncoming, IconShieldLock, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe } from '../features/auth/auth-api';
import { SearchButton, SearchPalette } from '../features/search/search-palette';
import { LanguageSwitch } from './language-switch';
import { Logo } from './logo';

const NAV = [
  { to: '/my-day', icon: IconCalendarCheck, key: 'nav.myDay' },
  { to: '/clients', icon: IconBuildingStore, key: 'nav.clients' },
  { to: '/deals', icon: IconLayoutKanban, key: 'nav.deals' },
  { to: '/employees', icon: IconUsers, key: 'nav.employees' },
] as const;
// Everyone may take a call; the call centre lives on this screen, so it comes first for them.
const CALL = { to: '/call', icon: IconPhoneIncoming, key: 'search.navCall' } as const;
// Owner analytics and security oversight: only the roles the API lets in see these.
const OVERSIGHT = [
  { to: '/dashboard', icon: IconChartBar, key: 'dashboard.nav', roles: ['director', 'head_of_sales', 'admin'] },
  { to: '/audit', icon: IconShieldLock, key: 'audit.nav', roles: ['director', 'admin'] },
  { to: '/alerts', icon: IconAlertTriangle, key: 'audit.alertsNav', roles: ['director', 'head_of_sales', 'admin'] },
  { to: '/handovers', icon: IconArrowsExchange, key: 'handover.nav', roles: ['director', 'head_of_sales', 'admin'] },
  { to: '/imports', icon: IconFileImport, key: 'imports.nav', roles: ['director', 'head_of_sales', 'admin'] },
] as const;

function initials(name: string) {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((p) => p[0] ?? '')
    .join('')
    .toUpperCase();
}

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe().data;
  const logout = useLogout();

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Logo />
          </Group>
          <Group gap="md" wrap="nowrap">
            <SearchButton />
            <LanguageSwitch />
            {me && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <UnstyledButton aria-label={t('nav.account')} data-testid="user-menu">
                    <Group gap={8} wrap="nowrap">
                      <Avatar radius="xl" size="sm" color="blue">
                        {initials(me.name)}
                      </Avatar>
                      <Stack gap={0} visibleFrom="xs">
                        <Text size="sm" fw={600} lh={1.2}>
                          {me.name}
                        </Text>
                        <Text size="xs" c="dimmed" lh={1.2} data-testid="my-role">
                          {t(`roles.${me.role}`)}
                        </Text>
                      </Stack>
                      <IconChevronDown size={14} />
                    </Group>
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{me.email}</Menu.Label>
                  <Menu.Item disabled>
                    <Badge variant="light">{t(`roles.${me.role}`)}</Badge>
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item
                    leftSection={<IconLogout size={16} />}
                    onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}
                  >
                    {t('auth.logout')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
        <AppShell.Section grow component={ScrollArea}>
          {[...(me?.role === 'call_centre' ? [CALL, ...NAV] : [...NAV, CALL]), ...OVERSIGHT.filter((i) => me && (i.roles as readonly string[]).includes(me.role))].map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={t(item.key)}
              leftSection={<item.icon size={18} />}
              active={location.pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <Outlet />
      </AppShell.Main>
      <SearchPalette />
    </AppShell>
  );
}
