import { badInput } from "@assess/domain";
import type { DataSource } from "typeorm";
import type { PageRequest, Page } from "../common/pagination";
import { toPage } from "../common/pagination";
import type { Principal } from "../common/principal";
import type { NotificationType } from "./notification.types";

interface Row {
  id: number;
  kind: string;
  message: string;
  read_at: Date | null;
  created_at: Date;
  task_id: number | null;
  problem_id: number | null;
}

/** A user's own notifications, newest first. */
export class NotificationService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date,
  ) {}

  async list(p: Principal, unreadOnly: boolean, page: PageRequest): Promise<Page<NotificationType>> {
    const filter = `n.user_id = ?${unreadOnly ? " AND n.read_at IS NULL" : ""}`;
    // The task and problem of each are shown through the access guard (Notification.task, .problem).
    const rows: Row[] = await this.ds.query(
      `SELECT n.id, n.kind, n.message, n.read_at, n.created_at, n.task_id, n.problem_id
       FROM notification n WHERE ${filter}${page.afterId !== null ? " AND n.id < ?" : ""} ORDER BY n.id DESC LIMIT ?`,
      [p.userId, ...(page.afterId !== null ? [page.afterId] : []), page.first + 1],
    );
    const count = () =>
      this.ds
        .query(`SELECT COUNT(*) AS n FROM notification n WHERE ${filter}`, [p.userId])
        .then((r: { n: unknown }[]) => Number(r[0]!.n));
    return toPage(
      rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        message: r.message,
        read: r.read_at !== null,
        readAt: r.read_at,
        createdAt: r.created_at,
        taskId: r.task_id,
        problemId: r.problem_id,
      })),
      page,
      count,
    );
  }

  /** Marks the given notifications of the user read (all unread ones without ids); answers how many changed. */
  async markRead(p: Principal, ids: number[] | null): Promise<number> {
    if (ids && ids.length > 1000) throw badInput("ids", "at most 1000 at a time");
    if (ids && !ids.length) return 0;
    const r = await this.ds.query(
      `UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL${ids ? " AND id IN (?)" : ""}`,
      [this.clock(), p.userId, ...(ids ? [ids] : [])],
    );
    return r.affectedRows as number;
  }
}
