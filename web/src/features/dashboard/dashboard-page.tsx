import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatMonth } from '../../i18n/format';
import { ErrorState, LoadingState } from '../../ui/states';
import { useAbc } from './dashboard-api';
import { CoverageSection, KeyAccountsSection, RiskSection } from './dashboard-lists';
import { formatPercent, Section } from './dashboard-ui';
import { DependencySection } from './dependency-section';

/** The owner's view: where revenue comes from, who it depends on, and which clients need action. */
export function DashboardPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={1200} gap="lg">
      <div>
        <Title order={2}>{t('dashboard.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('dashboard.subtitle')}
        </Text>
      </div>
      <AbcSection />
      <DependencySection />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <RiskSection />
        <CoverageSection />
      </SimpleGrid>
      <KeyAccountsSection />
    </Stack>
  );
}

const CLASS_COLOR = { A: 'green', B: 'blue', C: 'gray' } as const;

function AbcSection() {
  const { t } = useTranslation();
  const abc = useAbc();
  return (
    <Section title={t('dashboard.abcTitle')} hint={abc.data ? t('dashboard.abcHint', { from: formatMonth(abc.data.period.from), to: formatMonth(abc.data.period.to) }) : undefined} testId="abc-section">
      {abc.isPending ? (
        <LoadingState />
      ) : abc.isError ? (
        <ErrorState error={abc.error} onRetry={() => void abc.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <Stat label={t('dashboard.totalRevenue')} value={formatMoney(abc.data.total, { compact: true })} sub={t('dashboard.clients', { count: abc.data.clients })} />
          {abc.data.classes.map((c) => (
            <Stat
              key={c.abc}
              label={
                <Group gap={6}>
                  <Badge color={CLASS_COLOR[c.abc]} variant="filled" size="sm">
                    {c.abc}
                  </Badge>
                  {t(`dashboard.class${c.abc}`)}
                </Group>
              }
              value={formatMoney(c.value, { compact: true })}
              sub={`${formatPercent(c.share)} · ${t('dashboard.clients', { count: c.clients })}`}
            />
          ))}
        </SimpleGrid>
      )}
    </Section>
  );
}

function Stat({ label, value, sub }: { label: ReactNode; value: string; sub: string }) {
  return (
    <Paper bg="gray.0" p="sm" radius="md">
      <Text size="xs" c="dimmed" component="div">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {sub}
      </Text>
    </Paper>
  );
}

