/**
 * Where metadata is decoded: on worker threads when the helper's bundle has
 * registered itself as their script (`useDecoderWorkers`), else inline.
 *
 * Decoding a 20,000-entry manifest takes ~400 ms of CPU; on the main thread
 * that blocks every other request of the helper, so the server and the CLI
 * hand it to a small pool of workers. The pool's threads are the helper's
 * own bundle re-executed (`main.ts` branches on `isDecoderWorker`), so one
 * file keeps working wherever it is installed. Tests and other bundles that
 * do not register decode inline, with the same code and limits.
 */
import * as os from 'os';
import { Worker, parentPort } from 'worker_threads';
import type { ManifestEntry } from '../../core/iceberg/model';
import { packEntries, transferables, unpackEntriesInSlices, type PackedEntries } from './entryPacking';
import { fromFailure, runDecodeTask, toFailure, type DecodeFailure, type DecodeResults, type DecodeTask } from './decodeTask';
import { MetadataError } from './errors';
import { DEFAULT_LIMITS } from './limits';

export interface MetadataDecoder {
  decode<K extends DecodeTask['kind']>(task: Extract<DecodeTask, { kind: K }>): Promise<DecodeResults[K]>;
}

/** Decodes on the calling thread. */
export const inlineDecoder: MetadataDecoder = {
  async decode(task) {
    return runDecodeTask(task) as never;
  }
};

const WORKER_ROLE = 'dual-layout-metadata-decoder';

type Reply = { id: number } & (
  { ok: true; result: unknown; packed?: undefined } | { ok: true; packed: PackedEntries; result?: undefined } | { ok: false; failure: DecodeFailure }
);

interface Pending {
  id: number;
  task: DecodeTask;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Heap a worker may use: the request budget plus room for the bytes and the code. */
const WORKER_HEAP_MB = Math.ceil(DEFAULT_LIMITS.maxDecodedBytesPerRequest / 2 ** 20) + 512;

/** A fixed number of decoding threads, started on first use and not keeping the process alive when idle. */
export class WorkerDecoder implements MetadataDecoder {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 0;

  constructor(
    private readonly script: string,
    private readonly size: number
  ) {}

  decode<K extends DecodeTask['kind']>(task: Extract<DecodeTask, { kind: K }>): Promise<DecodeResults[K]> {
    return new Promise<DecodeResults[K]>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : undefined);
      if (!worker) {
        return;
      }
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.ref();
      const bytes = ownedBytes(pending.task.bytes);
      worker.postMessage({ id: pending.id, task: { ...pending.task, bytes } }, [bytes.buffer as ArrayBuffer]);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, {
      workerData: { role: WORKER_ROLE },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }
    });
    worker.on('message', (reply: Reply) => this.settle(worker, reply));
    worker.on('error', error => this.fail(worker, error));
    worker.on('exit', code => this.fail(worker, new Error(`the decoding thread exited with code ${code}`)));
    return worker;
  }

  private settle(worker: Worker, reply: Reply): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (pending && pending.id === reply.id) {
      if (!reply.ok) {
        pending.reject(fromFailure(reply.failure, pending.task.file));
      } else if (reply.packed) {
        // A manifest of a million entries is rebuilt in slices, so other requests get their turns.
        unpackEntriesInSlices(reply.packed).then(pending.resolve, pending.reject);
      } else {
        pending.resolve(reply.result);
      }
    }
    this.dispatch();
  }

  /** A thread that died (out of memory, a crash) fails its task and is replaced on demand. */
  private fail(worker: Worker, error: Error & { code?: string }): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index !== -1) {
      this.idle.splice(index, 1);
    }
    worker.removeAllListeners();
    void worker.terminate();
    if (pending) {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `decoding needed more than ${WORKER_HEAP_MB} MiB of memory` : `decoding failed (${error.message})`;
      pending.reject(new MetadataError(reason, pending.task.file));
    }
    this.dispatch();
  }
}

/** `bytes` in an ArrayBuffer of their own, so it can be transferred instead of copied. */
function ownedBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
}

let processDecoder: MetadataDecoder = inlineDecoder;

/** One thread per core but one, left to the main thread (which lists storage and rebuilds entries); up to 4. */
function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

/**
 * Decode on `size` worker threads running `script` (the helper's bundle,
 * whose entry point calls `runDecoderWorker` when `isDecoderWorker`).
 */
export function useDecoderWorkers(script: string, size = defaultPoolSize()): void {
  processDecoder = new WorkerDecoder(script, size);
}

/** The process's decoder: workers once registered, else inline. */
export function metadataDecoder(): MetadataDecoder {
  return processDecoder;
}

export function isDecoderWorker(workerData: unknown): boolean {
  return (workerData as { role?: unknown } | null)?.role === WORKER_ROLE;
}

/** The body of a decoding thread: answer each task with its result or its error. */
export function runDecoderWorker(): void {
  const port = parentPort!;
  port.on('message', ({ id, task }: { id: number; task: DecodeTask }) => {
    try {
      const result = runDecodeTask(task);
      if (task.kind === 'manifest') {
        const packed = packEntries(result as ManifestEntry[]);
        port.postMessage({ id, ok: true, packed }, transferables(packed));
      } else if (task.kind === 'manifest-packed') {
        port.postMessage({ id, ok: true, result }, transferables(result as PackedEntries));
      } else {
        port.postMessage({ id, ok: true, result });
      }
    } catch (error) {
      port.postMessage({ id, ok: false, failure: toFailure(error) });
    }
  });
}
