import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request body, read whole (the stand-in's bodies are small JSON). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The body as JSON; undefined when empty; a SyntaxError when it is not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  return raw.length === 0 ? undefined : (JSON.parse(raw) as unknown);
}

/** Answers `status` with `body` as JSON (no body: nothing, e.g. a 204). */
export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (body === undefined) {
    res.writeHead(status, { ...headers });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
