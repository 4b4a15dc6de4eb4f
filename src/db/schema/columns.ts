import type { ColumnType } from 'kysely';

// Column types shared by the row types in schema.ts and schema/*.ts: numeric columns are strings
// (exact money), date columns 'YYYY-MM-DD' strings.
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Numeric = ColumnType<string, string | number, string | number>;
export type NumericDefault = ColumnType<string, string | number | undefined, string | number>;
export type TextArray = ColumnType<string[], string[] | undefined, string[]>;
export type IntArray = ColumnType<number[], number[], number[]>;
