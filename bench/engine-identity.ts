/**
 * What an engine's identity (part of the transcript cache key) costs at run start: the time to
 * compute pocketsphinx's identity — dpkg-query for the package versions plus sha256 over the
 * en-us model, dictionary and decoder binary — first in a fresh process (files possibly cold in
 * the page cache, then warm), and the same figure for sha256 alone over the same bytes.
 * Run: npx tsx bench/engine-identity.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createEngine } from '../src/engines/registry.js';

const engine = await createEngine('pocketsphinx', { processes: 1 });
let started = performance.now();
const identity = await engine.identity();
const first = performance.now() - started;
const files = Object.keys(identity.files);
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);

started = performance.now();
const again = await (await createEngine('pocketsphinx', { processes: 1 })).identity();
const memoized = performance.now() - started;

started = performance.now();
for (const f of files) createHash('sha256').update(readFileSync(f)).digest('hex');
const rawHash = performance.now() - started;

console.log(`pocketsphinx identity: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB`);
console.log(`  first computation in this process: ${first.toFixed(0)} ms`);
console.log(`  a second engine instance (memoized per file): ${memoized.toFixed(1)} ms`);
console.log(`  sha256 of the same bytes, read whole, for comparison: ${rawHash.toFixed(0)} ms`);
console.log(`  same identity both times: ${JSON.stringify(again) === JSON.stringify(identity)}`);
await engine.close?.();
