import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClient } from '../../bench/search/http-client.js';

// The search bench's load client times requests until their whole answer is in: if it resolved
// early, or on an error page, the bench's latencies would be wrong.
describe('bench load client', () => {
  const sockets = new Set<unknown>();
  const seen: { url: string; cookie: string | undefined }[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    sockets.add(req.socket);
    seen.push({ url: req.url ?? '', cookie: req.headers.cookie });
    if (req.url === '/missing') return void res.writeHead(404, { 'content-type': 'text/plain', 'content-length': 12 }).end('no such page');
    if (req.url === '/chunked') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('streamed');
    const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? 10);
    const body = 'x'.repeat(size);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
    // Headers and body in separate writes, and a large body in pieces: the client must wait for all of it.
    res.write(body.slice(0, Math.floor(size / 2)));
    setTimeout(() => res.end(body.slice(Math.floor(size / 2))), 20);
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('resolves only once the whole body has arrived, and reuses its kept-alive sockets', async () => {
    const client = loadClient(base, { cookie: 'hf_session=abc' });
    try {
      for (const size of [10, 300_000, 5]) {
        const t = performance.now();
        await client.get(`/page?size=${size}`);
        expect(performance.now() - t).toBeGreaterThanOrEqual(15);
      }
      await Promise.all([client.get('/a'), client.get('/b'), client.get('/c')]);
      expect(seen.map((s) => s.url).slice(-3).sort()).toEqual(['/a', '/b', '/c']);
      expect(seen.every((s) => s.cookie === 'hf_session=abc')).toBe(true);
      // Three sequential requests on one socket, then two more opened for the three at once.
      expect(sockets.size).toBe(3);
    } finally {
      client.close();
    }
  });

  it('rejects an answer other than 200 with its status and body, and stays usable', async () => {
    const client = loadClient(base, {});
    try {
      await expect(client.get('/missing')).rejects.toThrow('/missing: 404 no such page');
      await expect(client.get('/page?size=3')).resolves.toBeUndefined();
      await expect(client.get('/chunked')).rejects.toThrow('answer without Content-Length to /chunked: HTTP/1.1 200 OK');
      await expect(client.get('/page?size=3')).resolves.toBeUndefined();
    } finally {
      client.close();
    }
  });
});
