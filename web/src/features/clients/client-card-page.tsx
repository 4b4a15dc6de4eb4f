import { Anchor, Badge, Breadcrumbs, Button, Grid, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconArrowsExchange, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Company } from '../../api/types';
import { formatDate, formatMoney } from '../../i18n/format';
import { ErrorState, LoadingState } from '../../ui/states';
import { ActivityTimeline } from '../activities/activity-timeline';
import { LogInteraction } from '../activities/log-interaction';
import { useMe } from '../auth/auth-api';
import { ContactsPanel } from '../contacts/contacts-panel';
import { useContacts } from '../contacts/contacts-api';
import { mayHandover } from '../handover/handover-api';
import { HunterHandoverModal } from '../handover/hunter-handover-modal';
import { AccountTeamPanel } from './account-team-panel';
import { ClientDealsPanel } from './client-deals-panel';
import { ClientFormModal } from './client-form';
import { ClientStatusBadge } from './client-status';
import { ClientTasksPanel } from './client-tasks-panel';
import { useClient } from './clients-api';
import { OrdersPanel } from './orders-panel';

const TABS = ['activity', 'contacts', 'orders', 'deals', 'tasks'] as const;
type Tab = (typeof TABS)[number];

export function ClientCardPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const client = useClient(id);
  const contacts = useContacts(id);
  const [editing, setEditing] = useState(false);
  const [handingOver, setHandingOver] = useState(false);
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'activity';

  if (client.isPending) return <LoadingState />;
  if (client.isError) return <ErrorState error={client.error} onRetry={() => void client.refetch()} />;
  const c = client.data;

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/clients" size="sm">
          {t('clients.title')}
        </Anchor>
        <Text size="sm">{c.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={2}>{c.name}</Title>
            <ClientStatusBadge status={c.status} />
            {c.archivedAt && <Badge color="gray">{t('clients.archived')}</Badge>}
          </Group>
          <Text c="dimmed" size="sm">
            {c.ownerName ? t('card.ownedBy', { name: c.ownerName }) : t('clients.noOwner')}
          </Text>
          {c.tags.length > 0 && (
            <Group gap={4} mt={6}>
              {c.tags.map((tg) => (
                <Badge key={tg} variant="outline" size="sm" tt="none" component={Link} to={`/clients?tag=${encodeURIComponent(tg)}`} style={{ cursor: 'pointer' }}>
                  {tg}
                </Badge>
              ))}
            </Group>
          )}
        </div>
        <Group gap="xs">
          {mayHandover(me?.role) && c.ownerId !== null && !c.archivedAt && (
            <Button variant="light" color="orange" leftSection={<IconArrowsExchange size={16} />} onClick={() => setHandingOver(true)}>
              {t('handover.hunter.action')}
            </Button>
          )}
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        </Group>
      </Group>
      {handingOver && c.ownerId !== null && (
        <HunterHandoverModal client={{ id: c.id, name: c.name, ownerId: c.ownerId, ownerName: c.ownerName }} opened onClose={() => setHandingOver(false)} />
      )}

      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Requisites client={c} />
            <AccountTeamPanel companyId={id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Tabs value={tab} onChange={(v) => setParams(v && v !== 'activity' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
            <Tabs.List mb="md">
              {TABS.map((tb) => (
                <Tabs.Tab key={tb} value={tb}>
                  {t(`card.tabs.${tb}`)}
                  {tb === 'contacts' && contacts.data ? ` (${contacts.data.items.length})` : ''}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="activity">
              <Stack>
                <LogInteraction companyId={id} contacts={contacts.data?.items ?? []} />
                <ActivityTimeline companyId={id} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="contacts">
              <ContactsPanel companyId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="orders">
              <OrdersPanel companyId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="deals">
              <ClientDealsPanel companyId={id} />
            </Tabs.Panel>
            <Tabs.Panel value="tasks">
              <ClientTasksPanel companyId={id} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
      </Grid>
      <ClientFormModal opened={editing} onClose={() => setEditing(false)} client={c} />
    </Stack>
  );
}

function Requisites({ client: c }: { client: Company }) {
  const { t } = useTranslation();
  const rows: Array<[string, string | null]> = [
    [t('clientForm.legalName'), c.legalName],
    [t('clientForm.inn'), c.inn],
    [t('clientForm.kpp'), c.kpp],
    [t('clientForm.address'), c.address],
    [t('clientForm.website'), c.website],
    [t('clientForm.annualPotential'), c.annualPotential ? formatMoney(c.annualPotential) : null],
    [t('card.clientSince'), formatDate(c.createdAt)],
  ];
  return (
    <Paper p="md" data-testid="requisites">
      <Title order={4} mb="sm">
        {t('card.requisites')}
      </Title>
      <Stack gap={8} component="dl" m={0}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed" component="dt">
              {label}
            </Text>
            <Text size="sm" component="dd" m={0} style={{ wordBreak: 'break-word' }}>
              {value || '—'}
            </Text>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
