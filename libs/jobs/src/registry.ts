import type { PayloadOf } from "./define-job";
import { JOBS, type AnyJob, type JobName, type JobOf } from "./catalog";

/** What a handler gets: the validated payload and the worker's context (database, clock, the BullMQ job…). */
export type Handler<D extends AnyJob, Ctx> = (payload: PayloadOf<D>, ctx: Ctx) => Promise<unknown>;

/** One handler per job name: the type makes a missing one a compile error, `createRegistry` a start-up error. */
export type Handlers<Ctx> = { [N in JobName]: Handler<JobOf<N>, Ctx> };

export interface Registry<Ctx> {
  get(name: string): { job: AnyJob; handle: (payload: unknown, ctx: Ctx) => Promise<unknown> } | undefined;
  names(): JobName[];
}

/** Binds handlers to the declared jobs; throws at start-up when a job has no handler or a handler no job. */
export function createRegistry<Ctx>(handlers: Handlers<Ctx>): Registry<Ctx> {
  const given = handlers as Record<string, unknown>;
  const missing = JOBS.filter((j) => typeof given[j.name] !== "function").map((j) => j.name);
  if (missing.length)
    throw new Error(
      `no handler for job${missing.length > 1 ? "s" : ""} ${missing.map((n) => `"${n}"`).join(", ")}: the worker cannot start`,
    );
  const unknown = Object.keys(given).filter((n) => !JOBS.some((j) => j.name === n));
  if (unknown.length)
    throw new Error(
      `handlers for undeclared jobs ${unknown.map((n) => `"${n}"`).join(", ")}: declare them in @assess/jobs`,
    );
  const table = new Map(
    JOBS.map((job) => [
      job.name as string,
      { job: job as AnyJob, handle: given[job.name] as (p: unknown, c: Ctx) => Promise<unknown> },
    ]),
  );
  return { get: (name) => table.get(name), names: () => JOBS.map((j) => j.name) };
}
