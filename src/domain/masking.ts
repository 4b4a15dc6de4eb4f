import type { Actor } from './actor.js';

// Masks keep just enough to tell two values apart on a call ("the one ending 89"), never enough
// to dial or write to: +79123456789 -> "+7 *** ***-**-89", ivan@domain.ru -> "i***@d***.ru".
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const tail = digits.slice(-2);
  if (/^\+7\d{10}$/.test(phone)) return `+7 *** ***-**-${tail}`;
  return `${phone.startsWith('+') ? '+' : ''}*** ***-**-${tail}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local[0]}***@${domain[0] ?? ''}***${tld}`;
}

export type ContactFields = { phones: string[]; emails: string[] };

/** The contact fields as the actor's role policy lets them see them. */
export function maskContactFields<T extends ContactFields>(actor: Actor, fields: T): T {
  const { maskPhones, maskEmails } = actor.policy;
  if (!maskPhones && !maskEmails) return fields;
  return {
    ...fields,
    phones: maskPhones ? fields.phones.map(maskPhone) : fields.phones,
    emails: maskEmails ? fields.emails.map(maskEmail) : fields.emails,
  };
}

/** A message's address (a phone for a call, an email for a letter) as the actor's policy lets them see it. */
export function maskAddress(actor: Actor, channel: 'call' | 'email', address: string | null): string | null {
  if (address === null) return null;
  if (channel === 'call') return actor.policy.maskPhones ? maskPhone(address) : address;
  return actor.policy.maskEmails ? maskEmail(address) : address;
}
