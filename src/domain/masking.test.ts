import { describe, expect, it } from 'vitest';
import { type Actor, FALLBACK_POLICY } from './actor.js';
import { maskContactFields, maskEmail, maskPhone } from './masking.js';

const actor = (maskPhones: boolean, maskEmails: boolean): Actor => ({
  id: 1,
  name: 'A',
  email: 'a@x.ru',
  role: 'account_manager',
  policy: { ...FALLBACK_POLICY, maskPhones, maskEmails },
});

describe('masking', () => {
  it('masks a Russian number to the agreed form', () => {
    expect(maskPhone('+79123456789')).toBe('+7 *** ***-**-89');
  });

  it('masks other numbers keeping only the last two digits', () => {
    expect(maskPhone('+442071234567')).toBe('+*** ***-**-67');
    expect(maskPhone('1234')).toBe('*** ***-**-34');
  });

  it('masks an email to its first letters and top-level domain', () => {
    expect(maskEmail('ivan@domain.ru')).toBe('i***@d***.ru');
    expect(maskEmail('a.petrov@mail.example.com')).toBe('a***@m***.com');
    expect(maskEmail('x@localhost')).toBe('x***@l***');
    expect(maskEmail('broken')).toBe('***');
  });

  it('masks per field as the policy says and leaves other fields alone', () => {
    const c = { id: 5, phones: ['+79123456789'], emails: ['ivan@domain.ru'] };
    expect(maskContactFields(actor(true, false), c)).toEqual({ id: 5, phones: ['+7 *** ***-**-89'], emails: ['ivan@domain.ru'] });
    expect(maskContactFields(actor(false, true), c)).toEqual({ id: 5, phones: ['+79123456789'], emails: ['i***@d***.ru'] });
    expect(maskContactFields(actor(false, false), c)).toBe(c);
  });

  it('never lets more than two digits of a number through', () => {
    for (const p of ['+79161234567', '+380441234567', '+12025550123']) {
      expect(maskPhone(p).replace(/\D/g, '').length).toBeLessThanOrEqual(p.startsWith('+7') ? 3 : 2);
    }
  });
});
