import type { TaskEntity } from "@assess/data";
import { forbidden } from "@assess/domain";
import DataLoader from "dataloader";
import type { Context } from "../common/context";
import { who } from "../common/context";
import { taskScope } from "../common/scope";

const memo = new WeakMap<Context, DataLoader<number, boolean>>();

/** Per request: which of the tasks reached through a nested field the principal may see (one query per batch). */
function visibility(ctx: Context): DataLoader<number, boolean> {
  let loader = memo.get(ctx);
  if (!loader) {
    const scope = taskScope(who(ctx));
    loader = new DataLoader(async (ids) => {
      if (scope.sql === "1=1") return ids.map(() => true);
      const rows: { id: number }[] = await ctx.services.deps.ds.query(
        `SELECT t.id FROM task t JOIN unit tu ON tu.id = t.unit_id WHERE t.id IN (?) AND ${scope.sql}`,
        [[...ids], ...scope.params],
      );
      const seen = new Set(rows.map((r) => r.id));
      return ids.map((id) => seen.has(id));
    });
    memo.set(ctx, loader);
  }
  return loader;
}

/**
 * A task reached through another object (a problem's source or rectification): null when the principal may
 * not see it, so that a nested field never shows what `task(id)` would refuse.
 */
export async function visibleTask(ctx: Context, id: number): Promise<TaskEntity | null> {
  const [visible, task] = await Promise.all([visibility(ctx).load(id), ctx.loaders.task.load(id)]);
  return visible ? task : null;
}

/** The same for a field that cannot be null: FORBIDDEN instead of the task. */
export async function requireVisibleTask(ctx: Context, id: number, what: string): Promise<TaskEntity> {
  const task = await visibleTask(ctx, id);
  if (!task) throw forbidden(`${what} is a task you may not see`);
  return task;
}
