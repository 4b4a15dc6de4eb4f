import fs from 'node:fs/promises';
import iconv from 'iconv-lite';

export type FileFormat = 'csv' | 'xlsx' | 'commerceml';
export type Sniffed = { format: FileFormat; encoding: string; delimiter: string | null; totalBytes: number };
export type SniffHints = { encoding?: string | undefined; delimiter?: string | undefined };

const SAMPLE_BYTES = 64 * 1024;
const DELIMITERS = [';', ',', '\t', '|'];

/** Reads the first 64 KB: ZIP magic is XLSX, a leading "<" is CommerceML XML, anything else is CSV. */
export async function sniffFile(path: string, hints: SniffHints = {}): Promise<Sniffed> {
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buf = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    await handle.read(buf, 0, buf.length, 0);
    if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return { format: 'xlsx', encoding: 'utf-8', delimiter: null, totalBytes: size };
    const encoding = checkEncoding(hints.encoding) ?? detectEncoding(buf, buf.length < size);
    const text = iconv.decode(buf, encoding);
    if (/^\s*</.test(text)) return { format: 'commerceml', encoding: hints.encoding ? encoding : xmlEncoding(text) ?? encoding, delimiter: null, totalBytes: size };
    // Our own exports start with a "# Exported by ..." line: the header is the line after it.
    return { format: 'csv', encoding, delimiter: hints.delimiter ?? detectDelimiter(text.replace(/^\uFEFF?#[^\n]*\n/, '')), totalBytes: size };
  } finally {
    await handle.close();
  }
}

function checkEncoding(name: string | undefined): string | null {
  if (!name) return null;
  if (!iconv.encodingExists(name)) throw new Error(`unknown encoding "${name}"`);
  return name.toLowerCase();
}

/** A BOM decides; otherwise text that is valid UTF-8 is UTF-8 and anything else is Windows-1251. */
export function detectEncoding(sample: Buffer, truncated: boolean): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // The sample may end inside a multi-byte character: try dropping up to three trailing bytes.
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return 'utf-8';
    } catch {
      // try a shorter sample
    }
  }
  return 'windows-1251';
}

function xmlEncoding(text: string): string | null {
  const declared = /^\s*<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(text)?.[1];
  return declared && iconv.encodingExists(declared) ? declared.toLowerCase() : null;
}

/** The candidate seen most often outside quotes on the first line (the header row). */
export function detectDelimiter(text: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [d, n] of counts) {
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}
