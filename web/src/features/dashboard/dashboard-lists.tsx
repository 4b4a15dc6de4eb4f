import { Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../i18n/format';
import { keyAccountWhy, reasonText } from './reasons';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useAbcA, useChurnRisk, useCoverageGaps, useKeyAccounts } from './dashboard-api';
import { ClientLink, Section } from './dashboard-ui';
import { MakeTaskButton } from './make-task-button';

const PATTERN_COLOR = { lapsed: 'red', fading: 'orange', new: 'blue', steady: 'gray' } as const;

/** Clients the churn model flags, with the reasons it gives. */
export function RiskSection() {
  const { t } = useTranslation();
  const risk = useChurnRisk();
  return (
    <Section title={t('dashboard.riskTitle')} hint={risk.data ? t('dashboard.riskHint', { count: risk.data.summary.flagged }) : undefined} testId="risk-section">
      {risk.isPending ? (
        <LoadingState />
      ) : risk.isError ? (
        <ErrorState error={risk.error} onRetry={() => void risk.refetch()} />
      ) : risk.data.items.length === 0 ? (
        <EmptyState title={t('dashboard.riskEmpty')} />
      ) : (
        <Stack gap="xs" data-testid="risk-list">
          {risk.data.items.map((i) => (
            <Item
              key={i.companyId}
              head={
                <>
                  <ClientLink id={i.companyId} name={i.companyName} />
                  <Badge color={PATTERN_COLOR[i.pattern]} variant="light">
                    {t(`dashboard.pattern.${i.pattern}`)}
                  </Badge>
                  <Badge color="gray" variant="outline">
                    {t('dashboard.score', { score: i.score })}
                  </Badge>
                </>
              }
              meta={`${i.ownerName ?? t('dashboard.noOwner')} · ${t('dashboard.lastOrder', { date: formatDate(i.lastOrderOn) })}`}
              action={<MakeTaskButton companyId={i.companyId} companyName={i.companyName} ownerId={i.ownerId} defaultTitle={t('dashboard.riskTask', { name: i.companyName })} />}
            >
              <List size="xs" spacing={2}>
                {i.reasons.map((r) => (
                  <List.Item key={r.code}>{reasonText(t, r)}</List.Item>
                ))}
              </List>
            </Item>
          ))}
        </Stack>
      )}
    </Section>
  );
}

/** A clients fewer than two people know: if that person leaves, the relationship goes too. */
export function CoverageSection() {
  const { t } = useTranslation();
  const coverage = useCoverageGaps();
  const aClients = useAbcA();
  const pending = coverage.isPending || aClients.isPending;
  const error = coverage.error ?? aClients.error;
  const aIds = new Set(aClients.data?.items.map((i) => i.companyId));
  const gaps = (coverage.data?.items ?? []).filter((i) => aIds.has(i.companyId)).slice(0, 10);
  return (
    <Section title={t('dashboard.coverageTitle')} hint={t('dashboard.coverageHint')} testId="coverage-section">
      {pending ? (
        <LoadingState />
      ) : error ? (
        <ErrorState
          error={error}
          onRetry={() => {
            void coverage.refetch();
            void aClients.refetch();
          }}
        />
      ) : gaps.length === 0 ? (
        <EmptyState title={t('dashboard.coverageEmpty')} />
      ) : (
        <Stack gap="xs" data-testid="coverage-list">
          {gaps.map((i) => {
            const owner = i.knowers.find((k) => k.via.includes('owner'));
            return (
              <Item
                key={i.companyId}
                head={
                  <>
                    <ClientLink id={i.companyId} name={i.companyName} />
                    <Badge color={i.knowersCount === 0 ? 'red' : 'orange'} variant="light">
                      {t('dashboard.knowers', { count: i.knowersCount })}
                    </Badge>
                  </>
                }
                meta={`${formatMoney(i.revenue, { compact: true })} · ${i.knowers.map((k) => k.employeeName).join(', ') || t('dashboard.nobody')}`}
                action={
                  <MakeTaskButton
                    companyId={i.companyId}
                    companyName={i.companyName}
                    ownerId={owner?.employeeId ?? null}
                    defaultTitle={t('dashboard.coverageTask', { name: i.companyName })}
                  />
                }
              />
            );
          })}
        </Stack>
      )}
    </Section>
  );
}

/** Large potential, small share of wallet: where a key-account manager would pay off. */
export function KeyAccountsSection() {
  const { t } = useTranslation();
  const ka = useKeyAccounts();
  return (
    <Section title={t('dashboard.keyAccountsTitle')} hint={t('dashboard.keyAccountsHint')} testId="key-accounts-section">
      {ka.isPending ? (
        <LoadingState />
      ) : ka.isError ? (
        <ErrorState error={ka.error} onRetry={() => void ka.refetch()} />
      ) : ka.data.items.length === 0 ? (
        <EmptyState title={t('dashboard.keyAccountsEmpty')} />
      ) : (
        <Stack gap="xs" data-testid="key-accounts-list">
          {ka.data.items.map((i) => (
            <Item
              key={i.companyId}
              head={
                <>
                  <ClientLink id={i.companyId} name={i.companyName} />
                  <Text size="xs" c="dimmed">
                    {t('dashboard.potential', { potential: formatMoney(i.potential, { compact: true }), revenue: formatMoney(i.revenue, { compact: true }) })}
                  </Text>
                </>
              }
              meta={i.holderName ?? t('dashboard.noOwner')}
              action={<MakeTaskButton companyId={i.companyId} companyName={i.companyName} ownerId={i.holderId} defaultTitle={t('dashboard.keyAccountTask', { name: i.companyName })} />}
            >
              <Text size="sm">{keyAccountWhy(t, i, ka.data.categoriesOffered)}</Text>
            </Item>
          ))}
        </Stack>
      )}
    </Section>
  );
}

function Item({ head, meta, action, children }: { head: ReactNode; meta: string; action: ReactNode; children?: ReactNode }) {
  return (
    <Paper bg="gray.0" p="xs" radius="sm" data-testid="dashboard-item">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs">{head}</Group>
          <Text size="xs" c="dimmed">
            {meta}
          </Text>
          {children}
        </Stack>
        <div style={{ flexShrink: 0 }}>{action}</div>
      </Group>
    </Paper>
  );
}
