// Many rows in and out of PostgreSQL as array literals: one parameter or one value per column instead
// of a row object or a bound value per row, for the read models a full rebuild computes in TypeScript.

/** An array literal ('{1,2,NULL}') of `n` values, each turned into its text by `text` (default: the number). */
export function arrayLiteral(values: ArrayLike<number>, text: (v: number) => string | number = (v) => v, n = values.length): string {
  const parts = new Array<string | number>(n);
  for (let i = 0; i < n; i++) parts[i] = text(values[i] as number);
  return `{${parts.join(',')}}`;
}

/** Whole numbers separated by commas (string_agg(x::text, ',')) into a Float64Array; null is empty. */
export function parseNumberList(text: string | null | undefined): Float64Array {
  if (!text) return new Float64Array(0);
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++;
  const out = new Float64Array(count);
  let at = 0;
  let value = 0;
  let negative = false;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 44;
    if (ch === 44) {
      out[at++] = negative ? -value : value;
      value = 0;
      negative = false;
    } else if (ch === 45) negative = true;
    else if (ch >= 48 && ch <= 57) value = value * 10 + (ch - 48);
    else throw new Error(`not a list of whole numbers: ${JSON.stringify(text.slice(Math.max(0, i - 10), i + 10))}`);
  }
  return out;
}
