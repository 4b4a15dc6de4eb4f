// Many numbers into PostgreSQL as one parameter in the server's binary array format (what array_recv
// reads), for the read models a full rebuild computes in TypeScript: no number-to-text in Node and
// no text-to-number in the server. node-pg and PGlite send a Buffer parameter as binary; the statement
// casts it to the array's type (`${int8Array(v)}::int8[]`) and the server refuses an array whose
// element type differs from the cast's.

type Kind = { oid: number; size: number; write: (view: DataView, at: number, v: number) => void };

const TWO_32 = 2 ** 32;
// PostgreSQL counts dates from 2000-01-01, JavaScript from 1970-01-01: 10,957 days apart.
const PG_EPOCH_DAYS = 10_957;

const INT4: Kind = { oid: 23, size: 4, write: (view, at, v) => view.setInt32(at, v) };
// A whole number held in a double as two 32-bit halves (no BigInt per value); exact below 2^53.
const INT8: Kind = {
  oid: 20,
  size: 8,
  write: (view, at, v) => {
    const high = Math.floor(v / TWO_32);
    view.setInt32(at, high);
    view.setUint32(at + 4, v - high * TWO_32);
  },
};
const FLOAT8: Kind = { oid: 701, size: 8, write: (view, at, v) => view.setFloat64(at, v) };
const DATE: Kind = { oid: 1082, size: 4, write: (view, at, v) => view.setInt32(at, v - PG_EPOCH_DAYS) };

/** The first n values (NaN is NULL where `nullable`), one dimension from index 1. */
function encode(kind: Kind, values: ArrayLike<number>, n: number, nullable: boolean, check: (v: number) => boolean): Buffer {
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (nullable && Number.isNaN(v)) nulls++;
    else if (!check(v)) throw new RangeError(`cannot send ${v} as an element of type ${kind.oid}`);
  }
  const buffer = Buffer.allocUnsafe(20 + n * 4 + (n - nulls) * kind.size);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  view.setInt32(0, 1); // dimensions
  view.setInt32(4, nulls > 0 ? 1 : 0);
  view.setInt32(8, kind.oid);
  view.setInt32(12, n); // length of the dimension
  view.setInt32(16, 1); // its lower bound
  let at = 20;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (nulls > 0 && Number.isNaN(v)) {
      view.setInt32(at, -1);
      at += 4;
    } else {
      view.setInt32(at, kind.size);
      kind.write(view, at + 4, v);
      at += 4 + kind.size;
    }
  }
  return buffer;
}

const int32 = (v: number) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;

/** int4[]: whole numbers in the 32-bit range. */
export const int4Array = (values: ArrayLike<number>, n = values.length) => encode(INT4, values, n, false, int32);
/** int8[]: whole numbers, exact up to 2^53 in magnitude (kopecks held in doubles). */
export const int8Array = (values: ArrayLike<number>, n = values.length) => encode(INT8, values, n, false, Number.isSafeInteger);
/** float8[]: every double as its bits; NaN is sent as NULL. */
export const float8Array = (values: ArrayLike<number>, n = values.length) => encode(FLOAT8, values, n, true, () => true);
/** date[]: days since 1970-01-01. */
export const dateArray = (days: ArrayLike<number>, n = days.length) => encode(DATE, days, n, false, int32);
