import net from 'node:net';

// The bench's load client: GET requests over kept-alive HTTP/1.1 sockets, one request in flight
// per socket, as a browser tab or a telephony integration holds them. It runs in the server's
// own process on the same two cores, so its CPU is charged to every request it measures: it
// writes a prebuilt request line and reads only the status and Content-Length of the answer,
// which costs the event loop a fraction of what node:http's client does (docs/benchmarks.md,
// search, seventh round). Enough HTTP for our own server's answers: no chunked bodies, no
// redirects, no pipelining.
export type LoadClient = { get: (path: string) => Promise<void>; close: () => void };

type Pending = { path: string; resolve: () => void; reject: (e: Error) => void };

const HEADER_END = Buffer.from('\r\n\r\n');

export function loadClient(base: string, headers: Record<string, string>): LoadClient {
  const url = new URL(base);
  const port = Number(url.port);
  const fixed = `Host: ${url.host}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const idle: Connection[] = [];
  const all: Connection[] = [];

  class Connection {
    socket = net.connect({ host: url.hostname, port, noDelay: true });
    buffer: Buffer | null = null;
    bodyStart = -1;
    length = -1;
    status = 0;
    current: Pending | null = null;
    constructor() {
      this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
      this.socket.on('error', (e) => this.fail(e));
      this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
    }
    send(p: Pending) {
      this.current = p;
      this.socket.write(`GET ${p.path} HTTP/1.1\r\n${fixed}`);
    }
    onData(chunk: Buffer) {
      this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
      if (this.bodyStart < 0) {
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) return;
        const head = this.buffer.toString('latin1', 0, end);
        this.status = Number(head.slice(9, 12));
        const match = /\r\ncontent-length: *(\d+)/i.exec(head);
        if (!match) {
          // Not an answer this client reads (chunked): give the socket up rather than misread the next one.
          this.socket.destroy();
          return this.fail(new Error(`answer without Content-Length to ${this.current?.path}: ${head.split('\r\n')[0]}`));
        }
        this.length = Number(match[1]);
        this.bodyStart = end + HEADER_END.length;
      }
      if (this.buffer.length < this.bodyStart + this.length) return;
      const body = this.buffer.subarray(this.bodyStart, this.bodyStart + this.length);
      const p = this.current;
      this.buffer = null;
      this.bodyStart = -1;
      this.current = null;
      idle.push(this);
      if (!p) return;
      if (this.status === 200) p.resolve();
      else p.reject(new Error(`${p.path}: ${this.status} ${body.toString()}`));
    }
    fail(e: Error) {
      const p = this.current;
      this.current = null;
      p?.reject(e);
    }
  }

  return {
    get(path: string) {
      return new Promise<void>((resolve, reject) => {
        let c = idle.pop();
        if (!c) {
          c = new Connection();
          all.push(c);
        }
        c.send({ path, resolve, reject });
      });
    },
    close() {
      for (const c of all) c.socket.destroy();
    },
  };
}
