import { Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPhoneIncoming, IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { openSearchPalette } from '../search/search-palette';
import { DossierView } from './dossier-view';
import { usePhoneLookup } from './incoming-call-api';

// The call-centre screen: the number comes in, the dossier of whoever owns it appears in one view.
// The number lives in the URL so a reload or a shared link shows the same caller.
export function IncomingCallPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const phone = params.get('phone') ?? '';
  const [draft, setDraft] = useState(phone);
  const [choice, setChoice] = useState(0);
  const lookup = usePhoneLookup(phone);
  const tooShort = draft.replace(/\D/g, '').length < 4;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (tooShort) return;
    setChoice(0);
    setParams({ phone: draft.trim() });
  };

  const items = lookup.data?.items ?? [];
  const match = items[choice] ?? items[0];

  return (
    <Stack gap="md">
      <Title order={2}>{t('search.call.title')}</Title>
      <Card withBorder padding="md">
        <form onSubmit={submit}>
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('search.call.number')}
              placeholder="+7 900 123-45-67"
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              leftSection={<IconPhoneIncoming size={16} />}
              maxLength={40}
              autoFocus
              w={320}
              onPaste={(e) => {
                // A pasted number is looked up at once: the operator has a caller waiting.
                const text = e.clipboardData.getData('text').trim();
                if (text.replace(/\D/g, '').length >= 4) {
                  e.preventDefault();
                  setDraft(text);
                  setChoice(0);
                  setParams({ phone: text });
                }
              }}
            />
            <Button type="submit" disabled={tooShort} leftSection={<IconSearch size={16} />}>
              {t('search.call.find')}
            </Button>
          </Group>
        </form>
      </Card>

      {phone === '' ? (
        <EmptyState icon={<IconPhoneIncoming size={26} />} title={t('search.call.start')} hint={t('search.call.startHint')} />
      ) : lookup.isPending ? (
        <LoadingState />
      ) : lookup.isError ? (
        <ErrorState error={lookup.error} onRetry={() => void lookup.refetch()} />
      ) : !match ? (
        <EmptyState
          title={t('search.call.notFound')}
          hint={t('search.call.notFoundHint', { phone })}
          action={
            <Button variant="light" leftSection={<IconSearch size={16} />} onClick={() => openSearchPalette()}>
              {t('search.call.searchByName')}
            </Button>
          }
        />
      ) : (
        <Stack gap="sm">
          {items.length > 1 && (
            <Group gap="sm">
              <Text size="sm" c="dimmed">
                {t('search.call.several', { count: items.length })}
              </Text>
              <SegmentedControl
                size="xs"
                value={String(choice)}
                onChange={(v) => setChoice(Number(v))}
                data={items.map((it, i) => ({ value: String(i), label: `${it.contact.name} · ${it.company.name}` }))}
              />
            </Group>
          )}
          {!match.exact && (
            <Text size="sm" c="orange">
              {t('search.call.partial')}
            </Text>
          )}
          <DossierView key={`${match.company.id}-${match.contact.id}`} companyId={match.company.id} contactId={match.contact.id} />
        </Stack>
      )}
    </Stack>
  );
}
