import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TEST DOUBLE: a loopback HTTP server speaking the OpenAI-compatible
 * `POST /v1/audio/transcriptions` protocol, for fault injection. It is not a recogniser: it
 * answers "transcript of <clip id>" and, when told to, misbehaves — 429 with Retry-After,
 * 500s, hangs, malformed JSON, dropped connections — so the dispatcher's handling can be
 * measured. Every request is counted by its audio's content.
 */
export interface DoubleRequest {
  /** The uploaded file name (the clip id + .wav). */
  readonly filename: string;
  /** sha256 of the uploaded PCM (= the row's audioSha256): tells conditions apart. */
  readonly audioSha256: string;
  /** 1 for the first request with this audio, 2 for the second, … */
  readonly attempt: number;
  readonly authorization: string | undefined;
  readonly fields: Record<string, string>;
}

export type Fault =
  | { kind: 'ok'; text?: string; delayMs?: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'drop' };

export interface OpenAiDouble {
  readonly url: string;
  readonly requests: DoubleRequest[];
  /** Requests per audio hash. */
  counts(): Map<string, number>;
  /** New behaviour; request counts start again from zero. */
  setBehaviour(behaviour: (request: DoubleRequest) => Fault): void;
  /** Ends hung requests (their clients see a dropped connection) and stops the server. */
  close(): Promise<void>;
}

export async function startOpenAiDouble(
  behaviour: (r: DoubleRequest) => Fault = () => ({ kind: 'ok' }),
): Promise<OpenAiDouble> {
  const requests: DoubleRequest[] = [];
  const seen = new Map<string, number>();
  const hung = new Set<ServerResponse>();
  let decide = behaviour;
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      // The client died mid-upload (a test kills a run with SIGKILL): nobody to answer.
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      res.writeHead(404).end('{"error":"not found"}');
      return;
    }
    const form = await new Response(Buffer.concat(chunks), {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    }).formData();
    const file = form.get('file') as File;
    const bytes = Buffer.from(await file.arrayBuffer());
    // The PCM after the 44-byte header: the same hash as a row's audioSha256.
    const audioSha256 = createHash('sha256').update(bytes.subarray(44)).digest('hex');
    const attempt = (seen.get(audioSha256) ?? 0) + 1;
    seen.set(audioSha256, attempt);
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === 'string') fields[k] = v;
    const request: DoubleRequest = {
      filename: file.name,
      audioSha256,
      attempt,
      authorization: req.headers.authorization,
      fields,
    };
    requests.push(request);
    const fault = decide(request);
    switch (fault.kind) {
      case 'ok': {
        const send = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              text: fault.text ?? `transcript of ${file.name.replace(/\.wav$/, '')}`,
            }),
          );
        };
        if (fault.delayMs) setTimeout(send, fault.delayMs);
        else send();
        return;
      }
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ error: { message: `injected ${fault.status}` } }));
        return;
      case 'hang':
        hung.add(res);
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"text": "half a respo');
        return;
      case 'drop':
        req.socket.destroy();
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    counts: () => new Map(seen),
    setBehaviour: (b) => {
      decide = b;
      seen.clear();
      requests.length = 0;
    },
    async close() {
      for (const res of hung) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
