import { Alert, Autocomplete, Badge, Button, Code, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { errorMessage } from '../../ui/errors';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useEmployeeOptions } from '../employees/employees-api';
import { ClientLink } from '../dashboard/dashboard-ui';
import { type AuditFilters, useAuditLog, useCompanySearch, useVerifyChain } from './audit-api';

// Suggestions only: the filter accepts any action name the API writes.
const KNOWN_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.lockout',
  'contact.reveal',
  'contact.reveal_denied',
  'company.read_outside_portfolio',
  'company.owner_change',
  'export.run',
  'export.denied',
  'employee.create',
  'employee.status_change',
  'employee.role_change',
  'handover.execute',
  'policy.update',
  'security.alert',
];

/** Who did what to which client: the tamper-evident audit trail with its chain check. */
export function AuditPage() {
  const { t } = useTranslation();
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [action, setAction] = useState('');
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [period, setPeriod] = useState<[string | null, string | null]>([null, null]);
  const [debouncedAction] = useDebouncedValue(action.trim(), 300);
  const filters: AuditFilters = {
    employeeId: employeeId ?? undefined,
    action: debouncedAction || undefined,
    companyId: companyId ?? undefined,
    from: period[0] ? dayjs(period[0]).startOf('day').toISOString() : undefined,
    to: period[1] ? dayjs(period[1]).add(1, 'day').startOf('day').toISOString() : undefined,
  };
  const log = useAuditLog(filters);
  const employees = useEmployeeOptions();
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack maw={1200}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('audit.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('audit.subtitle')}
          </Text>
        </div>
        <VerifyChain />
      </Group>
      <Paper p="sm" withBorder>
        <Group align="flex-end" gap="sm">
          <Select label={t('audit.employee')} data={employees.options} value={employeeId} onChange={setEmployeeId} searchable clearable placeholder={t('common.any')} w={240} />
          <Autocomplete label={t('audit.action')} data={KNOWN_ACTIONS} value={action} onChange={setAction} placeholder={t('common.any')} w={240} />
          <ClientPicker value={companyId} onChange={setCompanyId} />
          <DatePickerInput type="range" label={t('audit.period')} value={period} onChange={setPeriod} clearable valueFormat="DD.MM.YYYY" placeholder={t('common.any')} w={240} />
        </Group>
      </Paper>
      {log.isPending ? (
        <LoadingState />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title={t('audit.empty')} />
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={800}>
            <Table striped verticalSpacing={6} data-testid="audit-table" aria-busy={log.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.when')}</Table.Th>
                  <Table.Th>{t('audit.employee')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.client')}</Table.Th>
                  <Table.Th>{t('audit.details')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                    <Table.Td>{e.actorName ?? t('audit.system')}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={e.action.includes('denied') || e.action.includes('failed') || e.action.startsWith('security') ? 'red' : 'blue'} tt="none">
                        {e.action}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{e.companyId !== null ? <ClientLink id={e.companyId} name={e.companyName ?? `#${e.companyId}`} /> : '—'}</Table.Td>
                    <Table.Td>
                      <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{detailsText(e.details, e.entity, e.entityId)}</Code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {log.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t('audit.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function detailsText(details: Record<string, unknown>, entity: string | null, entityId: string | null): string {
  const parts = entity ? [`${entity}${entityId ? ` #${entityId}` : ''}`] : [];
  for (const [k, v] of Object.entries(details)) parts.push(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.join('\n') || '—';
}

function ClientPicker({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const companies = useCompanySearch(q);
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const options = (companies.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name }));
  if (picked && !options.some((o) => o.value === picked.value)) options.unshift(picked);
  return (
    <Select
      label={t('audit.client')}
      data={options}
      value={value}
      onChange={(v, option) => {
        setPicked(v ? { value: v, label: option.label } : null);
        onChange(v);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      clearable
      filter={({ options: o }) => o}
      placeholder={t('common.any')}
      nothingFoundMessage={t('common.nothingFound')}
      w={260}
    />
  );
}

function VerifyChain() {
  const { t } = useTranslation();
  const verify = useVerifyChain();
  const r = verify.data;
  return (
    <Stack gap={6} align="flex-end">
      <Button leftSection={<IconShieldCheck size={16} />} onClick={() => verify.mutate()} loading={verify.isPending}>
        {t('audit.verify')}
      </Button>
      {verify.isError && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(t, verify.error)}
        </Text>
      )}
      {r && (
        <Alert
          data-testid="verify-result"
          color={r.ok ? 'green' : 'red'}
          icon={r.ok ? <IconShieldCheck /> : <IconShieldX />}
          title={r.ok ? t('audit.intact') : t('audit.broken')}
          p="xs"
          maw={420}
        >
          {r.ok
            ? t('audit.intactText', { count: r.checked, checked: formatNumber(r.checked) })
            : t('audit.brokenText', { id: r.firstBroken?.id ?? '?', checked: formatNumber(r.checked), reason: t(`audit.reason.${r.firstBroken?.reason ?? 'hash_mismatch'}`) })}
        </Alert>
      )}
    </Stack>
  );
}
