import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { LanguageSwitch } from '../../ui/language-switch';
import { Logo } from '../../ui/logo';
import { useLogin, useMe } from './auth-api';

export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/my-day';
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) => (v ? null : t('validation.required')),
    },
  });

  if (me.data) return <Navigate to={target} replace />;

  const failure =
    login.error instanceof ApiError && (login.error.status === 401 || login.error.status === 400)
      ? t('auth.wrongCredentials')
      : login.error
        ? t('errors.network')
        : null;

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Stack w={400} maw="100%">
        <Group justify="space-between">
          <Logo />
          <LanguageSwitch />
        </Group>
        <Paper p="xl" shadow="sm">
          <form onSubmit={form.onSubmit((values) => login.mutate(values, { onSuccess: () => void navigate(target, { replace: true }) }))}>
            <Stack>
              <div>
                <Title order={2}>{t('auth.title')}</Title>
                <Text c="dimmed" size="sm">
                  {t('auth.subtitle')}
                </Text>
              </div>
              {failure && (
                <Alert color="red" icon={<IconAlertCircle />} role="alert">
                  {failure}
                </Alert>
              )}
              <TextInput label={t('auth.email')} type="email" autoComplete="username" autoFocus required {...form.getInputProps('email')} />
              <PasswordInput label={t('auth.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
              <Button type="submit" loading={login.isPending} fullWidth>
                {t('auth.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Center>
  );
}
