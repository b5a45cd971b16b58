import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * C compiled to WebAssembly by scripts/build-codecs.sh (a .wasm file in src/wasm/, committed):
 * the reference codec libraries and the resampler's SIMD kernel. Instantiated synchronously, once per process; calls run in
 * this thread with no process start. The C side exports `lm_malloc`/`lm_free` and one function
 * per operation over pointers into the module's memory.
 */
export interface WasmLibrary {
  /** File name, e.g. `gsm.wasm`. */
  readonly file: string;
  /** First 16 hex digits of the file's sha256: part of the codec's identity. */
  readonly sha256: string;
  readonly exports: Record<string, (...args: number[]) => number>;
  readonly memory: WebAssembly.Memory;
}

const loaded = new Map<string, WasmLibrary>();

/**
 * The engine's own Math functions, for a kernel that must give what the TypeScript it replaced
 * gave bit for bit (gaussian.wasm's rare path): wasi-libc's exp and log round differently
 * from V8's in the last bit now and then.
 */
const JS_IMPORTS: Record<string, (x: number) => number> = { exp: Math.exp, log: Math.log };

/** The folder holding the .wasm files, from src/ (tsx) or dist/src/ (built). */
function wasmDir(): string {
  const here = new URL('./', import.meta.url);
  if (existsSync(fileURLToPath(new URL('gsm.wasm', here)))) return fileURLToPath(here);
  return fileURLToPath(new URL('../../../src/wasm/', import.meta.url));
}

export function wasmPath(file: string): string {
  return wasmDir() + file;
}

export function loadWasm(file: string): WasmLibrary {
  const hit = loaded.get(file);
  if (hit) return hit;
  const bytes = readFileSync(wasmPath(file));
  const module = new WebAssembly.Module(bytes);
  // The libraries print nothing and exit only on an internal assertion; WASI calls other than
  // that fail (ENOSYS) rather than reach the host.
  const wasi: Record<string, (...a: number[]) => number> = {};
  for (const i of WebAssembly.Module.imports(module)) {
    if (i.module === 'js' && JS_IMPORTS[i.name]) continue;
    if (i.module !== 'wasi_snapshot_preview1')
      throw new Error(`${file}: unexpected import ${i.module}.${i.name}`);
    wasi[i.name] =
      i.name === 'proc_exit'
        ? (code) => {
            throw new Error(`${file}: the codec library aborted (exit ${code})`);
          }
        : () => 52;
  }
  const instance = new WebAssembly.Instance(module, {
    wasi_snapshot_preview1: wasi,
    js: JS_IMPORTS,
  });
  const exports = instance.exports as unknown as WasmLibrary['exports'] & {
    memory: WebAssembly.Memory;
  };
  (exports._initialize as (() => void) | undefined)?.();
  const lib: WasmLibrary = {
    file,
    sha256: createHash('sha256').update(bytes).digest('hex').slice(0, 16),
    exports,
    memory: exports.memory as unknown as WebAssembly.Memory,
  };
  loaded.set(file, lib);
  return lib;
}

/**
 * Scoped allocations in a library's heap, freed together by `free()`. Views are made fresh
 * from `memory.buffer` on each access, since a call may grow (and so detach) the memory.
 */
export class Heap {
  private readonly pointers: number[] = [];
  constructor(private readonly lib: WasmLibrary) {}

  alloc(bytes: number): number {
    const p = this.lib.exports.lm_malloc(Math.max(8, bytes));
    if (!p) throw new Error(`${this.lib.file}: out of memory allocating ${bytes} bytes`);
    this.pointers.push(p);
    return p;
  }

  /** Copies `data` in; returns its address. */
  put(data: Int16Array | Uint8Array | Int32Array): number {
    const p = this.alloc(data.byteLength);
    new Uint8Array(this.lib.memory.buffer, p, data.byteLength).set(
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    );
    return p;
  }

  i16(p: number, n: number): Int16Array {
    return new Int16Array(this.lib.memory.buffer, p, n).slice();
  }

  u8(p: number, n: number): Uint8Array {
    return new Uint8Array(this.lib.memory.buffer, p, n).slice();
  }

  i32(p: number, n: number): Int32Array {
    return new Int32Array(this.lib.memory.buffer, p, n).slice();
  }

  free(): void {
    for (const p of this.pointers) this.lib.exports.lm_free(p);
    this.pointers.length = 0;
  }
}
