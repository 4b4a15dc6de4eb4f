import { type Kysely, sql } from 'kysely';

// The texts a handover sends to clients (call script, retention offer, goodbye and welcome letters)
// are written to Russian companies by Russian-speaking managers, so their defaults are Russian. A
// column a company has already edited keeps its text: only the shipped English defaults are replaced.
const TEXTS = {
  call_script: [
    'Introduce yourself as the new manager of {client}. Thank them for working with us, ask what matters most to them right now, and agree on a visit. Do not discuss {departing} or the reasons for the change. Offer: {offer}',
    'Представьтесь новым менеджером клиента {client}. Поблагодарите за сотрудничество, спросите, что для клиента сейчас важнее всего, и договоритесь о встрече. Не обсуждайте {departing} и причины замены. Предложение: {offer}',
  ],
  retention_offer: [
    'Loyalty terms for the next quarter, within the price floor set by management.',
    'льготные условия на следующий квартал в пределах минимальной цены, утверждённой руководством',
  ],
  goodbye_subject: ['{client}: your new manager at our company', '{client}: ваш новый менеджер в нашей компании'],
  goodbye_body: [
    'Hello! From today your account is looked after by my colleague {successor}, who already has the full history of our work together. They will call you shortly. Thank you for the time we worked together. {departing}',
    'Здравствуйте! С сегодняшнего дня с вами будет работать мой коллега {successor}: вся история нашего сотрудничества уже у него в руках, и в ближайшее время вам позвонят. Спасибо за совместную работу! {departing}',
  ],
  welcome_subject: ['{client}: glad to continue working with you', '{client}: рады продолжить работу с вами'],
  welcome_body: [
    'Hello! I am {successor}, your manager from now on. Everything we agreed stays in force; on top of it we would like to offer you: {offer}. When would a call or a visit suit you?',
    'Здравствуйте! Меня зовут {successor}, теперь я ваш менеджер. Все договорённости остаются в силе, а сверх того мы хотели бы предложить вам {offer}. Когда вам удобно созвониться или встретиться?',
  ],
} as const;

async function swap(db: Kysely<unknown>, from: 0 | 1) {
  for (const [column, texts] of Object.entries(TEXTS)) {
    await sql`UPDATE handover_settings SET ${sql.ref(column)} = ${texts[1 - from]} WHERE ${sql.ref(column)} = ${texts[from]}`.execute(db);
  }
}

export const up = (db: Kysely<unknown>) => swap(db, 0);
export const down = (db: Kysely<unknown>) => swap(db, 1);
