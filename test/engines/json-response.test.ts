import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseJsonOutput } from '../../src/engines/command.js';
import { parseListen } from '../../src/engines/deepgram.js';
import { parseTranscription } from '../../src/engines/openai.js';
import { createEngine } from '../../src/engines/registry.js';
import type { EngineInput } from '../../src/engines/types.js';

const input: EngineInput = {
  unit: 'clean|e|c1',
  clipId: 'c1',
  audio: { samples: new Float32Array(16), sampleRate: 16000 },
  wav: Buffer.alloc(76),
  audioSha256: 'x',
};
const signal = () => new AbortController().signal;

describe('JSON bodies of every engine, read by one helper', () => {
  it('reports malformed JSON and a missing transcript the same way in openai, deepgram and command', () => {
    expect(parseTranscription('<html>busy</html>', 'json')).toEqual({
      ok: false,
      error: 'malformed JSON in response: <html>busy</html>',
      retryable: false,
    });
    expect(parseListen('')).toEqual({
      ok: false,
      error: 'malformed JSON in response: (empty)',
      retryable: false,
    });
    expect(parseJsonOutput('Loading model…', 'text')).toEqual({
      ok: false,
      error: 'malformed JSON in output: Loading model…',
      retryable: false,
    });
    expect(parseTranscription('{"txt":"hi"}', 'json')).toEqual({
      ok: false,
      error: 'response has no "text" string: {"txt":"hi"}',
      retryable: false,
    });
    expect(parseListen('{"results":{"channels":[]}}')).toMatchObject({
      ok: false,
      error:
        'response has no results.channels[0].alternatives[0].transcript: {"results":{"channels":[]}}',
    });
    expect(
      parseListen(
        '{"results":{"channels":[{"alternatives":[{"transcript":" call the nurse "}]}]}}',
      ),
    ).toEqual({ ok: true, text: 'call the nurse' });
    expect(parseTranscription('{"text":""}', 'json')).toEqual({ ok: true, text: '' });
  });
});

describe('response size cap', () => {
  it('stops reading a response past the cap (FAULT-INJECTING loopback TEST DOUBLE server)', async () => {
    const LIMIT = 256 * 1024 * 1024;
    let sent = 0;
    let clientGone = false;
    // Streams JSON without a Content-Length until the client hangs up (or 256 MiB, which a
    // client without the cap would read to the end and take as a transcript).
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.on('close', () => {
          clientGone = true;
        });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        res.write('{"text":"');
        const pump = () => {
          while (sent < LIMIT && !clientGone) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('"}');
        };
        pump();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const engine = await createEngine(`openai:${url}`);
      const result = await engine.transcribe(input, { signal: signal() });
      expect(result).toEqual({
        ok: false,
        error:
          'HTTP 200: response larger than 8 MiB; stopped reading (LASTMILE_MAX_RESPONSE_BYTES raises the limit)',
        retryable: false,
        status: 200,
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(clientGone).toBe(true);
      expect(sent).toBeLessThan(LIMIT);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('kills a command whose output passes the cap', async () => {
    const engine = await createEngine(
      `command:${process.execPath} -e "const b = Buffer.alloc(1 << 20, 97); const w = () => process.stdout.write(b, w); w()" {audio}`,
    );
    const result = await engine.transcribe(input, { signal: signal() });
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /: output larger than 8 MiB; stopped reading \(LASTMILE_MAX_RESPONSE_BYTES/,
      ),
      retryable: false,
    });
    await engine.close?.();
  });
});
