import { Badge, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Seat } from '../../api/types';
import { formatDate } from '../../i18n/format';
import { ErrorState, LoadingState } from '../../ui/states';
import { useTeam } from './card-api';

const ROLE_COLORS: Record<Seat['role'], string> = { owner: 'blue', backup: 'teal', hunter: 'orange', key_account: 'violet', service: 'gray' };

export function AccountTeamPanel({ companyId }: { companyId: number }) {
  const { t } = useTranslation();
  const [history, setHistory] = useState(false);
  const team = useTeam(companyId, history);
  const seats = team.data?.items ?? [];
  const current = seats.filter((s) => !s.until);
  const past = seats.filter((s) => s.until).sort((a, b) => (b.until ?? '').localeCompare(a.until ?? ''));

  return (
    <Paper p="md" data-testid="account-team">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('team.title')}</Title>
        <Switch size="xs" label={t('team.showHistory')} checked={history} onChange={(e) => setHistory(e.currentTarget.checked)} />
      </Group>
      {team.isPending ? (
        <LoadingState />
      ) : team.isError ? (
        <ErrorState error={team.error} onRetry={() => void team.refetch()} />
      ) : (
        <Stack gap="xs">
          {current.length === 0 && (
            <Text size="sm" c="orange">
              {t('team.nobody')}
            </Text>
          )}
          {current.map((s) => (
            <SeatRow key={s.id} seat={s} />
          ))}
          {current.length === 1 && (
            <Text size="xs" c="dimmed">
              {t('team.onlyOne')}
            </Text>
          )}
          {history && (
            <>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="sm">
                {t('team.history')}
              </Text>
              {past.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('team.noHistory')}
                </Text>
              ) : (
                past.map((s) => <SeatRow key={s.id} seat={s} />)
              )}
            </>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function SeatRow({ seat }: { seat: Seat }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" opacity={seat.until ? 0.7 : 1}>
      <div>
        <Text size="sm" fw={500} component={Link} to={`/employees/${seat.employeeId}`} style={{ textDecoration: 'none', color: 'inherit' }}>
          {seat.employeeName}
        </Text>
        <Text size="xs" c="dimmed">
          {seat.until ? t('team.period', { from: formatDate(seat.since), to: formatDate(seat.until) }) : t('team.since', { date: formatDate(seat.since) })}
          {seat.employeeStatus !== 'active' && ` · ${t(`employeeStatus.${seat.employeeStatus}`)}`}
        </Text>
      </div>
      <Badge color={ROLE_COLORS[seat.role]} variant="light" style={{ flexShrink: 0 }}>
        {t(`seatRole.${seat.role}`)}
      </Badge>
    </Group>
  );
}
