import { sql } from 'kysely';
import { count, duplicates, type MergeContext, type Merger, nextId, reject, reportMerges, resolveEmployees, S, sameTarget, scalar } from './common.js';

// A companies file: matched by external id, else INN, else normalised name plus a phone one of the
// client's contacts already has; file values overwrite, empty cells keep what is there.
async function analyse(m: MergeContext) {
  await reject(m, 'externalId', duplicates(m, 'external_id', 'external ID'));
  await reject(m, 'inn', duplicates(m, 'inn', 'INN'));

  await resolveEmployees(m, 'owner_ref', 'owner_id');
  await reject(m, 'owner', sql`SELECT rec, owner_ref AS value, 'no current employee with this email or name' AS message FROM ${S(m)} WHERE ok AND owner_ref IS NOT NULL AND owner_id IS NULL`);

  await sql`UPDATE ${S(m)} s SET target_id = c.id, matched_by = 'external_id' FROM companies c WHERE s.ok AND s.external_id IS NOT NULL AND c.external_id = s.external_id`.execute(m.trx);
  await sql`UPDATE ${S(m)} s SET target_id = c.id, matched_by = 'inn' FROM companies c WHERE s.ok AND s.target_id IS NULL AND s.inn IS NOT NULL AND c.inn = s.inn`.execute(m.trx);
  await sql`UPDATE ${S(m)} SET name_key = hf_company_key(name) WHERE ok AND target_id IS NULL AND phones IS NOT NULL`.execute(m.trx);
  await sql`
    UPDATE ${S(m)} s SET target_id = x.company_id, matched_by = 'name_phone'
    FROM (
      SELECT s2.rec, min(c.id) AS company_id FROM ${S(m)} s2
      JOIN contacts ct ON ct.phones && s2.phones
      JOIN companies c ON c.id = ct.company_id AND hf_company_key(c.name) = s2.name_key
      WHERE s2.ok AND s2.target_id IS NULL AND s2.name_key IS NOT NULL AND (s2.inn IS NULL OR c.inn IS NULL)
      GROUP BY s2.rec HAVING count(DISTINCT c.id) = 1
    ) x
    WHERE s.rec = x.rec`.execute(m.trx);

  await reject(m, 'inn', sql`
    SELECT s.rec, s.inn AS value, 'this INN belongs to another client: «' || c.name || '» (id ' || c.id || ')' AS message
    FROM ${S(m)} s JOIN companies c ON c.inn = s.inn AND c.id <> s.target_id WHERE s.ok`);
  await reject(m, 'name', sameTarget(m, 'client'));

  await reportMerges(m, 'name', sql`
    SELECT s.row_no, CASE s.matched_by WHEN 'inn' THEN s.inn ELSE s.name END AS value,
      'merged with the existing client «' || c.name || '» (id ' || c.id || ') by ' ||
      CASE s.matched_by WHEN 'inn' THEN 'INN' ELSE 'name and phone' END AS message, c.id AS record_id
    FROM ${S(m)} s JOIN companies c ON c.id = s.target_id WHERE s.ok AND s.matched_by IN ('inn', 'name_phone')`);

  await sql`UPDATE ${S(m)} SET target_id = ${nextId('companies')}, is_new = true WHERE ok AND target_id IS NULL`.execute(m.trx);
  // A client keeps its owner: moving it is a management decision with history, not an import side effect.
  await sql`
    UPDATE ${S(m)} s SET owner_seat = true FROM companies c
    WHERE s.ok AND s.owner_id IS NOT NULL AND c.id = s.target_id AND c.owner_id IS NULL`.execute(m.trx);
  await sql`UPDATE ${S(m)} SET owner_seat = true WHERE ok AND is_new AND owner_id IS NOT NULL`.execute(m.trx);

  count(m, 'companies', 'created', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok AND is_new`));
  count(m, 'companies', 'updated', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok AND NOT is_new`));
  count(m, 'companies', 'merged', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok AND matched_by IN ('inn', 'name_phone')`));
}

async function write(m: MergeContext) {
  await sql`
    UPDATE companies c SET
      name = s.name,
      legal_name = coalesce(s.legal_name, c.legal_name),
      inn = coalesce(s.inn, c.inn),
      kpp = coalesce(s.kpp, c.kpp),
      status = coalesce(s.status, c.status),
      owner_id = coalesce(c.owner_id, s.owner_id),
      annual_potential = coalesce(s.annual_potential, c.annual_potential),
      tags = CASE WHEN s.tags IS NULL THEN c.tags
        ELSE ARRAY(SELECT t FROM unnest(c.tags || s.tags) WITH ORDINALITY u(t, i) GROUP BY t ORDER BY min(i)) END,
      address = coalesce(s.address, c.address),
      website = coalesce(s.website, c.website),
      external_id = coalesce(c.external_id, s.external_id),
      updated_at = now()
    FROM ${S(m)} s WHERE s.ok AND NOT s.is_new AND c.id = s.target_id`.execute(m.trx);
  await sql`
    INSERT INTO companies (id, name, legal_name, inn, kpp, status, owner_id, annual_potential, tags, address, website, external_id)
    OVERRIDING SYSTEM VALUE
    SELECT target_id, name, legal_name, inn, kpp, coalesce(status, 'prospect'), owner_id, annual_potential, coalesce(tags, '{}'), address, website, external_id
    FROM ${S(m)} WHERE ok AND is_new ORDER BY rec`.execute(m.trx);
  await sql`
    INSERT INTO account_team (company_id, employee_id, role)
    SELECT target_id, owner_id, 'owner' FROM ${S(m)} WHERE ok AND owner_seat
    ON CONFLICT DO NOTHING`.execute(m.trx);
  // A phone or email in the file becomes a contact, unless one of the client's contacts already has it.
  const contacts = await scalar(m.trx, sql`
    WITH ins AS (
      INSERT INTO contacts (company_id, name, phones, emails)
      SELECT s.target_id, coalesce(s.contact_name, s.name), coalesce(s.phones, '{}'), coalesce(s.emails, '{}')
      FROM ${S(m)} s
      WHERE s.ok AND (s.phones IS NOT NULL OR s.emails IS NOT NULL)
        AND NOT EXISTS (
          SELECT 1 FROM contacts ct WHERE ct.company_id = s.target_id
            AND (ct.phones && coalesce(s.phones, '{}') OR ct.emails && coalesce(s.emails, '{}')))
      RETURNING 1
    ) SELECT count(*) FROM ins`);
  count(m, 'contacts', 'created', contacts);
}

export const companiesMerger: Merger = { analyse, write };
