import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/db.js';
import { down, up } from '../../../migrations/2026-11-23T0400_handover_texts_ru.js';

// The client-facing texts ship in Russian; a text a company edited is never replaced by a migration.
describe('handover texts', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.cleanup());

  const settings = () => ctx.db.selectFrom('handover_settings').select(['call_script', 'retention_offer', 'goodbye_subject', 'goodbye_body', 'welcome_subject', 'welcome_body']).executeTakeFirstOrThrow();

  it('ships Russian defaults with every placeholder the templates fill', async () => {
    const s = await settings();
    expect(s.goodbye_subject).toBe('{client}: ваш новый менеджер в нашей компании');
    expect(s.call_script).toMatch(/^Представьтесь/);
    for (const text of [s.call_script, s.goodbye_body]) expect(text).toContain('{departing}');
    for (const text of [s.goodbye_body, s.welcome_body]) expect(text).toContain('{successor}');
    expect(s.welcome_body).toContain('{offer}');
  });

  it('swaps only the texts still at their shipped default, both ways', async () => {
    await sql`update handover_settings set goodbye_subject = 'Наш собственный текст'`.execute(ctx.db);
    await down(ctx.db as never);
    let s = await settings();
    expect(s.goodbye_body).toMatch(/^Hello!/);
    expect(s.goodbye_subject).toBe('Наш собственный текст');
    await up(ctx.db as never);
    s = await settings();
    expect(s.goodbye_body).toMatch(/^Здравствуйте!/);
    expect(s.goodbye_subject).toBe('Наш собственный текст');
  });
});
