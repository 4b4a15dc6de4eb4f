import fastifyMultipart from '@fastify/multipart';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { invalidField } from '../../domain/errors.js';
import { actorOf, type App } from '../../http/types.js';
import { idParams, page } from '../shared/common.schema.js';
import { exportEntity } from './export/export.service.js';
import { exportParams, exportQuery, fileParams, importJob, importListQuery, importStart, previewBody, uploadedFile, uploadQuery } from './import.schema.js';
import * as service from './import.service.js';

const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export function importRoutes(app: App, ctx: AppContext) {
  const tags = ['import-export'];

  // Multipart parsing lives in its own scope so no other route accepts form uploads.
  app.register(async (scoped) => {
    await scoped.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    const s = scoped as unknown as App;
    s.post(
      '/api/v1/imports/files',
      {
        schema: {
          tags,
          querystring: uploadQuery,
          consumes: ['multipart/form-data'],
          description: 'Upload a CSV, XLSX or CommerceML XML file (form field "file"); answers the detected format, the suggested column mapping and the first rows.',
          response: { 201: uploadedFile },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        service.assertMayTransfer(actor);
        if (!req.isMultipart()) throw invalidField('file', 'send the file as multipart/form-data in the field "file"');
        const part = await req.file();
        if (!part) throw invalidField('file', 'is required');
        const fileId = await service.saveUpload(ctx, actor, { fileName: part.filename, stream: part.file });
        reply.status(201);
        return service.describeUpload(ctx, actor, fileId, req.query.type);
      },
    );
  });

  app.post(
    '/api/v1/imports/files/:fileId/preview',
    { schema: { tags, params: fileParams, body: previewBody, description: 'Preview an uploaded file with another type or mapping', response: { 200: uploadedFile } } },
    async (req) => service.describeUpload(ctx, actorOf(req), req.params.fileId, req.body.type, req.body.settings),
  );

  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags,
        body: importStart,
        description: 'Start a dry run or a commit of an uploaded file. Answers 202 with the job at once (poll GET /api/v1/imports/:id), or 200 when it has finished if `wait` is true.',
        response: { 200: importJob, 202: importJob },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { id, done } = await service.startImport(ctx, actor, req.body);
      if (req.body.wait) {
        await done;
        return service.getImport(ctx, actor, id);
      }
      done.catch((err: unknown) => req.log.error({ err, importId: id }, 'import failed'));
      reply.status(202);
      return service.getImport(ctx, actor, id);
    },
  );

  app.get('/api/v1/imports', { schema: { tags, querystring: importListQuery, response: { 200: page(importJob) } } }, async (req) =>
    service.listImports(ctx, actorOf(req), req.query),
  );

  app.get('/api/v1/imports/:id', { schema: { tags, params: idParams, response: { 200: importJob } } }, async (req) =>
    service.getImport(ctx, actorOf(req), req.params.id),
  );

  for (const [suffix, kind] of [['errors', 'error'], ['merges', 'merge']] as const) {
    app.get(
      `/api/v1/imports/:id/${suffix}.csv`,
      { schema: { tags, params: idParams, querystring: exportQuery, description: `The ${suffix} report of an import as CSV (row, column, value, message)` } },
      async (req, reply) => {
        const chunks = await service.issuesCsv(ctx, actorOf(req), req.params.id, kind, req.query.lang);
        reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-${req.params.id}-${suffix}.csv"`);
        return reply.send(Readable.from(chunks));
      },
    );
  }

  app.get(
    '/api/v1/exports/:entity.:format',
    {
      schema: {
        tags,
        params: exportParams,
        querystring: exportQuery,
        description: 'Export companies, contacts, products, orders (one row per line) or activities as CSV or XLSX, in the columns the importer reads back',
        response: { 200: z.any() },
      },
    },
    async (req, reply) => {
      const file = await exportEntity(ctx, actorOf(req), { entity: req.params.entity, format: req.params.format, lang: req.query.lang });
      reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`);
      return reply.send(file.body);
    },
  );
}
