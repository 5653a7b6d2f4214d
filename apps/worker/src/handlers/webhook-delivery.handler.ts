import type { Handler, WEBHOOK_DELIVERY_JOB } from "@assess/jobs";
import type { JobContext } from "../context";
import { deliver } from "../webhooks/deliver";

/** Sends one delivery; a failed attempt throws, so that BullMQ retries it with the job's backoff. */
export const webhookDelivery: Handler<typeof WEBHOOK_DELIVERY_JOB, JobContext> = async (payload, ctx) => {
  const final = ctx.job.attemptsMade + 1 >= (ctx.job.opts.attempts ?? 1);
  const r = await deliver(ctx.ds, payload.deliveryId, {
    allowPrivate: ctx.settings.webhookAllowPrivate ?? false,
    now: ctx.clock,
    final,
  });
  if (!r.done) throw new Error(`delivery ${payload.deliveryId}: ${r.reason}`);
  return { delivered: true };
};
