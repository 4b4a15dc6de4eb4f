import { Anchor, Badge, Group, Paper, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { EMPLOYEE_STATUSES, ROLES } from '../../../../src/domain/actor';
import type { Employee, EmployeeStatus, Role } from '../../api/types';
import { STATUS_COLORS } from './employee-status';
import { formatDate } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { CursorPager, useCursorPages } from '../../ui/table-tools';
import { useEmployees } from './employees-api';
import { EmployeeDrawer } from './employee-drawer';


export function EmployeesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const selected = useParams().id;
  const [role, setRole] = useState<Role | null>(null);
  const [status, setStatus] = useState<EmployeeStatus | null>(null);
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const pages = useCursorPages(JSON.stringify({ role, status, debouncedQ }));
  const list = useEmployees({ role: role ?? undefined, status: status ?? undefined, q: debouncedQ || undefined, cursor: pages.cursor });

  return (
    <>
      <Title order={2} mb="md">
        {t('employees.title')}
      </Title>
      <Paper p="md" mb="md">
        <Group align="flex-end" gap="sm" role="search" aria-label={t('employees.filters')}>
          <TextInput label={t('employees.search')} leftSection={<IconSearch size={16} />} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={240} />
          <Select
            label={t('employees.role')}
            placeholder={t('common.any')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => setRole(v as Role | null)}
            clearable
            w={220}
          />
          <Select
            label={t('employees.status')}
            placeholder={t('common.any')}
            data={EMPLOYEE_STATUSES.map((s) => ({ value: s, label: t(`employeeStatus.${s}`) }))}
            value={status}
            onChange={(v) => setStatus(v as EmployeeStatus | null)}
            clearable
            w={180}
          />
        </Group>
      </Paper>
      <Paper>
        {list.isPending ? (
          <LoadingState />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title={t('employees.empty')} />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table data-testid="employees-table" aria-label={t('employees.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('employees.name')}</Table.Th>
                  <Table.Th>{t('employees.role')}</Table.Th>
                  <Table.Th>{t('employees.status')}</Table.Th>
                  <Table.Th>{t('employees.manager')}</Table.Th>
                  <Table.Th>{t('employees.hiredOn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((e: Employee) => (
                  <Table.Tr key={e.id} onClick={() => void navigate(`/employees/${e.id}`)} style={{ cursor: 'pointer' }}>
                    <Table.Td>
                      <Anchor component={Link} to={`/employees/${e.id}`} fw={500} onClick={(ev) => ev.stopPropagation()}>
                        {e.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {e.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`roles.${e.role}`)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge variant="light" color={STATUS_COLORS[e.status]}>
                        {t(`employeeStatus.${e.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{e.managerName ?? '—'}</Table.Td>
                    <Table.Td>{formatDate(e.hiredOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.data && list.data.items.length > 0 && <CursorPager pages={pages} nextCursor={list.data.nextCursor} shown={list.data.items.length} />}
      </Paper>
      <EmployeeDrawer id={selected ? Number(selected) : null} onClose={() => void navigate('/employees')} />
    </>
  );
}
