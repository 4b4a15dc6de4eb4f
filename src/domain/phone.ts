import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

// Phones are stored in E.164; Russian numbers written the local way (8 912 ..., 912 ...) are
// read with RU as the default country.
export function normalisePhone(input: string, defaultCountry: 'RU' = 'RU'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}
