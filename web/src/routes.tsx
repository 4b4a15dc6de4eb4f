import { Navigate, Route, Routes } from 'react-router';
import { LoginPage } from './features/auth/login-page';
import { RequireAuth } from './features/auth/require-auth';
import { ClientCardPage } from './features/clients/client-card-page';
import { ClientsPage } from './features/clients/clients-page';
import { DealsBoardPage } from './features/deals/deals-board-page';
import { EmployeesPage } from './features/employees/employees-page';
import { HandoverPage } from './features/handover/handover-page';
import { HandoversPage } from './features/handover/handovers-page';
import { IncomingCallPage } from './features/incoming-call/incoming-call-page';
import { ImportsPage } from './features/imports/imports-page';
import { MyDayPage } from './features/my-day/my-day-page';
import { AlertsPage } from './features/audit/alerts-page';
import { AuditPage } from './features/audit/audit-page';
import { DashboardPage } from './features/dashboard/dashboard-page';
import { AppLayout } from './ui/app-layout';
import { NotFoundPage } from './ui/not-found-page';

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/my-day" replace />} />
        <Route path="/my-day" element={<MyDayPage />} />
        <Route path="/clients" element={<ClientsPage />} />
        <Route path="/clients/:id" element={<ClientCardPage />} />
        <Route path="/deals" element={<DealsBoardPage />} />
        <Route path="/employees" element={<EmployeesPage />} />
        <Route path="/employees/:id" element={<EmployeesPage />} />
        <Route path="/handovers" element={<HandoversPage />} />
        <Route path="/handovers/:id" element={<HandoverPage />} />
        <Route path="/imports" element={<ImportsPage />} />
        <Route path="/call" element={<IncomingCallPage />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/audit" element={<AuditPage />} />
        <Route path="/alerts" element={<AlertsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
