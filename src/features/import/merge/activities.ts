import { sql } from 'kysely';
import { companyRefText, count, duplicates, type MergeContext, type Merger, nextId, reject, reportMerges, resolveCompanies, resolveEmployees, S, scalar } from './common.js';

// Calls, emails, meetings, visits and notes from another system: each belongs to an employee and a
// client (found, never created); matched by external id or, without one, by a hash of the row.
async function analyse(m: MergeContext) {
  await reject(m, 'externalId', duplicates(m, 'external_id', 'external ID'));
  await resolveEmployees(m, 'employee_ref', 'employee_id');
  await reject(m, 'employee', sql`SELECT rec, employee_ref AS value, 'no current employee with this email or name' AS message FROM ${S(m)} WHERE ok AND employee_id IS NULL`);
  await resolveCompanies(m);
  await reject(m, 'companyName', sql`SELECT s.rec, NULL::text AS value, 'no client with ' || ${companyRefText('s')} AS message FROM ${S(m)} s WHERE s.ok AND s.company_id IS NULL`);
  await reportMerges(m, 'companyName', sql`
    SELECT s.row_no, s.company_name AS value, 'attached to the existing client «' || c.name || '» (id ' || c.id || ') found by name' AS message, c.id AS record_id
    FROM ${S(m)} s JOIN companies c ON c.id = s.company_id WHERE s.ok AND s.company_matched_by = 'name'`);
  await sql`
    UPDATE ${S(m)} s SET contact_id = x.id
    FROM (SELECT company_id, hf_fold(name) AS name, min(id) AS id FROM contacts GROUP BY 1, 2 HAVING count(*) = 1) x
    WHERE s.ok AND s.contact_name IS NOT NULL AND x.company_id = s.company_id AND x.name = hf_fold(s.contact_name)`.execute(m.trx);
  await reject(m, 'contactName', sql`
    SELECT rec, contact_name AS value, 'no single contact with this name at the client' AS message FROM ${S(m)} WHERE ok AND contact_name IS NOT NULL AND contact_id IS NULL`);
  await sql`UPDATE ${S(m)} s SET target_id = a.id FROM activities a WHERE s.ok AND a.external_id = s.external_id`.execute(m.trx);
  await sql`UPDATE ${S(m)} SET target_id = ${nextId('activities')}, is_new = true WHERE ok AND target_id IS NULL`.execute(m.trx);
  count(m, 'activities', 'created', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok AND is_new`));
  count(m, 'activities', 'updated', await scalar(m.trx, sql`SELECT count(*) FROM ${S(m)} WHERE ok AND NOT is_new`));
}

async function write(m: MergeContext) {
  await sql`
    UPDATE activities a SET
      type = s.type, occurred_at = s.occurred_at, employee_id = s.employee_id, company_id = s.company_id,
      contact_id = coalesce(s.contact_id, a.contact_id), direction = coalesce(s.direction, a.direction),
      summary = coalesce(s.summary, a.summary), updated_at = now()
    FROM ${S(m)} s WHERE s.ok AND NOT s.is_new AND a.id = s.target_id`.execute(m.trx);
  await sql`
    INSERT INTO activities (id, type, employee_id, company_id, contact_id, occurred_at, direction, summary, external_id)
    OVERRIDING SYSTEM VALUE
    SELECT target_id, type, employee_id, company_id, contact_id, occurred_at, direction, coalesce(summary, ''), external_id
    FROM ${S(m)} WHERE ok AND is_new ORDER BY rec`.execute(m.trx);
}

export const activitiesMerger: Merger = { analyse, write };
