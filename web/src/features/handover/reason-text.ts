import type { TFunction } from 'i18next';
import type { Handover, HandoverItem } from '../../api/types';
import { formatMoney, formatNumber } from '../../i18n/format';

// The plan's reasons and warnings in the reader's language, from the codes and parameters the API
// sends beside its English texts (src/domain/handover/reasons.ts renders those from the same codes).
// Items and warnings from before the codes existed have only the English text, shown as it is.

type Params = NonNullable<HandoverItem['reasonParams']>;
type KnowHow = 'backup' | 'team' | 'interactions';
const KNOW_HOWS: readonly string[] = ['backup', 'team', 'interactions'];
const ROLES = ['owner', 'backup', 'hunter', 'key_account', 'service'] as const;

const str = (v: Params[string] | undefined) => (v === null || v === undefined ? '' : String(v));
const num = (v: Params[string] | undefined) => Number(v ?? 0);

export function reasonText(t: TFunction, item: Pick<HandoverItem, 'reason' | 'reasonCode' | 'reasonParams'>): string {
  const code = item.reasonCode;
  const p: Params = item.reasonParams ?? {};
  if (!code) return item.reason;
  const role = (ROLES as readonly string[]).includes(str(p.role)) ? t(`handover.reasons.role.${str(p.role) as (typeof ROLES)[number]}`) : str(p.role);
  const company = str(p.company);
  switch (code) {
    case 'client_unplaced_a':
    case 'client_unplaced':
    case 'client_knows':
    case 'client_key_account':
    case 'client_balance': {
      const what = { abc: str(p.abc), revenue: formatMoney(str(p.revenue)) };
      const client = t(p.keyAccountCandidate ? 'handover.reasons.clientKa' : 'handover.reasons.client', what);
      const clientAcc = t(p.keyAccountCandidate ? 'handover.reasons.clientKaAcc' : 'handover.reasons.clientAcc', what);
      if (code === 'client_unplaced_a') return t('handover.reasons.client_unplaced_a', { client, months: formatNumber(num(p.minTenureMonths)) });
      if (code === 'client_unplaced') return t('handover.reasons.client_unplaced', { client });
      const name = str(p.successor);
      const months = num(p.tenureMonths);
      const tenure = months >= 24 ? t('handover.reasons.years', { count: Math.floor(months / 12) }) : t('handover.reasons.months', { count: months });
      const who = p.abc === 'A' ? t('handover.reasons.experienced', { name, tenure }) : name;
      const knownAs = KNOW_HOWS.includes(str(p.knownAs)) ? (str(p.knownAs) as KnowHow) : null;
      const known = knownAs ? t(`handover.reasons.knownAs.${knownAs}`) : '';
      if (code === 'client_knows' && knownAs) return t('handover.reasons.client_knows', { clientAcc, who, known });
      if (code === 'client_key_account') return t('handover.reasons.client_key_account', { clientAcc, who });
      return knownAs ? t('handover.reasons.client_balance_known', { clientAcc, who, name, known }) : t('handover.reasons.client_balance', { clientAcc, who });
    }
    case 'seat_no_successor':
    case 'seat_knows':
    case 'seat_lightest':
      return t(`handover.reasons.${code}`, { role, company, successor: str(p.successor) });
    case 'reassigned':
      return t('handover.reasons.reassigned', { successor: str(p.successor), actor: str(p.actor) });
    default:
      return t(`handover.reasons.${code}`, { role, company });
  }
}

export function warningText(t: TFunction, w: Handover['warningItems'][number]): string {
  const p = w.params;
  const spread = (money: boolean) => ({
    pct: formatNumber(num(p.tolerancePct)),
    min: money ? formatMoney(str(p.min)) : formatNumber(num(p.min)),
    max: money ? formatMoney(str(p.max)) : formatNumber(num(p.max)),
  });
  switch (w.code) {
    case 'unplaced_a':
      return t('handover.warningCodes.unplaced_a', { count: num(p.count), months: formatNumber(num(p.minTenureMonths)) });
    case 'unplaced':
    case 'unassigned_items':
      return t(`handover.warningCodes.${w.code}`, { count: num(p.count) });
    case 'count_spread':
      return t('handover.warningCodes.count_spread', spread(false));
    case 'revenue_spread':
    case 'revenue_spread_unsplittable':
      return t(`handover.warningCodes.${w.code}`, spread(true));
    case 'no_key_account_manager':
    case 'no_successors':
      return t(`handover.warningCodes.${w.code}`);
    case 'text':
      return str(p.text);
  }
}
