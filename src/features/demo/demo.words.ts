import type { Rng } from './demo.rng.js';

// Dictionaries for Russian-looking demo data: people, company names, cities and streets.
const MALE_FIRST = ['Александр', 'Алексей', 'Андрей', 'Антон', 'Артём', 'Борис', 'Вадим', 'Виктор', 'Владимир', 'Дмитрий', 'Евгений', 'Егор', 'Иван', 'Игорь', 'Илья', 'Кирилл', 'Константин', 'Максим', 'Михаил', 'Никита', 'Николай', 'Олег', 'Павел', 'Роман', 'Руслан', 'Сергей', 'Станислав', 'Юрий'];
const FEMALE_FIRST = ['Алина', 'Анастасия', 'Анна', 'Валентина', 'Вера', 'Виктория', 'Галина', 'Дарья', 'Екатерина', 'Елена', 'Ирина', 'Ксения', 'Лариса', 'Любовь', 'Марина', 'Мария', 'Наталья', 'Нина', 'Ольга', 'Светлана', 'Татьяна', 'Юлия'];
// Surname stems: masculine form as is, feminine adds "а" (Иванов / Иванова).
const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв', 'Ильин', 'Максимов', 'Поляков', 'Сорокин', 'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов', 'Жуков', 'Баранов', 'Филиппов', 'Комаров', 'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров'];
const PATRONYMIC_STEMS = ['Александров', 'Алексеев', 'Андреев', 'Борисов', 'Викторов', 'Владимиров', 'Дмитриев', 'Евгеньев', 'Иванов', 'Игорев', 'Михайлов', 'Николаев', 'Олегов', 'Павлов', 'Петров', 'Сергеев', 'Юрьев', 'Анатольев', 'Геннадьев', 'Васильев'];

export type Person = { first: string; last: string; patronymic: string; female: boolean };

export function person(rng: Rng): Person {
  const female = rng.chance(0.45);
  const stem = rng.pick(SURNAMES);
  const pat = rng.pick(PATRONYMIC_STEMS);
  return {
    first: rng.pick(female ? FEMALE_FIRST : MALE_FIRST),
    last: female ? `${stem}а` : stem,
    patronymic: female ? `${pat}на` : `${pat}ич`,
    female,
  };
}

export const fullName = (p: Person) => `${p.last} ${p.first} ${p.patronymic}`;
export const shortName = (p: Person) => `${p.last} ${p.first[0]}. ${p.patronymic[0]}.`;

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y',
  ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Latin letters for e-mail addresses and web sites. */
export function translit(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += TRANSLIT[ch] ?? (/[a-z0-9-]/.test(ch) ? ch : '');
  return out;
}

const NAME_HEADS = ['Строй', 'Пром', 'Техно', 'Урал', 'Сиб', 'Волга', 'Нева', 'Евро', 'Проф', 'Мега', 'Гранит', 'Альфа', 'Вектор', 'Стандарт', 'Базис', 'Монолит', 'Кров', 'Тепло', 'Электро', 'Метал', 'Транс', 'Энерго', 'Гидро', 'Эко', 'Нова', 'Рус', 'Север', 'Юг', 'Интер', 'Спец', 'Стро', 'Арсенал', 'Импульс', 'Капитал', 'Ресурс'];
const NAME_TAILS = ['монтаж', 'снаб', 'торг', 'комплект', 'ресурс', 'инвест', 'сервис', 'строй', 'маркет', 'групп', 'альянс', 'трейд', 'пром', 'систем', 'проект', 'дом', 'техника', 'лайн', 'холдинг', 'партнёр', 'база', 'склад', 'мастер', 'форм'];
const NAME_SUFFIXES = ['', '', '', '', '', ' Плюс', '-М', '-Центр', ' Регион', '-Про', ' Инжиниринг', ' Логистик'];

/** A brand-like company name: "СтройМонтаж-М". */
export function companyBrand(rng: Rng): string {
  return `${rng.pick(NAME_HEADS)}${rng.pick(NAME_TAILS)}${rng.pick(NAME_SUFFIXES)}`;
}

// region code (first two INN digits), city, postal code prefix, weight
export const REGIONS = [
  { code: '77', city: 'г. Москва', postal: 1, weight: 24 },
  { code: '50', city: 'Московская обл., г. Подольск', postal: 142, weight: 6 },
  { code: '50', city: 'Московская обл., г. Химки', postal: 141, weight: 4 },
  { code: '78', city: 'г. Санкт-Петербург', postal: 19, weight: 12 },
  { code: '66', city: 'г. Екатеринбург', postal: 620, weight: 6 },
  { code: '54', city: 'г. Новосибирск', postal: 630, weight: 5 },
  { code: '16', city: 'г. Казань', postal: 420, weight: 5 },
  { code: '52', city: 'г. Нижний Новгород', postal: 603, weight: 4 },
  { code: '61', city: 'г. Ростов-на-Дону', postal: 344, weight: 4 },
  { code: '63', city: 'г. Самара', postal: 443, weight: 4 },
  { code: '74', city: 'г. Челябинск', postal: 454, weight: 3 },
  { code: '02', city: 'г. Уфа', postal: 450, weight: 3 },
  { code: '59', city: 'г. Пермь', postal: 614, weight: 3 },
  { code: '24', city: 'г. Красноярск', postal: 660, weight: 3 },
  { code: '36', city: 'г. Воронеж', postal: 394, weight: 3 },
  { code: '23', city: 'г. Краснодар', postal: 350, weight: 4 },
  { code: '34', city: 'г. Волгоград', postal: 400, weight: 2 },
  { code: '72', city: 'г. Тюмень', postal: 625, weight: 2 },
  { code: '55', city: 'г. Омск', postal: 644, weight: 2 },
] as const;
export const REGION_WEIGHTS = REGIONS.map((r) => r.weight);

const STREETS = ['ул. Ленина', 'ул. Мира', 'пр-т Победы', 'ул. Промышленная', 'ул. Заводская', 'ул. Строителей', 'ш. Энтузиастов', 'ул. Садовая', 'ул. Советская', 'ул. Гагарина', 'ул. Октябрьская', 'ул. Индустриальная', 'ул. Складская', 'пр-т Космонавтов', 'ул. Фрунзе', 'ул. Кирова', 'ул. Чкалова', 'ул. Маяковского', 'ул. Пушкина', 'ул. Калинина', 'ул. Энергетиков', 'ул. Южная', 'Северный проезд', 'ул. Транспортная'];

export function address(rng: Rng, region: (typeof REGIONS)[number]): string {
  const digits = 6 - String(region.postal).length;
  const postal = `${region.postal}${String(rng.int(0, 10 ** digits - 1)).padStart(digits, '0')}`;
  const building = rng.chance(0.3) ? `, стр. ${rng.int(1, 9)}` : '';
  const office = rng.chance(0.6) ? `, оф. ${rng.int(1, 520)}` : '';
  return `${postal}, ${region.city}, ${rng.pick(STREETS)}, д. ${rng.int(1, 180)}${building}${office}`;
}

export const POSITIONS = [
  { title: 'Генеральный директор', dm: 1 },
  { title: 'Коммерческий директор', dm: 1 },
  { title: 'Директор по снабжению', dm: 1 },
  { title: 'Начальник отдела снабжения', dm: 0.6 },
  { title: 'Главный инженер', dm: 0.3 },
  { title: 'Менеджер по закупкам', dm: 0 },
  { title: 'Специалист по снабжению', dm: 0 },
  { title: 'Прораб', dm: 0 },
  { title: 'Инженер ПТО', dm: 0 },
  { title: 'Главный бухгалтер', dm: 0 },
] as const;

export const TAGS = ['опт', 'подрядчик', 'застройщик', 'монтажная организация', 'дилер', 'производство', 'госзакупки', 'тендер', 'постоплата', 'самовывоз', 'доставка', 'розничная сеть', 'ремонт', 'объект'];
export const MAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'bk.ru', 'list.ru', 'gmail.com', 'inbox.ru'];
// Operator prefixes that libphonenumber-js (min and max metadata) accepts as Russian mobiles.
export const MOBILE_PREFIXES = [903, 905, 906, 909, 910, 912, 913, 914, 915, 916, 917, 918, 919, 921, 922, 923, 925, 926, 927, 928, 929, 950, 951, 952, 953, 960, 961, 962, 963, 964, 965, 966, 967, 968, 977, 978, 980, 981, 982, 983, 985, 987, 988, 999];

export const mobile = (rng: Rng) => `+7${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
