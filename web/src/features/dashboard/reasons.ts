import type { TFunction } from 'i18next';
import { currentLang, formatMoney } from '../../i18n/format';
import type { ChurnRiskItem, KeyAccountsReport } from '../../../../src/features/analytics/analytics.schema';
import { formatPercent } from './dashboard-ui';

type Reason = ChurnRiskItem['reasons'][number];
const KNOWN = ['overdue', 'single_order', 'revenue_down', 'orders_down', 'basket_narrower', 'no_baseline', 'thin_baseline', 'steady'] as const;
type Known = (typeof KNOWN)[number];

/** The API explains a risk in English with its numbers in `params`; say it in the reader's language. */
export function reasonText(t: TFunction, r: Reason): string {
  if (!(KNOWN as readonly string[]).includes(r.code)) return r.text;
  const p = { ...r.params };
  if (r.code === 'revenue_down') {
    p.recent = formatMoney(String(p.recent));
    p.yearAgo = formatMoney(String(p.yearAgo));
  }
  return t(`dashboard.reason.${r.code as Known}`, p);
}

type KeyAccount = KeyAccountsReport['items'][number];

/** English keeps the API's own sentence; other languages get the same facts composed from the fields. */
export function keyAccountWhy(t: TFunction, i: KeyAccount, categoriesOffered: number): string {
  if (currentLang() === 'en') return i.why;
  return t('dashboard.keyAccountWhy', {
    potential: formatMoney(i.potential),
    revenue: formatMoney(i.revenue),
    share: formatPercent(i.shareOfWallet),
    bought: i.categoriesBought,
    offered: categoriesOffered,
    holder: i.holderName ?? t('dashboard.noOwner'),
    kam: i.keyAccountManagerName ?? t('dashboard.noKam'),
  });
}
