import { type FieldDef, fieldDefs, type ImportType, ONE_OF } from './fields.js';

/** field key -> 0-based column index in the file. */
export type ColumnMapping = Record<string, number>;
/** What a person (or a mapping file) says: field key -> header text, 1-based column number, or null to skip. */
export type MappingSpec = Record<string, string | number | null>;

export type MappingProblem = { field: string; message: string };
export type MappingResult = { columns: ColumnMapping; problems: MappingProblem[]; unmappedHeaders: string[] };

// "Кол-во, шт." and "кол во шт" are the same header: case, ё, punctuation and spacing do not matter.
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}№]+/gu, ' ')
    .trim();
}

const synonymIndex = new Map<ImportType, Map<string, string>>();

function synonymsOf(type: ImportType): Map<string, string> {
  let index = synonymIndex.get(type);
  if (!index) {
    index = new Map();
    // The first field that claims a synonym keeps it, so the definitions' order settles ties.
    for (const def of fieldDefs(type)) {
      for (const s of [def.key, ...def.synonyms]) {
        const k = normaliseHeader(s);
        if (!index.has(k)) index.set(k, def.key);
      }
    }
    synonymIndex.set(type, index);
  }
  return index;
}

/** Maps each recognised header to its field; a field takes the first column that names it. */
export function detectMapping(type: ImportType, headers: string[]): ColumnMapping {
  const index = synonymsOf(type);
  const columns: ColumnMapping = {};
  headers.forEach((header, i) => {
    const n = normaliseHeader(header);
    // "Цена, руб." or "Количество (шт)": drop a trailing unit when the whole header is not known.
    const field = index.get(n) ?? index.get(n.replace(/ (руб|р|rub|шт|pcs|кг|₽)$/u, ''));
    if (field && columns[field] === undefined) columns[field] = i;
  });
  return columns;
}

function locate(spec: string | number, headers: string[]): number | string {
  if (typeof spec === 'number') {
    return Number.isInteger(spec) && spec >= 1 && spec <= headers.length ? spec - 1 : `column ${spec} does not exist (the file has ${headers.length})`;
  }
  const exact = headers.indexOf(spec);
  if (exact >= 0) return exact;
  const n = normaliseHeader(spec);
  const loose = headers.findIndex((h) => normaliseHeader(h) === n);
  return loose >= 0 ? loose : `no column "${spec}" in the file`;
}

/** Detected mapping overridden by the person's choices, plus every reason the file cannot be read. */
export function resolveMapping(type: ImportType, headers: string[], spec: MappingSpec = {}): MappingResult {
  const defs = fieldDefs(type);
  const known = new Set(defs.map((d) => d.key));
  const problems: MappingProblem[] = [];
  const explicit: ColumnMapping = {};
  const skipped = new Set<string>();
  for (const [field, target] of Object.entries(spec)) {
    if (!known.has(field)) {
      problems.push({ field, message: `"${field}" is not a field of ${type}; known fields: ${[...known].join(', ')}` });
      continue;
    }
    if (target === null || target === '') {
      skipped.add(field);
      continue;
    }
    const at = locate(target, headers);
    if (typeof at === 'string') problems.push({ field, message: at });
    else explicit[field] = at;
  }
  const taken = new Set(Object.values(explicit));
  const columns: ColumnMapping = { ...explicit };
  for (const [field, i] of Object.entries(detectMapping(type, headers))) {
    if (columns[field] === undefined && !skipped.has(field) && !taken.has(i)) {
      columns[field] = i;
      taken.add(i);
    }
  }
  problems.push(...missingFields(type, defs, columns));
  const used = new Set(Object.values(columns));
  return { columns, problems, unmappedHeaders: headers.filter((_, i) => !used.has(i)) };
}

function missingFields(type: ImportType, defs: FieldDef[], columns: ColumnMapping): MappingProblem[] {
  const label = (key: string) => {
    const d = defs.find((x) => x.key === key);
    return d ? `${d.label.ru} / ${d.label.en}` : key;
  };
  const problems: MappingProblem[] = [];
  for (const d of defs) {
    if (d.required && columns[d.key] === undefined) problems.push({ field: d.key, message: `required column is missing: ${label(d.key)}` });
  }
  for (const group of ONE_OF[type]) {
    if (group.every((k) => columns[k] === undefined)) {
      problems.push({ field: group[0] ?? 'columns', message: `one of these columns is required: ${group.map(label).join('; ')}` });
    }
  }
  return problems;
}
