import type { Role } from '../../domain/actor.js';

// The demo company's people. `hiredDaysAgo` is relative to the demo's `today`, so the two
// newcomers are always under three months in. Every login is <login>@demo.test, password `demo`.
export type StaffKey =
  | 'director' | 'rop' | 'admin' | 'smirnov' | 'petrova' | 'volkov' | 'morozova' | 'lebedev' | 'novikova'
  | 'kozlov' | 'orlov' | 'zaitseva' | 'fedorova' | 'egorov' | 'stepanova';

export type StaffMember = { key: StaffKey; name: string; role: Role; hiredDaysAgo: number; reportsTo: StaffKey | null; note: string };

export const DEMO_PASSWORD = 'demo';
export const DEMO_EMAIL_DOMAIN = 'demo.test';

export const STAFF: readonly StaffMember[] = [
  { key: 'director', name: 'Соколов Андрей Викторович', role: 'director', hiredDaysAgo: 3650, reportsTo: null, note: 'директор' },
  { key: 'rop', name: 'Белова Ирина Сергеевна', role: 'head_of_sales', hiredDaysAgo: 2900, reportsTo: 'director', note: 'руководитель отдела продаж' },
  { key: 'admin', name: 'Кузнецов Дмитрий Олегович', role: 'admin', hiredDaysAgo: 2100, reportsTo: 'director', note: 'администратор системы' },
  { key: 'smirnov', name: 'Смирнов Алексей Игоревич', role: 'account_manager', hiredDaysAgo: 2600, reportsTo: 'rop', note: 'МРК; держит около 37% выручки' },
  { key: 'petrova', name: 'Петрова Елена Николаевна', role: 'account_manager', hiredDaysAgo: 1900, reportsTo: 'rop', note: 'МРК' },
  { key: 'volkov', name: 'Волков Сергей Андреевич', role: 'account_manager', hiredDaysAgo: 1500, reportsTo: 'rop', note: 'МРК' },
  { key: 'morozova', name: 'Морозова Ольга Владимировна', role: 'account_manager', hiredDaysAgo: 1200, reportsTo: 'rop', note: 'МРК' },
  { key: 'lebedev', name: 'Лебедев Павел Юрьевич', role: 'account_manager', hiredDaysAgo: 900, reportsTo: 'rop', note: 'МРК' },
  { key: 'novikova', name: 'Новикова Анна Дмитриевна', role: 'account_manager', hiredDaysAgo: 45, reportsTo: 'rop', note: 'МРК, новичок (принята 45 дней назад)' },
  { key: 'kozlov', name: 'Козлов Максим Евгеньевич', role: 'key_account_manager', hiredDaysAgo: 1700, reportsTo: 'rop', note: 'менеджер по ключевым клиентам' },
  { key: 'orlov', name: 'Орлов Никита Александрович', role: 'hunter', hiredDaysAgo: 1100, reportsTo: 'rop', note: 'МПК (привлечение)' },
  { key: 'zaitseva', name: 'Зайцева Дарья Романовна', role: 'hunter', hiredDaysAgo: 70, reportsTo: 'rop', note: 'МПК, новичок (принята 70 дней назад)' },
  { key: 'fedorova', name: 'Фёдорова Марина Алексеевна', role: 'call_centre', hiredDaysAgo: 800, reportsTo: 'rop', note: 'колл-центр' },
  { key: 'egorov', name: 'Егоров Илья Викторович', role: 'customer_service', hiredDaysAgo: 1300, reportsTo: 'rop', note: 'клиентский сервис' },
  { key: 'stepanova', name: 'Степанова Татьяна Юрьевна', role: 'customer_service', hiredDaysAgo: 600, reportsTo: 'rop', note: 'клиентский сервис' },
];

export const demoEmail = (key: StaffKey) => `${key}@${DEMO_EMAIL_DOMAIN}`;

export const DEMO_LOGINS: readonly { email: string; role: Role; name: string }[] = STAFF.map((s) => ({
  email: demoEmail(s.key),
  role: s.role,
  name: s.name,
}));

/** Account managers who take ordinary clients (the star and the newcomer are handled apart). */
export const ORDINARY_MANAGERS: readonly StaffKey[] = ['petrova', 'volkov', 'morozova', 'lebedev'];
export const STAR_MANAGER: StaffKey = 'smirnov';
export const NEWCOMER_MANAGER: StaffKey = 'novikova';
export const KEY_ACCOUNT_MANAGER: StaffKey = 'kozlov';
export const SENIOR_HUNTER: StaffKey = 'orlov';
export const NEWCOMER_HUNTER: StaffKey = 'zaitseva';
