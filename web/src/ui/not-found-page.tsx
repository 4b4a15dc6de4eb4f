import { Button } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from './states';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconMapPinOff size={26} />}
      title={t('errors.pageNotFound')}
      hint={t('errors.pageNotFoundHint')}
      action={
        <Button component={Link} to="/my-day" variant="light">
          {t('nav.myDay')}
        </Button>
      }
    />
  );
}
