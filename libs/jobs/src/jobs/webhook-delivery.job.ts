import { z } from "zod";
import { defineJob } from "../define-job";

/**
 * One webhook delivery (a row of webhook_delivery) POSTed to its URL, signed. At least once: a failed attempt is
 * retried after 5 s, then twice as long each time (10 s, 20 s, … about 43 minutes), 11 attempts over about 85 minutes;
 * after the last one the delivery is marked failed. A delivery already delivered is not sent again.
 */
export const WEBHOOK_DELIVERY_JOB = defineJob({
  name: "webhook-delivery",
  description: "POSTs one webhook delivery to its receiver, signed with the webhook's secret.",
  payload: z.object({ deliveryId: z.number().int().positive() }).strict(),
  retry: { attempts: 11, backoff: { type: "exponential", delay: 5_000, maxDelay: 45 * 60_000 } },
  completesRun: false,
});

/** BullMQ job ids of deliveries: one job per delivery, however often it is queued. */
export const webhookJobId = (deliveryId: number) => `webhook-delivery.${deliveryId}`;
