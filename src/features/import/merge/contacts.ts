import { sql } from 'kysely';
import { companyRefText, count, duplicates, type MergeContext, type Merger, nextId, reject, reportMerges, resolveCompanies, S, sameTarget, scalar } from './common.js';

// A contacts file: each contact belongs to a client found by code, INN or name (never created
// here); matched by external id, else by the same name at the same client.
async function analyse(m: MergeContext) {
  await reject(m, 'externalId', duplicates(m, 'external_id', 'external ID'));
  await resolveCompanies(m);
  await reject(m, 'companyName', sql`SELECT s.rec, NULL::text AS value, 'no client with ' || ${companyRefText('s')} AS message FROM ${S(m)} s WHERE s.ok AND s.company_id IS NULL`);
  // A match by name is the only fuzzy one, so the report lists each for a person to check.
  await reportMerges(m, 'companyName', sql`
    SELECT s.row_no, s.company_name AS value, 'attached to the existing client «' || c.name || '» (id ' || c.id || ') found by name' AS message, c.id AS record_id
    FROM ${S(m)} s JOIN companies c ON c.id = s.company_id WHERE s.ok AND s.company_matched_by = 'name'`);

  await sql`UPDATE ${S(m)} s SET target_id = c.id FROM contacts c WHERE s.ok AND s.external_id IS NOT NULL AND c.external_id = s.external_id`.execute(m.trx);
  await sql`
    UPDATE ${S(m)} s SET target_id = x.id
    FROM (SELECT company_id, hf_fold(name) AS name, min(id) AS id FROM contacts GROUP BY 1, 2 HAVING count(*) = 1) x
    WHERE s.ok AND s.target_id IS NULL AND x.company_id = s.company_id AND x.name = hf_fold(s.name)
      AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = x.id AND c.external_id IS NOT NULL AND c.external_id <> coalesce(s.external_id, c.external_id))`.execute(m.trx);
  await reject(m, 'name', sameTarget(m, 'contact'));
  await sql`UPDATE ${S(m)} SET target_id = ${nextId('contacts')}, is_new = true WHERE ok AND target_id IS NULL`.execute(m.trx);

  count(m, 'contacts', 'created', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok AND is_new`));
  count(m, 'contacts', 'updated', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok AND NOT is_new`));
}

async function write(m: MergeContext) {
  // Phones and emails accumulate: an import never drops a number someone already recorded.
  await sql`
    UPDATE contacts c SET
      company_id = s.company_id,
      name = s.name,
      position = coalesce(s.position, c.position),
      is_decision_maker = coalesce(s.is_decision_maker, c.is_decision_maker),
      phones = ARRAY(SELECT p FROM unnest(c.phones || coalesce(s.phones, '{}')) WITH ORDINALITY u(p, i) GROUP BY p ORDER BY min(i)),
      emails = ARRAY(SELECT e FROM unnest(c.emails || coalesce(s.emails, '{}')) WITH ORDINALITY u(e, i) GROUP BY e ORDER BY min(i)),
      birthday = coalesce(s.birthday, c.birthday),
      external_id = coalesce(c.external_id, s.external_id),
      updated_at = now()
    FROM ${S(m)} s WHERE s.ok AND NOT s.is_new AND c.id = s.target_id`.execute(m.trx);
  await sql`
    INSERT INTO contacts (id, company_id, name, position, is_decision_maker, phones, emails, birthday, external_id)
    OVERRIDING SYSTEM VALUE
    SELECT target_id, company_id, name, position, coalesce(is_decision_maker, false), coalesce(phones, '{}'), coalesce(emails, '{}'), birthday, external_id
    FROM ${S(m)} WHERE ok AND is_new ORDER BY rec`.execute(m.trx);
}

export const contactsMerger: Merger = { analyse, write };
