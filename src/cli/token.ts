import type { AppContext } from '../app-context.js';
import { DomainError } from '../domain/errors.js';
import { createApiToken } from '../features/auth/auth.service.js';

export async function createTokenForEmail(ctx: AppContext, { email, name }: { email: string; name: string }) {
  const employee = await ctx.db
    .selectFrom('employees')
    .select(['id', 'status'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  if (!employee) throw new DomainError('not_found', `No employee with email ${email}`);
  if (employee.status === 'departed') throw new DomainError('forbidden', `${email} has departed; no new tokens`);
  return createApiToken(ctx, { employeeId: employee.id, name });
}
