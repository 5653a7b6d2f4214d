import type { TaskEntity } from "@assess/data";
import { lateSince, type TaskKind, type TaskStatus } from "@assess/domain";

/** Overdue and late in SQL come from one place, shared with the worker (libs/data lateness.ts, from the domain's rules). */
export { lateTask, openTask, overdueTask } from "@assess/data";

/**
 * The change that records, before a task changes at `now` (any step, a re-date, a granted extension, a cancellation),
 * the moment it became late if it has and nothing was recorded yet: so that no later change erases it.
 */
export function keepLateness(task: TaskEntity, now: Date): Partial<TaskEntity> {
  if (task.lateAt) return {};
  const lateAt = lateSince(
    {
      kind: task.kind as TaskKind,
      status: task.status as TaskStatus,
      dueAt: task.dueAt,
      completedAt: task.completedAt,
      lateAt: null,
    },
    now,
  );
  return lateAt ? { lateAt } : {};
}
