import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconAnchor } from '@tabler/icons-react';

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size="md" radius="md">
        <IconAnchor size={18} />
      </ThemeIcon>
      <Text fw={700} size="lg">
        Holdfast
      </Text>
    </Group>
  );
}
