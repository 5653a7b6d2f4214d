import { WEBHOOK_EVENTS, type WebhookEvent } from "@assess/data";
import { badInput, forbidden, notFound } from "@assess/domain";
import { refuseWebhookUrl } from "@assess/jobs";
import { randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import type { Principal } from "../common/principal";
import { toPage, type Page, type PageRequest } from "../common/pagination";
import type { WebhookDeliveryType, WebhookType } from "./webhook.types";

interface WebhookRow {
  id: number;
  owner_id: number;
  url: string;
  events: string;
  active: number;
  created_at: Date;
}

const toWebhook = (r: WebhookRow): WebhookType => ({
  id: r.id,
  ownerId: r.owner_id,
  url: r.url,
  events: r.events.split(",") as WebhookEvent[],
  active: Number(r.active) === 1,
  createdAt: r.created_at,
});

/**
 * Webhooks of integrators: made by the city admin and unit managers, seen and deleted by their owner (and the city
 * admin). What each hears of is decided when an event is recorded, by the owner's access (libs/data webhooks.ts).
 */
export class WebhookService {
  constructor(
    private readonly ds: DataSource,
    private readonly allowPrivate: () => boolean,
    private readonly clock: () => Date,
  ) {}

  /** The reader's webhooks, not deleted; the city admin's list holds everyone's. */
  async list(p: Principal): Promise<WebhookType[]> {
    const rows: WebhookRow[] = await this.ds.query(
      `SELECT * FROM webhook WHERE deleted_at IS NULL${p.role === "CITY_ADMIN" ? "" : " AND owner_id = ?"} ORDER BY id`,
      p.role === "CITY_ADMIN" ? [] : [p.userId],
    );
    return rows.map(toWebhook);
  }

  async create(p: Principal, url: string, events: WebhookEvent[]): Promise<{ webhook: WebhookType; secret: string }> {
    if (p.role !== "CITY_ADMIN" && p.role !== "UNIT_MANAGER")
      throw forbidden("webhooks are made by the city admin and unit managers");
    const wanted = [...new Set(events)];
    if (!wanted.length) throw badInput("events", "name at least one event");
    if (wanted.some((e) => !WEBHOOK_EVENTS.includes(e)))
      throw badInput("events", `must be of ${WEBHOOK_EVENTS.join(", ")}`);
    const trimmed = url.trim();
    const refusal = await refuseWebhookUrl(trimmed, this.allowPrivate());
    if (refusal) throw badInput("url", refusal);
    const [{ n }] = await this.ds.query("SELECT COUNT(*) AS n FROM webhook WHERE owner_id = ? AND deleted_at IS NULL", [
      p.userId,
    ]);
    if (Number(n) >= 20) throw badInput("url", "at most 20 webhooks each; delete one first");
    const secret = randomBytes(32).toString("hex");
    const r = await this.ds.query(
      "INSERT INTO webhook (owner_id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?)",
      [p.userId, trimmed, wanted.join(","), secret, this.clock()],
    );
    const [row]: WebhookRow[] = await this.ds.query("SELECT * FROM webhook WHERE id = ?", [r.insertId]);
    return { webhook: toWebhook(row!), secret };
  }

  /** Deletes a webhook of the reader's (the city admin: anyone's): nothing more is sent to it, pending deliveries fail. */
  async delete(p: Principal, id: number): Promise<boolean> {
    const [row]: WebhookRow[] = await this.ds.query("SELECT * FROM webhook WHERE id = ? AND deleted_at IS NULL", [id]);
    if (!row || (row.owner_id !== p.userId && p.role !== "CITY_ADMIN")) throw notFound("webhook", id);
    await this.ds.query("UPDATE webhook SET active = 0, deleted_at = ? WHERE id = ?", [this.clock(), id]);
    return true;
  }

  /** A webhook's deliveries, newest first. */
  async deliveries(webhookId: number, page: PageRequest): Promise<Page<WebhookDeliveryType>> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT * FROM webhook_delivery WHERE webhook_id = ?${page.afterId !== null ? " AND id < ?" : ""} ORDER BY id DESC LIMIT ?`,
      [webhookId, ...(page.afterId !== null ? [page.afterId] : []), page.first + 1],
    );
    const count = () =>
      this.ds
        .query("SELECT COUNT(*) AS n FROM webhook_delivery WHERE webhook_id = ?", [webhookId])
        .then((r: { n: unknown }[]) => Number(r[0]!.n));
    return toPage(
      rows.map((r) => ({
        id: Number(r.id),
        event: r.event as WebhookEvent,
        attempts: Number(r.attempts),
        lastStatus: (r.last_status as number | null) ?? null,
        lastError: (r.last_error as string | null) ?? null,
        deliveredAt: (r.delivered_at as Date | null) ?? null,
        failedAt: (r.failed_at as Date | null) ?? null,
        createdAt: r.created_at as Date,
      })),
      page,
      count,
    );
  }
}
