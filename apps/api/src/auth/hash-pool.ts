import { Worker } from "node:worker_threads";

/**
 * bcrypt off the event loop: bcryptjs is pure JavaScript, and a hash takes tens of milliseconds of CPU, so a flood
 * of sign-ins would stall every other request. The work runs in a few worker threads instead; the event loop only
 * waits. The worker's code is inline (so it runs the same from TypeScript sources and from dist) and loads bcryptjs
 * from the path this module resolves.
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcrypt);
parentPort.on("message", async ({ id, op, a, b }) => {
  try {
    const value = op === "hash" ? await bcrypt.hash(a, b) : await bcrypt.compare(a, b);
    parentPort.postMessage({ id, value });
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) });
  }
});`;

type Job = { id: number; op: "hash" | "compare"; a: string; b: string | number };

class HashPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly busy = new Map<Worker, number>();
  private next = 1;

  constructor(private readonly size: number) {}

  run<T>(op: Job["op"], a: string, b: string | number): Promise<T> {
    const worker = this.pick();
    const id = this.next++;
    // A busy worker keeps the process alive until it answers; an idle one does not.
    if (!this.busy.get(worker)) worker.ref();
    this.busy.set(worker, (this.busy.get(worker) ?? 0) + 1);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, a, b } satisfies Job);
    }).finally(() => {
      const left = (this.busy.get(worker) ?? 1) - 1;
      this.busy.set(worker, left);
      if (!left) worker.unref();
    });
  }

  /** The least busy worker, starting one when there are fewer than `size`. */
  private pick(): Worker {
    const idle = this.workers.find((w) => !this.busy.get(w));
    if (idle) return idle;
    if (this.workers.length < this.size) return this.start();
    return this.workers.reduce((a, b) => ((this.busy.get(a) ?? 0) <= (this.busy.get(b) ?? 0) ? a : b));
  }

  private start(): Worker {
    const worker = new Worker(WORKER, { eval: true, workerData: { bcrypt: require.resolve("bcryptjs") } });
    worker.on("message", (m: { id: number; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.value);
    });
    worker.on("error", (e) => {
      // A crashed worker fails what it held; the next call starts a new one.
      this.workers.splice(this.workers.indexOf(worker), 1);
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(e);
      }
    });
    // Idle workers do not keep the process alive (after the listeners: adding one refs the worker again).
    worker.unref();
    this.workers.push(worker);
    return worker;
  }
}

const pool = new HashPool(2);

export const hashInPool = (password: string, rounds: number) => pool.run<string>("hash", password, rounds);
export const compareInPool = (password: string, hash: string) => pool.run<boolean>("compare", password, hash);
