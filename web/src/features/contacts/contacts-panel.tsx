import { ActionIcon, Anchor, Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, RevealField } from '../../api/types';
import { formatDate } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states';
import { useMe } from '../auth/auth-api';
import { ContactFormModal } from './contact-form';
import { useContacts } from './contacts-api';
import { RevealButton } from './reveal-button';

// E.164 as a person reads it: +7 912 345-67-89 for Russian numbers, otherwise as stored.
export function displayPhone(e164: string) {
  const m = e164.match(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/);
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : e164;
}

/** Phones or emails as links; masked ones (by the role's policy) as text with a Show button. */
function ContactValues({ contact, field, clear, onRevealed }: { contact: Contact; field: RevealField; clear: string[] | undefined; onRevealed: (values: string[]) => void }) {
  if (!clear) {
    return (
      <Stack gap={0} align="flex-start">
        {contact[field].map((v) => (
          <Text key={v} size="sm" c="dimmed">
            {v}
          </Text>
        ))}
        {contact[field].length > 0 && <RevealButton contact={contact} field={field} onRevealed={onRevealed} />}
      </Stack>
    );
  }
  return (
    <Stack gap={0}>
      {clear.map((v) => (
        <Anchor key={v} href={field === 'phones' ? `tel:${v}` : `mailto:${v}`} size="sm" style={{ whiteSpace: 'nowrap' }}>
          {field === 'phones' ? displayPhone(v) : v}
        </Anchor>
      ))}
    </Stack>
  );
}

export function ContactsPanel({ companyId }: { companyId: number }) {
  const { t } = useTranslation();
  const contacts = useContacts(companyId);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const policy = useMe().data?.policy;
  // Values shown in clear after a reveal, per contact and field, for this visit only.
  const [revealed, setRevealed] = useState<Record<string, string[]>>({});
  const clear = (c: Contact, field: RevealField, masked: boolean | undefined) => (masked ? revealed[`${c.id}:${field}`] : c[field]);

  let body;
  if (contacts.isPending) body = <LoadingState />;
  else if (contacts.isError) body = <ErrorState error={contacts.error} onRetry={() => void contacts.refetch()} />;
  else if (!contacts.data.items.length) body = <EmptyState title={t('contacts.empty')} hint={t('contacts.emptyHint')} />;
  else
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table data-testid="contacts-table" aria-label={t('contacts.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contacts.name')}</Table.Th>
              <Table.Th>{t('contacts.phones')}</Table.Th>
              <Table.Th>{t('contacts.emails')}</Table.Th>
              <Table.Th>{t('contacts.birthday')}</Table.Th>
              <Table.Th w={48} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contacts.data.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Group gap={6}>
                    <Text fw={500} size="sm">
                      {c.name}
                    </Text>
                    {c.isDecisionMaker && (
                      <Tooltip label={t('contacts.decisionMakerHint')}>
                        <Badge size="xs" color="violet" variant="light">
                          {t('contacts.decisionMaker')}
                        </Badge>
                      </Tooltip>
                    )}
                  </Group>
                  {c.position && (
                    <Text size="xs" c="dimmed">
                      {c.position}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <ContactValues
                    contact={c}
                    field="phones"
                    clear={clear(c, 'phones', policy?.maskPhones)}
                    onRevealed={(values) => setRevealed((r) => ({ ...r, [`${c.id}:phones`]: values }))}
                  />
                </Table.Td>
                <Table.Td>
                  <ContactValues
                    contact={c}
                    field="emails"
                    clear={clear(c, 'emails', policy?.maskEmails)}
                    onRevealed={(values) => setRevealed((r) => ({ ...r, [`${c.id}:emails`]: values }))}
                  />
                </Table.Td>
                <Table.Td>{c.birthday ? formatDate(c.birthday) : '—'}</Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" aria-label={t('contacts.edit', { name: c.name })} onClick={() => setEditing(c)}>
                    <IconPencil size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack>
      <Group justify="flex-end">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
          {t('contacts.add')}
        </Button>
      </Group>
      {body}
      <ContactFormModal
        companyId={companyId}
        contact={editing === 'new' || editing === null ? undefined : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}
