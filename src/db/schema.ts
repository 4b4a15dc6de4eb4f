import type { ColumnType, Generated } from 'kysely';

// Row types of the tables in migrations/, written to match them column for column.
// numeric columns are strings (exact money), date columns 'YYYY-MM-DD' strings.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Numeric = ColumnType<string, string | number, string | number>;
type NumericDefault = ColumnType<string, string | number | undefined, string | number>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type EmployeesTable = {
  id: Generated<number>;
  name: string;
  email: string;
  role: string;
  hired_on: ColumnType<string, string | undefined, string>;
  status: Generated<string>;
  manager_id: number | null;
  password_hash: string | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type EmployeeStatusHistoryTable = {
  id: Generated<number>;
  employee_id: number;
  from_status: string | null;
  to_status: string;
  changed_by: number | null;
  changed_at: CreatedAt;
};

export type SessionsTable = {
  id: Generated<number>;
  token_hash: string;
  employee_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
};

export type ApiTokensTable = {
  id: Generated<number>;
  token_hash: string;
  employee_id: number;
  name: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
};

export type CompaniesTable = {
  id: Generated<number>;
  name: string;
  legal_name: string | null;
  inn: string | null;
  kpp: string | null;
  status: Generated<string>;
  owner_id: number | null;
  source_id: number | null;
  annual_potential: Numeric | null;
  tags: TextArray;
  address: string | null;
  website: string | null;
  external_id: string | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type ContactsTable = {
  id: Generated<number>;
  company_id: number;
  name: string;
  position: string | null;
  is_decision_maker: Generated<boolean>;
  phones: TextArray;
  emails: TextArray;
  birthday: string | null;
  external_id: string | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type AccountTeamTable = {
  id: Generated<number>;
  company_id: number;
  employee_id: number;
  role: string;
  since: Generated<Date>;
  until: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type ProductCategoriesTable = {
  id: Generated<number>;
  name: string;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type ProductGroupsTable = {
  id: Generated<number>;
  category_id: number;
  name: string;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type ProductsTable = {
  id: Generated<number>;
  group_id: number;
  sku: string;
  name: string;
  unit: Generated<string>;
  list_price: Numeric;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type OrdersTable = {
  id: Generated<number>;
  company_id: number;
  number: string;
  ordered_on: string;
  status: Generated<string>;
  owner_id: number | null;
  total: NumericDefault;
  external_id: string | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type OrderLinesTable = {
  id: Generated<number>;
  order_id: number;
  line_no: number;
  product_id: number;
  quantity: Numeric;
  price: Numeric;
  cost: Numeric;
};

export type PipelineStagesTable = {
  id: Generated<number>;
  name: string;
  position: number;
  kind: Generated<string>;
  probability: Generated<number>;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type DealsTable = {
  id: Generated<number>;
  company_id: number;
  title: string;
  stage_id: number;
  amount: NumericDefault;
  expected_close: string | null;
  owner_id: number | null;
  closed_at: Timestamp | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type DealStageHistoryTable = {
  id: Generated<number>;
  deal_id: number;
  from_stage_id: number | null;
  to_stage_id: number;
  changed_by: number | null;
  changed_at: Timestamp;
};

export type ActivitiesTable = {
  id: Generated<number>;
  type: string;
  employee_id: number;
  company_id: number;
  contact_id: number | null;
  occurred_at: Timestamp;
  direction: string | null;
  summary: Generated<string>;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type TasksTable = {
  id: Generated<number>;
  title: string;
  due_at: Timestamp | null;
  assignee_id: number;
  company_id: number | null;
  deal_id: number | null;
  status: Generated<string>;
  origin: Generated<string>;
  result: string | null;
  completed_at: Timestamp | null;
  created_by: number | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
};

export type DB = {
  employees: EmployeesTable;
  employee_status_history: EmployeeStatusHistoryTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  companies: CompaniesTable;
  contacts: ContactsTable;
  account_team: AccountTeamTable;
  product_categories: ProductCategoriesTable;
  product_groups: ProductGroupsTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  pipeline_stages: PipelineStagesTable;
  deals: DealsTable;
  deal_stage_history: DealStageHistoryTable;
  activities: ActivitiesTable;
  tasks: TasksTable;
};
