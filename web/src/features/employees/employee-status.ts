import type { EmployeeStatus } from '../../api/types';

export const STATUS_COLORS: Record<EmployeeStatus, string> = { active: 'green', on_leave: 'yellow', departing: 'orange', departed: 'gray' };
