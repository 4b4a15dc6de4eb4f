import { Anchor, Badge, Button, Drawer, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../i18n/format';
import { useMe } from '../auth/auth-api';
import { mayHandover } from '../handover/handover-api';
import { StartHandoverModal } from '../handover/start-handover-modal';
import { ErrorState, LoadingState } from '../../ui/states';
import { useEmployee } from './employees-api';
import { STATUS_COLORS } from './employee-status';

export function EmployeeDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const employee = useEmployee(id);
  const me = useMe().data;
  const [handover, setHandover] = useState(false);
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" title={t('employees.card')} size="md">
      {employee.isPending ? (
        <LoadingState />
      ) : employee.isError ? (
        <ErrorState error={employee.error} />
      ) : (
        <Stack>
          <div>
            <Title order={3}>{employee.data.name}</Title>
            <Text c="dimmed" size="sm">
              {employee.data.email}
            </Text>
          </div>
          <Group gap="xs">
            <Badge variant="light">{t(`roles.${employee.data.role}`)}</Badge>
            <Badge variant="light" color={STATUS_COLORS[employee.data.status]}>
              {t(`employeeStatus.${employee.data.status}`)}
            </Badge>
          </Group>
          <Text size="sm">
            {t('employees.hiredOn')}: {formatDate(employee.data.hiredOn)}
          </Text>
          <Text size="sm">
            {t('employees.manager')}:{' '}
            {employee.data.managerId ? (
              <Anchor component={Link} to={`/employees/${employee.data.managerId}`}>
                {employee.data.managerName}
              </Anchor>
            ) : (
              '—'
            )}
          </Text>
          <div>
            <Title order={5} mb={4}>
              {t('employees.reports', { count: employee.data.reports.length })}
            </Title>
            {employee.data.reports.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('employees.noReports')}
              </Text>
            ) : (
              <List size="sm" spacing={4} data-testid="direct-reports">
                {employee.data.reports.map((r) => (
                  <List.Item key={r.id}>
                    <Anchor component={Link} to={`/employees/${r.id}`}>
                      {r.name}
                    </Anchor>
                  </List.Item>
                ))}
              </List>
            )}
          </div>
          <Anchor component={Link} to={`/clients?owner=${employee.data.id}`} size="sm">
            {t('employees.theirClients')}
          </Anchor>
          {mayHandover(me?.role) && employee.data.status !== 'departed' && (
            <>
              <Button variant="light" color="orange" onClick={() => setHandover(true)}>
                {t('handover.start')}
              </Button>
              <StartHandoverModal employeeId={employee.data.id} name={employee.data.name} opened={handover} onClose={() => setHandover(false)} />
            </>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
