import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Company } from '../../api/types';

export { COMPANY_STATUSES } from '../../../../src/features/companies/companies.schema';

const COLORS: Record<Company['status'], string> = { prospect: 'gray', active: 'green', at_risk: 'orange', lost: 'red' };

export function ClientStatusBadge({ status }: { status: Company['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light">
      {t(`clientStatus.${status}`)}
    </Badge>
  );
}
