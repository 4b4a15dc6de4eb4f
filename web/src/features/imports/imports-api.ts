import { useMutation, useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import type { ImportJob, UploadedFile } from '../../api/types';

export const IMPORT_TYPES = ['companies', 'contacts', 'products', 'orders', 'activities'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];
export const MANAGEMENT_ROLES = ['head_of_sales', 'director', 'admin'] as const;

function csrfHeader(): Record<string, string> {
  const m = /(?:^|;\s*)hf_csrf=([^;]*)/.exec(document.cookie);
  return m ? { 'x-csrf-token': decodeURIComponent(m[1] ?? '') } : {};
}

/** Turns a failed raw fetch (upload, download) into the same ApiError the JSON wrapper throws. */
async function failure(res: Response): Promise<ApiError> {
  const data = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: Array<{ field: string; message: string }> } } | undefined;
  return new ApiError(res.status, data?.error?.code ?? 'http', data?.error?.message ?? res.statusText, data?.error?.details ?? []);
}

// Multipart upload: the JSON wrapper cannot send a file, so this one call uses fetch directly.
export function useUpload() {
  return useMutation({
    mutationFn: async ({ file, type }: { file: File; type: ImportType }) => {
      const form = new FormData();
      form.append('file', file);
      const res = await fetch(`/api/v1/imports/files?type=${type}`, { method: 'POST', body: form, credentials: 'same-origin', headers: csrfHeader() });
      if (!res.ok) throw await failure(res);
      return (await res.json()) as UploadedFile;
    },
  });
}

export function usePreview() {
  return useMutation({
    mutationFn: ({ fileId, type }: { fileId: string; type: ImportType }) => api.post<UploadedFile>(`/imports/files/${fileId}/preview`, { type }),
  });
}

export function useStartImport() {
  return useMutation({
    mutationFn: (body: { fileId: string; type: ImportType; dryRun: boolean }) => api.post<ImportJob>('/imports', body),
  });
}

/** Polls the job while it runs. */
export function useImportJob(id: number | null) {
  return useQuery({
    queryKey: ['import', id],
    queryFn: () => api.get<ImportJob>(`/imports/${id}`),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
  });
}

export type BadRow = { rowNo: string; column: string; value: string; message: string };

/** The first bad rows, read from the same errors CSV the person can download. */
export function useBadRows(job: ImportJob | undefined) {
  return useQuery({
    queryKey: ['import-errors', job?.id],
    enabled: !!job && job.status !== 'running' && job.errorCount > 0,
    queryFn: async () => {
      const res = await fetch(`${job?.errorsUrl}?lang=en`, { credentials: 'same-origin' });
      if (!res.ok) throw await failure(res);
      return parseSemicolonCsv((await res.text()).replace(/^\uFEFF/, ''))
        .slice(1, 101)
        .map(([rowNo = '', column = '', value = '', message = '']) => ({ rowNo, column, value, message }));
    },
  });
}

export function parseSemicolonCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') endCell();
    else if (c === '\n') {
      cell = cell.replace(/\r$/, '');
      endCell();
      rows.push(row);
      row = [];
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** Downloads an export; a refusal (limit, approval needed) comes back as the API's message instead. */
export function useExport() {
  return useMutation({
    mutationFn: async ({ entity, format, lang }: { entity: ImportType; format: 'csv' | 'xlsx'; lang: string }) => {
      const res = await fetch(`/api/v1/exports/${entity}.${format}?lang=${lang}`, { credentials: 'same-origin' });
      if (!res.ok) throw await failure(res);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${entity}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
