import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/actor.js';
import { useApp } from '../harness.js';
import { buildFixtures, type RoleFixture, type Shared, UPLOAD_BODY, UPLOAD_HEADERS } from './role-matrix.fixtures.js';

// Every route x every role against an explicit expectation. A route added without a row here fails
// the first test, so nobody ships an endpoint without deciding who may call it.
//   ok: 2xx on the role's own data    deny: 403    hidden: 404 (not theirs to know about)
//   gate: past the permission check (any status but 401/403, no 500) where a full request is impractical
type Outcome = 'ok' | 'deny' | 'hidden' | 'gate' | number;
type Call = { url: string; payload?: unknown; headers?: Record<string, string> };
type Row = { call: (f: RoleFixture, s: Shared) => Call; expect: (role: Role) => Outcome };

const MANAGEMENT: Role[] = ['director', 'head_of_sales', 'admin'];
const everyone = () => 'ok' as const;
const only = (roles: Role[], otherwise: Outcome = 'deny') => (role: Role) => (roles.includes(role) ? 'ok' : otherwise);
const managementGate = (role: Role) => (MANAGEMENT.includes(role) ? 'gate' : 'deny');
// The call centre sees every client but changes only those on whose team it sits (none here).
const notCallCentre = (role: Role) => (role === 'call_centre' ? 'deny' : 'ok');
// Management and the client's owner arrange its team; the call centre owns nothing.
const teamChange = notCallCentre;

const u = (url: string, payload?: unknown): Call => ({ url, payload });
const STAMP = `${Date.now()}`;

const MATRIX: Record<string, Row> = {
  'POST /api/v1/auth/logout': { call: (f) => ({ url: '/api/v1/auth/logout', headers: f.logoutHeaders }), expect: everyone },
  'GET /api/v1/auth/me': { call: () => u('/api/v1/auth/me'), expect: everyone },
  'GET /api/v1/auth/tokens': { call: () => u('/api/v1/auth/tokens'), expect: everyone },
  'POST /api/v1/auth/tokens': { call: () => u('/api/v1/auth/tokens', { name: 'matrix 2' }), expect: everyone },
  'DELETE /api/v1/auth/tokens/:id': { call: (f) => u(`/api/v1/auth/tokens/${f.tokenId}`), expect: everyone },

  'GET /api/v1/employees': { call: () => u('/api/v1/employees'), expect: everyone },
  'GET /api/v1/employees/:id': { call: (f) => u(`/api/v1/employees/${f.targetEmployee}`), expect: everyone },
  'GET /api/v1/employees/:id/status-history': { call: (f) => u(`/api/v1/employees/${f.targetEmployee}/status-history`), expect: everyone },
  'POST /api/v1/employees': { call: (f) => u('/api/v1/employees', { name: 'Новый', email: `new-${f.role}-${STAMP}@test.local`, role: 'hunter' }), expect: only(MANAGEMENT) },
  'PATCH /api/v1/employees/:id': { call: (f) => u(`/api/v1/employees/${f.targetEmployee}`, { name: 'Переименован' }), expect: only(MANAGEMENT) },
  'POST /api/v1/employees/:id/archive': { call: (f) => u(`/api/v1/employees/${f.targetEmployee}/archive`), expect: only(MANAGEMENT) },
  'POST /api/v1/employees/:id/restore': { call: (f) => u(`/api/v1/employees/${f.targetEmployee}/restore`), expect: only(MANAGEMENT) },
  'POST /api/v1/employees/:id/notice': { call: (f) => u(`/api/v1/employees/${f.targetEmployee}/notice`, { toCompetitor: false, lastDay: '2099-01-31' }), expect: only(MANAGEMENT) },

  'GET /api/v1/companies': { call: () => u('/api/v1/companies'), expect: everyone },
  'GET /api/v1/companies/:id': { call: (f) => u(`/api/v1/companies/${f.company}`), expect: everyone },
  'POST /api/v1/companies': { call: (f) => u('/api/v1/companies', { name: `Новый клиент ${f.role}` }), expect: everyone },
  'PATCH /api/v1/companies/:id': { call: (f) => u(`/api/v1/companies/${f.company}`, { tags: ['matrix'] }), expect: notCallCentre },
  'POST /api/v1/companies/:id/archive': { call: (f) => u(`/api/v1/companies/${f.company}/archive`), expect: notCallCentre },
  'POST /api/v1/companies/:id/restore': { call: (f) => u(`/api/v1/companies/${f.company}/restore`), expect: notCallCentre },

  'GET /api/v1/contacts': { call: () => u('/api/v1/contacts'), expect: everyone },
  'GET /api/v1/contacts/:id': { call: (f) => u(`/api/v1/contacts/${f.contact}`), expect: everyone },
  'POST /api/v1/contacts': { call: (f) => u('/api/v1/contacts', { companyId: f.company, name: 'Новый контакт' }), expect: everyone },
  'PATCH /api/v1/contacts/:id': { call: (f) => u(`/api/v1/contacts/${f.contact}`, { position: 'Снабжение' }), expect: everyone },
  'POST /api/v1/contacts/:id/archive': { call: (f) => u(`/api/v1/contacts/${f.contact}/archive`), expect: everyone },
  'POST /api/v1/contacts/:id/restore': { call: (f) => u(`/api/v1/contacts/${f.contact}/restore`), expect: everyone },
  'POST /api/v1/contacts/:id/reveal': { call: (f) => u(`/api/v1/contacts/${f.contact}/reveal`, { field: 'phones', reason: 'перезвонить клиенту' }), expect: everyone },

  'GET /api/v1/companies/:id/team': { call: (f) => u(`/api/v1/companies/${f.company}/team`), expect: everyone },
  'POST /api/v1/companies/:id/team': { call: (f, s) => u(`/api/v1/companies/${f.company}/team`, { employeeId: s.spare, role: 'backup' }), expect: teamChange },
  'POST /api/v1/companies/:id/team/:seatId/end': { call: (f) => u(`/api/v1/companies/${f.company}/team/${f.seatToEnd}/end`), expect: teamChange },

  'GET /api/v1/product-categories': { call: () => u('/api/v1/product-categories'), expect: everyone },
  'GET /api/v1/product-categories/:id': { call: (f) => u(`/api/v1/product-categories/${f.category}`), expect: everyone },
  'POST /api/v1/product-categories': { call: (f) => u('/api/v1/product-categories', { name: `Новая категория ${f.role}` }), expect: only(MANAGEMENT) },
  'PATCH /api/v1/product-categories/:id': { call: (f) => u(`/api/v1/product-categories/${f.category}`, { name: `Категория ${f.role} 2` }), expect: only(MANAGEMENT) },
  'POST /api/v1/product-categories/:id/archive': { call: (f) => u(`/api/v1/product-categories/${f.category}/archive`), expect: only(MANAGEMENT) },
  'POST /api/v1/product-categories/:id/restore': { call: (f) => u(`/api/v1/product-categories/${f.category}/restore`), expect: only(MANAGEMENT) },
  'GET /api/v1/product-groups': { call: () => u('/api/v1/product-groups'), expect: everyone },
  'GET /api/v1/product-groups/:id': { call: (f) => u(`/api/v1/product-groups/${f.group}`), expect: everyone },
  'POST /api/v1/product-groups': { call: (f, s) => u('/api/v1/product-groups', { categoryId: s.category, name: `Новая группа ${f.role}` }), expect: only(MANAGEMENT) },
  'PATCH /api/v1/product-groups/:id': { call: (f) => u(`/api/v1/product-groups/${f.group}`, { name: `Группа ${f.role} 2` }), expect: only(MANAGEMENT) },
  'POST /api/v1/product-groups/:id/archive': { call: (f) => u(`/api/v1/product-groups/${f.group}/archive`), expect: only(MANAGEMENT) },
  'POST /api/v1/product-groups/:id/restore': { call: (f) => u(`/api/v1/product-groups/${f.group}/restore`), expect: only(MANAGEMENT) },
  'GET /api/v1/products': { call: () => u('/api/v1/products'), expect: everyone },
  'GET /api/v1/products/:id': { call: (f) => u(`/api/v1/products/${f.product}`), expect: everyone },
  'POST /api/v1/products': { call: (f, s) => u('/api/v1/products', { groupId: s.group, sku: `NEW-${f.role}`, name: 'Новый товар', listPrice: '1.00' }), expect: only(MANAGEMENT) },
  'PATCH /api/v1/products/:id': { call: (f) => u(`/api/v1/products/${f.product}`, { listPrice: '12.00' }), expect: only(MANAGEMENT) },
  'POST /api/v1/products/:id/archive': { call: (f) => u(`/api/v1/products/${f.product}/archive`), expect: only(MANAGEMENT) },
  'POST /api/v1/products/:id/restore': { call: (f) => u(`/api/v1/products/${f.product}/restore`), expect: only(MANAGEMENT) },

  'GET /api/v1/orders': { call: () => u('/api/v1/orders'), expect: everyone },
  'GET /api/v1/orders/:id': { call: (f) => u(`/api/v1/orders/${f.order}`), expect: everyone },
  'POST /api/v1/orders': {
    call: (f, s) => u('/api/v1/orders', { companyId: f.company, number: `N-${f.role}`, orderedOn: '2026-02-01', lines: [{ productId: s.product, quantity: '2', cost: '5.00' }] }),
    expect: everyone,
  },
  'PATCH /api/v1/orders/:id': { call: (f) => u(`/api/v1/orders/${f.order}`, { status: 'shipped' }), expect: everyone },
  'POST /api/v1/orders/:id/archive': { call: (f) => u(`/api/v1/orders/${f.order}/archive`), expect: everyone },
  'POST /api/v1/orders/:id/restore': { call: (f) => u(`/api/v1/orders/${f.order}/restore`), expect: everyone },
  'GET /api/v1/companies/:id/orders/monthly': { call: (f) => u(`/api/v1/companies/${f.company}/orders/monthly`), expect: everyone },

  'GET /api/v1/pipeline-stages': { call: () => u('/api/v1/pipeline-stages'), expect: everyone },
  'GET /api/v1/pipeline-stages/:id': { call: (f) => u(`/api/v1/pipeline-stages/${f.stage}`), expect: everyone },
  'POST /api/v1/pipeline-stages': { call: (f) => u('/api/v1/pipeline-stages', { name: `Новый этап ${f.role}` }), expect: only(MANAGEMENT) },
  'PATCH /api/v1/pipeline-stages/:id': { call: (f) => u(`/api/v1/pipeline-stages/${f.stage}`, { probability: 15 }), expect: only(MANAGEMENT) },
  'POST /api/v1/pipeline-stages/:id/archive': { call: (f) => u(`/api/v1/pipeline-stages/${f.stage}/archive`), expect: only(MANAGEMENT) },
  'POST /api/v1/pipeline-stages/:id/restore': { call: (f) => u(`/api/v1/pipeline-stages/${f.stage}/restore`), expect: only(MANAGEMENT) },

  'GET /api/v1/deals': { call: () => u('/api/v1/deals'), expect: everyone },
  'GET /api/v1/deals/board': { call: () => u('/api/v1/deals/board'), expect: everyone },
  'GET /api/v1/deals/:id': { call: (f) => u(`/api/v1/deals/${f.deal}`), expect: everyone },
  'GET /api/v1/deals/:id/history': { call: (f) => u(`/api/v1/deals/${f.deal}/history`), expect: everyone },
  'POST /api/v1/deals': { call: (f) => u('/api/v1/deals', { companyId: f.company, title: 'Новая сделка' }), expect: everyone },
  'PATCH /api/v1/deals/:id': { call: (f) => u(`/api/v1/deals/${f.deal}`, { amount: '1000.00' }), expect: everyone },
  'POST /api/v1/deals/:id/archive': { call: (f) => u(`/api/v1/deals/${f.deal}/archive`), expect: everyone },
  'POST /api/v1/deals/:id/restore': { call: (f) => u(`/api/v1/deals/${f.deal}/restore`), expect: everyone },

  'GET /api/v1/activities': { call: () => u('/api/v1/activities'), expect: everyone },
  'GET /api/v1/activities/:id': { call: (f) => u(`/api/v1/activities/${f.activity}`), expect: everyone },
  'POST /api/v1/activities': { call: (f) => u('/api/v1/activities', { companyId: f.company, contactId: f.contact, type: 'call', summary: 'Позвонил' }), expect: everyone },
  'PATCH /api/v1/activities/:id': { call: (f) => u(`/api/v1/activities/${f.activity}`, { summary: 'Позвонил, договорились' }), expect: everyone },
  'POST /api/v1/activities/:id/archive': { call: (f) => u(`/api/v1/activities/${f.activity}/archive`), expect: everyone },
  'POST /api/v1/activities/:id/restore': { call: (f) => u(`/api/v1/activities/${f.activity}/restore`), expect: everyone },

  'GET /api/v1/tasks': { call: () => u('/api/v1/tasks'), expect: everyone },
  'GET /api/v1/tasks/mine': { call: () => u('/api/v1/tasks/mine'), expect: everyone },
  'GET /api/v1/tasks/:id': { call: (f) => u(`/api/v1/tasks/${f.task}`), expect: everyone },
  'POST /api/v1/tasks': { call: (f) => u('/api/v1/tasks', { title: 'Перезвонить', companyId: f.company }), expect: everyone },
  'PATCH /api/v1/tasks/:id': { call: (f) => u(`/api/v1/tasks/${f.task}`, { title: 'Перезвонить завтра' }), expect: everyone },
  'POST /api/v1/tasks/:id/complete': { call: (f) => u(`/api/v1/tasks/${f.taskToComplete}/complete`, { result: 'Сделано' }), expect: everyone },
  'POST /api/v1/tasks/:id/cancel': { call: (f) => u(`/api/v1/tasks/${f.taskToCancel}/cancel`, { result: 'Не нужно' }), expect: everyone },
  'POST /api/v1/tasks/:id/archive': { call: (f) => u(`/api/v1/tasks/${f.task}/archive`), expect: everyone },
  'POST /api/v1/tasks/:id/restore': { call: (f) => u(`/api/v1/tasks/${f.task}/restore`), expect: everyone },

  'GET /api/v1/search': { call: (f) => u(`/api/v1/search?q=${encodeURIComponent(`Клиент ${f.role}`)}`), expect: everyone },
  'GET /api/v1/lookup/phone/:number': { call: () => u('/api/v1/lookup/phone/4567'), expect: everyone },
  'GET /api/v1/companies/:id/dossier': { call: (f) => u(`/api/v1/companies/${f.company}/dossier`), expect: everyone },

  'GET /api/v1/audit': { call: () => u('/api/v1/audit'), expect: only(['director', 'admin']) },
  'GET /api/v1/audit/verify': { call: () => u('/api/v1/audit/verify'), expect: only(['director', 'admin']) },
  'GET /api/v1/policies': { call: () => u('/api/v1/policies'), expect: only(MANAGEMENT) },
  'PUT /api/v1/policies/:role': { call: () => u('/api/v1/policies/hunter', { revealDailyLimit: 10 }), expect: only(['admin']) },

  'GET /api/v1/alerts': { call: () => u('/api/v1/alerts'), expect: only(MANAGEMENT) },
  'GET /api/v1/alerts/:id': { call: (f) => u(`/api/v1/alerts/${f.alertToReview}`), expect: only(MANAGEMENT) },
  'POST /api/v1/alerts/:id/review': { call: (f) => u(`/api/v1/alerts/${f.alertToReview}/review`, { note: 'Проверено' }), expect: only(['director', 'head_of_sales']) },
  'POST /api/v1/alerts/:id/dismiss': { call: (f) => u(`/api/v1/alerts/${f.alertToDismiss}/dismiss`, { reason: 'В отпуске, всё в порядке' }), expect: only(['director', 'head_of_sales']) },

  'POST /api/v1/imports/files': { call: () => ({ url: '/api/v1/imports/files?type=companies', payload: UPLOAD_BODY, headers: UPLOAD_HEADERS }), expect: only(MANAGEMENT) },
  'POST /api/v1/imports/files/:fileId/preview': { call: (_f, s) => u(`/api/v1/imports/files/${s.fileId}/preview`, { type: 'companies' }), expect: only(MANAGEMENT) },
  'POST /api/v1/imports': { call: (_f, s) => u('/api/v1/imports', { fileId: s.fileId, type: 'companies', dryRun: true, wait: true }), expect: only(MANAGEMENT) },
  'GET /api/v1/imports': { call: () => u('/api/v1/imports'), expect: only(MANAGEMENT) },
  'GET /api/v1/imports/:id': { call: (_f, s) => u(`/api/v1/imports/${s.importId}`), expect: only(MANAGEMENT) },
  'GET /api/v1/imports/:id/errors.csv': { call: (_f, s) => u(`/api/v1/imports/${s.importId}/errors.csv`), expect: only(MANAGEMENT) },
  'GET /api/v1/imports/:id/merges.csv': { call: (_f, s) => u(`/api/v1/imports/${s.importId}/merges.csv`), expect: only(MANAGEMENT) },
  // Export policy per role: everyone with export_allowed exports what they can see (masked as they see it).
  'GET /api/v1/exports/:entity.:format': { call: () => u('/api/v1/exports/companies.csv'), expect: notCallCentre },

  // A request is needed only above the role's approval threshold: the director has none (400: export directly).
  'POST /api/v1/export-requests': {
    call: (f) => u('/api/v1/export-requests', { entity: 'contacts', rowCount: MANAGEMENT.includes(f.role) ? 2000 : 200, reason: 'сверка с бухгалтерией' }),
    expect: (role) => (role === 'director' ? 400 : notCallCentre(role)),
  },
  'GET /api/v1/export-requests': { call: () => u('/api/v1/export-requests'), expect: everyone },
  // Approvers see everyone's requests; others only their own, so another's request is hidden.
  'GET /api/v1/export-requests/:id': { call: (_f, s) => u(`/api/v1/export-requests/${s.exportRequest}`), expect: only(['director', 'head_of_sales'], 'hidden') },
  'POST /api/v1/export-requests/:id/approve': { call: (f) => u(`/api/v1/export-requests/${f.exportRequestToApprove}/approve`, {}), expect: only(['director', 'head_of_sales'], 'hidden') },
  'POST /api/v1/export-requests/:id/reject': { call: (f) => u(`/api/v1/export-requests/${f.exportRequestToReject}/reject`, { reason: 'Слишком много' }), expect: only(['director', 'head_of_sales'], 'hidden') },

  // Company-wide analytics are management's; the churn-risk and key-account lists help account managers
  // work their own portfolio (restricted to the clients they see).
  'GET /api/v1/analytics/abc': { call: () => u('/api/v1/analytics/abc'), expect: only(MANAGEMENT) },
  'GET /api/v1/analytics/abc/history': { call: () => u('/api/v1/analytics/abc/history'), expect: only(MANAGEMENT) },
  'GET /api/v1/analytics/coverage': { call: () => u('/api/v1/analytics/coverage'), expect: only(MANAGEMENT) },
  'GET /api/v1/analytics/dependency': { call: () => u('/api/v1/analytics/dependency'), expect: only(MANAGEMENT) },
  'GET /api/v1/analytics/key-accounts': { call: () => u('/api/v1/analytics/key-accounts'), expect: only([...MANAGEMENT, 'account_manager', 'key_account_manager']) },
  'GET /api/v1/analytics/churn-risk': { call: () => u('/api/v1/analytics/churn-risk'), expect: only([...MANAGEMENT, 'account_manager', 'key_account_manager']) },
  'GET /api/v1/analytics/backtest': { call: () => u('/api/v1/analytics/backtest?asOf=2025-06-01'), expect: only(MANAGEMENT) },
  'POST /api/v1/analytics/refresh': { call: () => u('/api/v1/analytics/refresh'), expect: only(MANAGEMENT) },

  // Handovers are run by management; bodies are well-formed, ids may not exist (404 passes the gate).
  'POST /api/v1/employees/:id/departure': { call: (f) => u(`/api/v1/employees/${f.targetEmployee}/departure`, { lastDay: '2099-01-31' }), expect: managementGate },
  'POST /api/v1/employees/:id/absence': { call: (f) => u(`/api/v1/employees/${f.targetEmployee}/absence`, { from: '2099-01-01', to: '2099-01-10' }), expect: managementGate },
  'POST /api/v1/employees/:id/hunter-handover': { call: (f) => u(`/api/v1/employees/${f.targetEmployee}/hunter-handover`, { companyIds: [f.company], creditSharePct: 10 }), expect: managementGate },
  'GET /api/v1/handovers': { call: () => u('/api/v1/handovers'), expect: only(MANAGEMENT) },
  'GET /api/v1/handovers/:id': { call: () => u('/api/v1/handovers/999999'), expect: managementGate },
  'PATCH /api/v1/handovers/:id': { call: () => u('/api/v1/handovers/999999', { callScript: 'Здравствуйте' }), expect: managementGate },
  'GET /api/v1/handovers/:id/items': { call: () => u('/api/v1/handovers/999999/items'), expect: managementGate },
  'POST /api/v1/handovers/:id/approve': { call: () => u('/api/v1/handovers/999999/approve'), expect: managementGate },
  'POST /api/v1/handovers/:id/cancel': { call: () => u('/api/v1/handovers/999999/cancel'), expect: managementGate },
  'POST /api/v1/handovers/:id/execute': { call: () => u('/api/v1/handovers/999999/execute'), expect: managementGate },
  'GET /api/v1/handovers/:id/messages': { call: () => u('/api/v1/handovers/999999/messages'), expect: managementGate },
  'PATCH /api/v1/handovers/:id/messages/:messageId': { call: () => u('/api/v1/handovers/999999/messages/1', { status: 'sent' }), expect: managementGate },
  'GET /api/v1/handovers/:id/follow-up': { call: () => u('/api/v1/handovers/999999/follow-up'), expect: managementGate },
  'POST /api/v1/handovers/run-due': { call: () => u('/api/v1/handovers/run-due'), expect: managementGate },
  'GET /api/v1/handover-settings': { call: () => u('/api/v1/handover-settings'), expect: only(MANAGEMENT) },
  'PATCH /api/v1/handover-settings': { call: () => u('/api/v1/handover-settings', {}), expect: only(MANAGEMENT) },
};

function matches(outcome: Outcome, status: number): boolean {
  if (outcome === 'ok') return status >= 200 && status < 300;
  if (outcome === 'deny') return status === 403;
  if (outcome === 'hidden') return status === 404;
  if (outcome === 'gate') return status !== 401 && status !== 403 && status < 500;
  return status === outcome;
}

describe('route-by-role matrix', () => {
  const h = useApp();
  let fx: Awaited<ReturnType<typeof buildFixtures>>;
  const routes = () => h.app.routeTable.filter((r) => !r.public && r.method !== 'HEAD' && r.method !== 'OPTIONS').map((r) => `${r.method} ${r.url}`);

  beforeAll(async () => {
    fx = await buildFixtures(h.ctx, h.app);
  }, 120_000);

  it('has an expectation for every authenticated route, and none for a route that is gone', () => {
    const live = routes();
    expect(live.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !live.includes(r))).toEqual([]);
  });

  it('answers each role exactly as the table says', async () => {
    const failures: string[] = [];
    for (const key of routes()) {
      const row = MATRIX[key];
      if (!row) continue;
      const [method] = key.split(' ') as ['GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'];
      for (const role of ROLES) {
        const f = fx.byRole[role];
        const call = row.call(f, fx.shared);
        const res = await h.app.inject({ method, url: call.url, headers: { ...f.headers, ...call.headers }, payload: call.payload as string | object | undefined });
        const want = row.expect(role);
        if (!matches(want, res.statusCode)) failures.push(`${key} as ${role}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
