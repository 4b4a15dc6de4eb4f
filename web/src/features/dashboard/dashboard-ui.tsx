import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatNumber } from '../../i18n/format';

export function Section({ title, hint, children, testId }: { title: string; hint?: string; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title} data-testid={testId}>
      <Stack gap="sm">
        <div>
          <Title order={4}>{title}</Title>
          {hint && (
            <Text c="dimmed" size="xs">
              {hint}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

export const ClientLink = ({ id, name }: { id: number; name: string }) => (
  <Anchor component={Link} to={`/clients/${id}`} fw={600} size="sm">
    {name}
  </Anchor>
);


export function formatPercent(share: number | null): string {
  if (share === null) return '—';
  return `${formatNumber(Math.round(share * 1000) / 10)}%`;
}
