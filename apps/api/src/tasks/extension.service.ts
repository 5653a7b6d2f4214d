import { TaskExtensionEntity } from "@assess/data";
import {
  DomainError,
  checkDueAt,
  conflict,
  forbidden,
  isOpenStatus,
  mayManageTask,
  notFound,
  shanghaiDate,
  type TaskKind,
  type TaskStatus,
} from "@assess/domain";
import type { DataSource } from "typeorm";
import { text } from "../common/ids";
import { requireVisible } from "../access/visible";
import type { Principal } from "../common/principal";
import { inTransaction } from "../common/transaction";
import { taskTarget } from "./task-access";
import { keepLateness } from "./task-lateness";
import { TaskRepository } from "./task.repository";

export type ExtensionStatus = "REQUESTED" | "GRANTED" | "REFUSED";

/**
 * 延期申请: a manager asks the city to move a task's due date past what they may set themselves (a rectification's
 * period), with a reason; the city grants or refuses. Both are in the task's history; a granted one moves the due
 * date. Lateness already incurred stays (the task's record of it is not touched).
 */
export class ExtensionService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date,
  ) {}

  async request(p: Principal, taskId: number, dueAt: Date, reason: string): Promise<TaskExtensionEntity> {
    const why = text(reason, "reason", 2000);
    if (p.role !== "UNIT_MANAGER")
      throw forbidden("extensions are asked for by unit managers (the city sets due dates itself)");
    const now = this.clock();
    return inTransaction(this.ds, async (m) => {
      await requireVisible(m, p, "task", taskId);
      const repo = new TaskRepository(m);
      const task = await repo.lock(taskId);
      if (!task) throw notFound("task", taskId);
      if (!isOpenStatus(task.status as TaskStatus))
        throw conflict(`task ${taskId} is ${task.status}: only an open task's due date moves`, "taskId");
      if (!mayManageTask(p, task.kind as TaskKind, await taskTarget(m, task), await repo.assigner(task))) {
        throw forbidden("taskId: only the level that assigned this task asks for its extension");
      }
      if (dueAt.getTime() <= task.dueAt.getTime())
        throw new DomainError(
          "BAD_USER_INPUT",
          `dueAt: an extension moves the due date later than ${task.dueAt.toISOString()}`,
          "dueAt",
        );
      checkDueAt(dueAt, now, null, true);
      const pending = await m.getRepository(TaskExtensionEntity).findOneBy({ taskId, status: "REQUESTED" });
      if (pending)
        throw conflict(`task ${taskId} already has extension request ${pending.id} waiting for the city`, "taskId");
      const repoX = m.getRepository(TaskExtensionEntity);
      const ext = await repoX.save(
        repoX.create({
          taskId,
          requestedById: p.userId,
          requestedDueAt: dueAt,
          previousDueAt: task.dueAt,
          reason: why,
          status: "REQUESTED",
          createdAt: now,
        }),
      );
      await repo.event(
        taskId,
        p.userId,
        "EXTENSION_REQUESTED",
        `${task.dueAt.toISOString()} → ${dueAt.toISOString()}: ${why}`,
        now,
      );
      // The city hears of it at once.
      await m.query(
        `INSERT INTO notification (user_id, task_id, kind, message, created_at)
         SELECT id, ?, 'EXTENSION_REQUESTED', ?, ? FROM user WHERE role = 'CITY_ADMIN' AND active = 1`,
        [taskId, `延期申请：任务 #${taskId} 申请延期至 ${shanghaiDate(dueAt)}，理由：${why}`, now],
      );
      return ext;
    });
  }

  async decide(p: Principal, id: number, grant: boolean, comment: string | null): Promise<TaskExtensionEntity> {
    if (p.role !== "CITY_ADMIN") throw forbidden("extensions are granted or refused by the city");
    const note = comment === null ? null : text(comment, "comment", 2000);
    const now = this.clock();
    return inTransaction(this.ds, async (m) => {
      const ext = await m
        .getRepository(TaskExtensionEntity)
        .findOne({ where: { id }, lock: { mode: "pessimistic_write" } });
      if (!ext) throw notFound("extension", id);
      if (ext.status !== "REQUESTED") throw conflict(`extension ${id} was already ${ext.status}`, "id");
      const repo = new TaskRepository(m);
      const task = await repo.lock(ext.taskId);
      if (!task) throw notFound("task", ext.taskId);
      const status: ExtensionStatus = grant && isOpenStatus(task.status as TaskStatus) ? "GRANTED" : "REFUSED";
      if (grant && status === "REFUSED")
        throw conflict(`task ${task.id} is ${task.status}: its due date no longer moves`, "id");
      await m
        .getRepository(TaskExtensionEntity)
        .update({ id }, { status, decidedById: p.userId, decidedAt: now, comment: note });
      if (
        status === "GRANTED" &&
        !(await repo.advance(task.id, task.version, { ...keepLateness(task, now), dueAt: ext.requestedDueAt }))
      ) {
        throw conflict(`task ${task.id} was changed meanwhile; reload it`, "version");
      }
      await repo.event(task.id, p.userId, status === "GRANTED" ? "EXTENSION_GRANTED" : "EXTENSION_REFUSED", note, now);
      await m.query(
        "INSERT INTO notification (user_id, task_id, kind, message, created_at) VALUES (?, ?, 'EXTENSION_DECIDED', ?, ?)",
        [
          ext.requestedById,
          task.id,
          `任务 #${task.id} 的延期申请${status === "GRANTED" ? `已批准，截止日期改为 ${shanghaiDate(ext.requestedDueAt)}` : "未获批准"}${note ? `：${note}` : ""}`,
          now,
        ],
      );
      return m.getRepository(TaskExtensionEntity).findOneByOrFail({ id });
    });
  }

  /** A task's extension requests, oldest first. */
  forTask(taskId: number): Promise<TaskExtensionEntity[]> {
    return this.ds.getRepository(TaskExtensionEntity).find({ where: { taskId }, order: { id: "ASC" } });
  }

  /** The requests the reader deals with: the city, all (of a status); a manager, their own. */
  list(p: Principal, status: ExtensionStatus | null): Promise<TaskExtensionEntity[]> {
    if (p.role !== "CITY_ADMIN" && p.role !== "UNIT_MANAGER")
      throw forbidden("extension requests are the city's and the managers'");
    const where = { ...(status ? { status } : {}), ...(p.role === "CITY_ADMIN" ? {} : { requestedById: p.userId }) };
    return this.ds.getRepository(TaskExtensionEntity).find({ where, order: { id: "DESC" }, take: 500 });
  }
}
