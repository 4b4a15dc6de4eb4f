// Many numbers out of PostgreSQL as one text value per column (string_agg) instead of a row object per
// row, for the read models a full rebuild computes in TypeScript (binary-array.ts sends them back).

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
