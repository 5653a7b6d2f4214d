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
  @Query((_returns) => [ExtensionType], { description: "Extension requests (延期申请): the city's, every one; a manager's, their own; newest first, at most 500." })
  extensions(@Arg("status", (_type) => ExtensionStatusEnum, { nullable: true }) status: ExtensionStatusEnum | null, @Ctx() ctx: Context) {
    return ctx.services.extensions.list(who(ctx), status);
  }

  @Mutation((_returns) => ExtensionType, { description: "Asks the city to move a task's due date later, with a reason (a unit manager who may re-date the task)." })
  requestExtension(
    @Arg("taskId", (_type) => ID) taskId: string,
    @Arg("dueAt", (_type) => Date) dueAt: Date,
    @Arg("reason", (_type) => String) reason: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.extensions.request(writer(ctx), parseId(taskId, "taskId"), dueAt, reason);
  }

  @Mutation((_returns) => ExtensionType, { description: "Grants (the due date moves) or refuses an extension request (the city)." })
  decideExtension(
    @Arg("id", (_type) => ID) id: string,
    @Arg("grant", (_type) => Boolean) grant: boolean,
    @Arg("comment", (_type) => String, { nullable: true }) comment: string | null,
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
  @FieldResolver((_type) => UserType, { nullable: true })
  requestedBy(@Root() e: TaskExtensionEntity, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(e.requestedById);
  }

  @Public(BY_DESIGN.userReference)
  @FieldResolver((_type) => UserType, { nullable: true })
  decidedBy(@Root() e: TaskExtensionEntity, @Ctx() ctx: Context) {
    return e.decidedById === null ? null : ctx.loaders.user.load(e.decidedById);
  }
}
