import { Alert, Anchor, Badge, Button, Card, FileInput, Group, Progress, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconUpload } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { ImportJob, UploadedFile } from '../../api/types';
import { currentLang, formatNumber } from '../../i18n/format';
import { errorMessage, translateApiMessage } from '../../ui/errors';
import { ErrorState, LoadingState } from '../../ui/states';
import { IMPORT_TYPES, type ImportType, useBadRows, useExport, useImportJob, usePreview, useStartImport, useUpload } from './imports-api';

// Entity and count names come from the API as keys; unknown ones are shown as they are.
function label(t: TFunction, section: 'imports.types' | 'imports.countKind', key: string): string {
  return t(`${section}.${key}` as 'imports.types.companies', { defaultValue: key });
}

export function ImportsPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [type, setType] = useState<ImportType>('companies');
  const [uploaded, setUploaded] = useState<UploadedFile | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const upload = useUpload();
  const preview = usePreview();
  const start = useStartImport();
  const job = useImportJob(jobId);

  const changeType = (v: string | null) => {
    if (!v) return;
    setType(v as ImportType);
    setJobId(null);
    if (uploaded) preview.mutate({ fileId: uploaded.fileId, type: v as ImportType }, { onSuccess: setUploaded });
  };
  const run = (dryRun: boolean) => uploaded && start.mutate({ fileId: uploaded.fileId, type, dryRun }, { onSuccess: (j) => setJobId(j.id) });
  const running = job.data?.status === 'running';

  return (
    <Stack>
      <Title order={2}>{t('imports.title')}</Title>
      <Card withBorder>
        <Stack>
          <Group align="flex-end">
            <FileInput
              label={t('imports.file')}
              accept=".csv,.xlsx,.xml,text/csv"
              value={file}
              onChange={(f) => {
                setFile(f);
                setUploaded(null);
                setJobId(null);
              }}
              w={340}
              clearable
            />
            <Select label={t('imports.type')} data={IMPORT_TYPES.map((v) => ({ value: v, label: t(`imports.types.${v}`) }))} value={type} onChange={changeType} allowDeselect={false} />
            <Button
              leftSection={<IconUpload size={16} />}
              disabled={!file}
              loading={upload.isPending}
              onClick={() => file && upload.mutate({ file, type }, { onSuccess: setUploaded })}
            >
              {t('imports.upload')}
            </Button>
          </Group>
          {(upload.error ?? preview.error ?? start.error) && <ErrorState error={upload.error ?? preview.error ?? start.error} />}
          {uploaded && <UploadDetails file={uploaded} />}
          {uploaded && (
            <Group>
              <Button variant="light" onClick={() => run(true)} loading={start.isPending} disabled={running || uploaded.problems.length > 0}>
                {t('imports.dryRun')}
              </Button>
              <Button onClick={() => run(false)} loading={start.isPending} disabled={running || uploaded.problems.length > 0}>
                {t('imports.commit')}
              </Button>
            </Group>
          )}
        </Stack>
      </Card>
      {jobId !== null && (job.isPending ? <LoadingState /> : job.isError ? <ErrorState error={job.error} /> : <JobResult job={job.data} />)}
      <Exports />
    </Stack>
  );
}

function UploadDetails({ file }: { file: UploadedFile }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <Stack gap="sm" data-testid="upload-details">
      <Text size="sm" c="dimmed">
        {file.fileName} · {t('imports.detected', { format: file.format.toUpperCase(), encoding: file.encoding ?? '—', size: formatNumber(file.sizeBytes) })}
      </Text>
      {file.problems.length > 0 && (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('imports.problems')} role="alert">
          {file.problems.map((p) => `${p.field}: ${translateApiMessage(t, p.message)}`).join('; ')}
        </Alert>
      )}
      <Title order={5}>{t('imports.mapping')}</Title>
      <Table withTableBorder data-testid="mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('imports.field')}</Table.Th>
            <Table.Th>{t('imports.column')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {file.fields.map((f) => {
            const col = file.mapping[f.key];
            return (
              <Table.Tr key={f.key}>
                <Table.Td>
                  {lang === 'ru' ? f.labelRu : f.label}{' '}
                  {f.required && (
                    <Badge size="xs" variant="light" color="red">
                      {t('imports.required')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td c={col ? undefined : 'dimmed'}>{col ? file.headers[col - 1] : t('imports.notMapped')}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {file.rows.length > 0 && (
        <>
          <Title order={5}>{t('imports.preview')}</Title>
          <Table.ScrollContainer minWidth={600}>
            <Table withTableBorder fz="xs" data-testid="preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  {file.headers.map((h, i) => (
                    <Table.Th key={i}>{h}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {file.rows.slice(0, 10).map((r) => (
                  <Table.Tr key={r.rowNo}>
                    <Table.Td>{r.rowNo}</Table.Td>
                    {r.cells.map((c, i) => (
                      <Table.Td key={i}>{c}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}

function JobResult({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const bad = useBadRows(job);
  const p = job.progress;
  return (
    <Card withBorder data-testid="import-job">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{job.dryRun ? t('imports.jobTitleDry') : t('imports.jobTitle')}</Title>
          <Badge color={job.status === 'failed' ? 'red' : job.status === 'running' ? 'blue' : 'green'}>{t(`imports.jobStatus.${job.status}`)}</Badge>
        </Group>
        {job.status === 'running' && (
          <>
            <Progress value={p && p.totalBytes ? (100 * p.bytesRead) / p.totalBytes : 5} animated />
            <Text size="sm">{t('imports.running', { rows: formatNumber(p?.rowsRead ?? 0) })}</Text>
          </>
        )}
        {job.error && (
          <Alert color="red" role="alert">
            {job.error}
          </Alert>
        )}
        {job.status !== 'running' && (
          <Group gap="lg" data-testid="import-counts">
            <Text size="sm">{t('imports.total', { total: formatNumber(job.rowsTotal) })}</Text>
            <Text size="sm" c="green">
              {t('imports.imported', { count: job.rowsImported })}
            </Text>
            <Text size="sm" c={job.rowsFailed ? 'red' : undefined}>
              {t('imports.failed', { count: job.rowsFailed })}
            </Text>
            {Object.entries(job.counts).map(([entity, c]) => (
              <Text size="sm" key={entity} c="dimmed">
                {t('imports.counts', { entity: label(t, 'imports.types', entity), detail: Object.entries(c).map(([k, v]) => `${label(t, 'imports.countKind', k)} ${formatNumber(v)}`).join(', ') })}
              </Text>
            ))}
          </Group>
        )}
        {job.errorCount > 0 && job.status !== 'running' && (
          <>
            <Group justify="space-between">
              <Title order={5}>{t('imports.badRows')}</Title>
              <Anchor href={`${job.errorsUrl}?lang=${currentLang()}`} download size="sm">
                <IconDownload size={14} /> {t('imports.downloadErrors')}
              </Anchor>
            </Group>
            {bad.isPending ? (
              <LoadingState />
            ) : bad.isError ? (
              <ErrorState error={bad.error} />
            ) : (
              <Table withTableBorder fz="sm" data-testid="bad-rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('imports.row')}</Table.Th>
                    <Table.Th>{t('imports.column')}</Table.Th>
                    <Table.Th>{t('imports.value')}</Table.Th>
                    <Table.Th>{t('imports.message')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {bad.data.map((r, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>{r.rowNo}</Table.Td>
                      <Table.Td>{r.column}</Table.Td>
                      <Table.Td>{r.value}</Table.Td>
                      <Table.Td>{translateApiMessage(t, r.message)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

function Exports() {
  const { t } = useTranslation();
  const exp = useExport();
  const err = exp.error;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t('imports.exports')}</Title>
        <Text size="sm" c="dimmed">
          {t('imports.exportHint')}
        </Text>
        <Group gap="xs">
          {IMPORT_TYPES.map((entity) =>
            (['csv', 'xlsx'] as const).map((format) => (
              <Button
                key={`${entity}.${format}`}
                size="xs"
                variant="default"
                leftSection={<IconDownload size={14} />}
                loading={exp.isPending && exp.variables.entity === entity && exp.variables.format === format}
                onClick={() => exp.mutate({ entity, format, lang: currentLang() })}
              >
                {t(`imports.types.${entity}`)} · {format.toUpperCase()}
              </Button>
            )),
          )}
        </Group>
        {err && (
          <Alert color="orange" role="alert" icon={<IconAlertTriangle />} data-testid="export-refused">
            {err instanceof ApiError && err.status !== 0 ? t('imports.exportRefused', { message: err.message }) : errorMessage(t, err)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
