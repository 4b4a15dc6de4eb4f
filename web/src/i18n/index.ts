import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { LANGS, type Lang } from './format';
import { ru } from './ru';

const STORAGE_KEY = 'holdfast.lang';

// The person's own choice wins; otherwise the browser's language (Russian if it is first among ru/en).
export function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && (LANGS as string[]).includes(saved)) return saved as Lang;
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ru' || base === 'en') return base;
  }
  return 'en';
}

function applyLang(lang: string) {
  document.documentElement.lang = lang;
  dayjs.locale(lang);
}

export async function setLang(lang: Lang) {
  localStorage.setItem(STORAGE_KEY, lang);
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', applyLang);

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: initialLang(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyLang(i18n.language);

export default i18n;
