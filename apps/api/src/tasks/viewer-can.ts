import type { ProblemEntity, TaskEntity } from "@assess/data";
import {
  SHEET_EDITABLE,
  canTransition,
  canWrite,
  isOpenStatus,
  mayAssign,
  mayAssignRecheck,
  mayManageTask,
  mayReview,
  type Assigner,
  type Role,
  type TaskKind,
  type TaskStatus,
  type Target,
  type UnitKind,
  type VenueType,
} from "@assess/domain";
import { Field, ObjectType } from "type-graphql";
import type { Context } from "../common/context";
import { who } from "../common/context";

@ObjectType("TaskPermissions", {
  description: "What the signed-in user may do with the task now, by the same rules the mutations apply.",
})
export class TaskPermissionsType {
  @Field((_type) => Boolean, { description: "startTask: the assignee, from ASSIGNED or RETURNED." }) start!: boolean;
  @Field((_type) => Boolean, {
    description: "saveFindings and saveSheet: the assignee, while IN_PROGRESS or RETURNED.",
  })
  edit!: boolean;
  @Field((_type) => Boolean, { description: "submitTask: the assignee, while IN_PROGRESS." }) submit!: boolean;
  @Field((_type) => Boolean, {
    description:
      "reviewTask (approve or return): the assigner, the city, or a manager who could have assigned it; SUBMITTED.",
  })
  review!: boolean;
  @Field((_type) => Boolean, { description: "cancelTask: as review, while the task is open." }) cancel!: boolean;
  @Field((_type) => Boolean, { description: "redateTask: as cancel (a manager within the rectification period)." })
  redate!: boolean;
  @Field((_type) => Boolean, {
    description:
      "requestExtension (延期申请): a unit manager who may re-date it, while it is open and no request waits.",
  })
  requestExtension!: boolean;
}

@ObjectType("ProblemPermissions", { description: "What the signed-in user may assign for the problem now." })
export class ProblemPermissionsType {
  @Field((_type) => Boolean, {
    description: "A RECTIFICATION of it (整改): OPEN, and a manager over its venue or the city.",
  })
  assignRectification!: boolean;
  @Field((_type) => Boolean, {
    description: "A RECHECK of it (复检): AWAITING_RECHECK, and whoever assigned the task that found it, or the city.",
  })
  assignRecheck!: boolean;
}

/** The venue's (or the report's unit's) type, path and level, from the request's loaders. */
async function targetOf(ctx: Context, venueId: number | null, unitId: number | null): Promise<Target | null> {
  const venue = venueId !== null ? await ctx.loaders.venue.load(venueId) : null;
  const unit = await ctx.loaders.unit.load(venue?.unitId ?? unitId ?? 0);
  return unit
    ? {
        venueType: (venue?.type as VenueType | undefined) ?? null,
        unitPath: unit.path,
        unitKind: unit.kind as UnitKind,
      }
    : null;
}

/** The task's assigner (role, unit path) from the request's loaders. */
async function assignerOf(ctx: Context, userId: number | null): Promise<Assigner | null> {
  if (userId === null) return null;
  const user = await ctx.loaders.user.load(userId);
  if (!user) return null;
  const unit = user.unitId !== null ? await ctx.loaders.unit.load(user.unitId) : null;
  return { userId, role: user.role as Role, unitPath: unit?.path ?? null };
}

export async function taskPermissions(ctx: Context, t: TaskEntity): Promise<TaskPermissionsType> {
  const p = who(ctx);
  const status = t.status as TaskStatus;
  const writes = canWrite(p.role) && !p.viaApiToken;
  const mine = writes && t.assigneeId === p.userId;
  const target = await targetOf(ctx, t.venueId, t.unitId);
  const manage =
    writes && target !== null && mayManageTask(p, t.kind as TaskKind, target, await assignerOf(ctx, t.assignedById));
  const open = isOpenStatus(status);
  return {
    start: mine && canTransition(status, "start"),
    edit: mine && SHEET_EDITABLE.includes(status),
    submit: mine && canTransition(status, "submit"),
    review: manage && mayReview(p, t.assigneeId) && canTransition(status, "approve"),
    cancel: manage && canTransition(status, "cancel"),
    redate: manage && open,
    requestExtension:
      manage &&
      open &&
      p.role === "UNIT_MANAGER" &&
      !(await ctx.services.extensions.forTask(t.id)).some((e) => e.status === "REQUESTED"),
  };
}

export async function problemPermissions(ctx: Context, pr: ProblemEntity): Promise<ProblemPermissionsType> {
  const p = who(ctx);
  const writes = canWrite(p.role) && !p.viaApiToken && (p.role === "CITY_ADMIN" || p.role === "UNIT_MANAGER");
  if (!writes) return { assignRectification: false, assignRecheck: false };
  const target = await targetOf(ctx, pr.venueId, null);
  const source = pr.status === "AWAITING_RECHECK" ? await ctx.loaders.task.load(pr.sourceTaskId) : null;
  return {
    assignRectification: pr.status === "OPEN" && target !== null && mayAssign(p, "RECTIFICATION", target),
    assignRecheck:
      pr.status === "AWAITING_RECHECK" &&
      source !== null &&
      mayAssignRecheck(p, [source.assignedById]) &&
      !(await ctx.loaders.onOpenRecheck.load(pr.id)),
  };
}
