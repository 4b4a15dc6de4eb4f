import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n';
import type { Lang } from '../i18n/format';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('common.language')}
      value={i18n.language === 'ru' ? 'ru' : 'en'}
      onChange={(v) => void setLang(v as Lang)}
      data={[
        { value: 'ru', label: 'RU' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}
