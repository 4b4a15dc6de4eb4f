// Money travels as a decimal string ("1234.50") and is stored as numeric(15,2); it is never a
// JS float. Sums are done in SQL or in integer minor units (kopecks) with bigint.
export const MONEY_PATTERN = /^\d{1,13}(\.\d{1,2})?$/;

export function toMinor(amount: string): bigint {
  const [whole = '0', frac = ''] = amount.split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '')) * 100n + BigInt((frac + '00').slice(0, 2)));
}

export function fromMinor(minor: bigint): string {
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** quantity (up to 3 decimals) x price, rounded half-up to kopecks. */
export function lineAmount(quantity: string, price: string): string {
  const [qw = '0', qf = ''] = quantity.split('.');
  const qMilli = BigInt(qw) * 1000n + BigInt((qf + '000').slice(0, 3));
  const product = qMilli * toMinor(price); // minor units x 1000
  return fromMinor((product + 500n) / 1000n);
}
