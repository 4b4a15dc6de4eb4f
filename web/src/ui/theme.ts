import { createTheme } from '@mantine/core';

// One look for the whole app: Mantine defaults with a calm blue and slightly rounder corners.
export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Table: { defaultProps: { verticalSpacing: 'xs', highlightOnHover: true } },
    Paper: { defaultProps: { withBorder: true, radius: 'md' } },
  },
});
