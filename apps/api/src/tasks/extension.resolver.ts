import type { TaskExtensionEntity } from "@assess/data";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { BY_DESIGN, Guard, Public, Scoped } from "../access/guard";

import { Context, who, writer } from "../common/context";
import { parseId } from "../common/ids";
import { UserType } from "../users/user.types";
import { ExtensionStatusEnum, ExtensionType } from "./extension.types";
import { TaskType } from "./task.types";

@Resolver((_of) => ExtensionType)
export class ExtensionResolver {
  @Scoped("own")
  @Query((_returns) => [ExtensionType], {
    description:
      "Extension requests (延期申请): the city's, every one; a manager's, their own; newest first, at most 500.",
  })
  extensions(
    @Arg("status", (_type) => ExtensionStatusEnum, {
      nullable: true,
      description: "Only requests in this status; absent: all of them.",
    })
    status: ExtensionStatusEnum | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.extensions.list(who(ctx), status);
  }

  @Mutation((_returns) => ExtensionType, {
    description:
      "Asks the city to move a task's due date later, with a reason (a unit manager who may re-date the task).",
  })
  requestExtension(
    @Arg("taskId", (_type) => ID, {
      description: "The open task; refused with CONFLICT while an earlier request of it waits.",
    })
    taskId: string,
    @Arg("dueAt", (_type) => Date, {
      description: "The due date asked for: later than the task's present one, and after now.",
    })
    dueAt: Date,
    @Arg("reason", (_type) => String, {
      description: "Why (at most 2000 characters); the city admins are notified with it.",
    })
    reason: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.extensions.request(writer(ctx), parseId(taskId, "taskId"), dueAt, reason);
  }

  @Mutation((_returns) => ExtensionType, {
    description: "Grants (the due date moves) or refuses an extension request (the city).",
  })
  decideExtension(
    @Arg("id", (_type) => ID, { description: "The request, still REQUESTED." }) id: string,
    @Arg("grant", (_type) => Boolean, {
      description:
        "true: grant it (the task's due date becomes requestedDueAt; CONFLICT when the task is no longer open); false: refuse it.",
    })
    grant: boolean,
    @Arg("comment", (_type) => String, {
      nullable: true,
      description: "The city's comment (at most 2000 characters), sent to the requester; absent: none.",
    })
    comment: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.extensions.decide(writer(ctx), parseId(id, "id"), grant, comment ?? null);
  }

  @Guard("task")
  @FieldResolver((_type) => TaskType, { nullable: true, description: "The task, while the reader may see it." })
  task(@Root() e: TaskExtensionEntity, @Ctx() ctx: Context) {
    return ctx.loaders.task.load(e.taskId);
  }

  @Public(BY_DESIGN.userReference)
  @FieldResolver((_type) => UserType, { nullable: true, description: "The manager who asked." })
  requestedBy(@Root() e: TaskExtensionEntity, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(e.requestedById);
  }

  @Public(BY_DESIGN.userReference)
  @FieldResolver((_type) => UserType, {
    nullable: true,
    description: "The city admin who decided; null while REQUESTED.",
  })
  decidedBy(@Root() e: TaskExtensionEntity, @Ctx() ctx: Context) {
    return e.decidedById === null ? null : ctx.loaders.user.load(e.decidedById);
  }
}
