import { ThemeIcon } from '@mantine/core';
import { IconMail, IconNote, IconPhone, IconUsers, IconWalk } from '@tabler/icons-react';
import type { Activity } from '../../api/types';

const ICONS = { call: IconPhone, email: IconMail, meeting: IconUsers, visit: IconWalk, note: IconNote } satisfies Record<Activity['type'], unknown>;
const COLORS: Record<Activity['type'], string> = { call: 'blue', email: 'grape', meeting: 'teal', visit: 'orange', note: 'gray' };

export function ActivityIcon({ type, size = 28 }: { type: Activity['type']; size?: number }) {
  const Icon = ICONS[type];
  return (
    <ThemeIcon size={size} radius="xl" color={COLORS[type]} variant="light">
      <Icon size={size * 0.6} />
    </ThemeIcon>
  );
}
