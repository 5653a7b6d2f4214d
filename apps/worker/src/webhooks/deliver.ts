import { isPrivateAddress } from "@assess/jobs";
import { createHmac } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { DataSource } from "typeorm";

/** How long one attempt may take, connection to last byte. */
export const DELIVERY_TIMEOUT_MS = 5_000;

/** The body an integrator receives: the contract's `{"id","event","occurredAt","data"}`. */
export function deliveryBody(d: { id: number; event: string; occurred_at: Date; payload: string }): string {
  return JSON.stringify({
    id: String(d.id),
    event: d.event,
    occurredAt: new Date(d.occurred_at).toISOString(),
    data: JSON.parse(d.payload),
  });
}

/** `sha256=<hex HMAC-SHA256 of the raw body with the secret>`. */
export const signature = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/**
 * The resolver a delivery connects with: the addresses are checked when the connection is made (DNS may have changed
 * since the webhook was created), so a host that now resolves to a private address is refused, not called.
 */
const guardedLookup =
  (allowPrivate: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as unknown as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad)
        return callback(
          Object.assign(new Error(`${hostname} resolves to ${bad.address}, a private address`), { code: "EPRIVATE" }),
          "",
          0,
        );
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };

/** One POST: the answer's status, or the reason there was none. Never throws. */
export function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  allowPrivate: boolean,
): Promise<{ status: number | null; error: string | null }> {
  return new Promise((resolve) => {
    const u = new URL(url);
    if (
      !allowPrivate &&
      /^\[?[\d.:a-f]+\]?$/i.test(u.hostname) &&
      isPrivateAddress(u.hostname.replace(/^\[|\]$/g, ""))
    ) {
      return resolve({ status: null, error: `${u.hostname} is a private address` });
    }
    const options: RequestOptions = {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        "user-agent": "venue-assessment-webhooks/1",
        ...headers,
      },
      lookup: guardedLookup(allowPrivate),
      timeout: DELIVERY_TIMEOUT_MS,
    };
    const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(u, options, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? null, error: null }));
      res.on("error", (e) => resolve({ status: res.statusCode ?? null, error: e.message }));
    });
    const deadline = setTimeout(
      () => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)),
      DELIVERY_TIMEOUT_MS,
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)));
    req.on("error", (e) => resolve({ status: null, error: e.message }));
    req.on("close", () => clearTimeout(deadline));
    req.end(body);
  });
}

interface DeliveryRow {
  id: number;
  event: string;
  occurred_at: Date;
  payload: string;
  delivered_at: Date | null;
  failed_at: Date | null;
  url: string;
  secret: string;
  active: number;
  deleted_at: Date | null;
}

/**
 * Sends a delivery once: records the attempt (status or error) and, on a 2xx, the delivery. Answers whether it was
 * delivered (or needs nothing more); `final` marks it failed when this attempt fails.
 */
export async function deliver(
  ds: DataSource,
  deliveryId: number,
  o: { allowPrivate: boolean; now: () => Date; final: boolean },
): Promise<{ done: boolean; reason?: string }> {
  const [d]: DeliveryRow[] = await ds.query(
    `SELECT d.id, d.event, d.occurred_at, d.payload, d.delivered_at, d.failed_at, w.url, w.secret, w.active, w.deleted_at
     FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.id = ?`,
    [deliveryId],
  );
  if (!d || d.delivered_at || d.failed_at) return { done: true };
  if (!d.active || d.deleted_at) {
    await ds.query("UPDATE webhook_delivery SET failed_at = ?, last_error = 'the webhook was deleted' WHERE id = ?", [
      o.now(),
      deliveryId,
    ]);
    return { done: true };
  }
  const body = deliveryBody(d);
  const { status, error } = await post(
    d.url,
    body,
    { "x-webhook-id": String(d.id), "x-webhook-event": d.event, "x-webhook-signature": signature(d.secret, body) },
    o.allowPrivate,
  );
  const ok = status !== null && status >= 200 && status < 300;
  const reason = ok ? null : (error ?? `the receiver answered ${status}`);
  await ds.query(
    `UPDATE webhook_delivery SET attempts = attempts + 1, last_status = ?, last_error = ?, delivered_at = ?, failed_at = ? WHERE id = ?`,
    [status, reason?.slice(0, 1000) ?? null, ok ? o.now() : null, !ok && o.final ? o.now() : null, deliveryId],
  );
  return ok ? { done: true } : { done: false, reason: reason! };
}

/**
 * The outbox's sweep: deliveries not yet on the queue are queued (one BullMQ job per delivery: its id is the job's, so
 * two workers sweeping at once queue it once) and marked queued. Answers how many.
 */
export async function queuePending(
  ds: DataSource,
  enqueue: (deliveryIds: number[]) => Promise<void>,
  now: Date,
  limit = 500,
): Promise<number> {
  const rows: { id: number }[] = await ds.query(
    "SELECT id FROM webhook_delivery WHERE queued_at IS NULL ORDER BY id LIMIT ?",
    [limit],
  );
  if (!rows.length) return 0;
  const ids = rows.map((r) => Number(r.id));
  await enqueue(ids);
  await ds.query("UPDATE webhook_delivery SET queued_at = ? WHERE id IN (?) AND queued_at IS NULL", [now, ids]);
  return ids.length;
}
