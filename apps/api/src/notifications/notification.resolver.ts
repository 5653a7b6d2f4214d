import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Guard, Scoped } from "../access/guard";
import { Context, who, writer } from "../common/context";
import { parseIds } from "../common/ids";
import { pageRequest } from "../common/pagination";
import { ProblemType, TaskType } from "../tasks/task.types";
import { NotificationConnection, NotificationType } from "./notification.types";

@Resolver((_of) => NotificationType)
export class NotificationResolver {
  @Scoped("own")
  @Query((_returns) => NotificationConnection, { description: "The signed-in user's notifications, newest first." })
  notifications(
    @Arg("unreadOnly", (_type) => Boolean, {
      nullable: true,
      defaultValue: false,
      description: "true: only those not yet read; false or absent: all.",
    })
    unreadOnly: boolean,
    @Arg("first", (_type) => Int, { nullable: true, defaultValue: 50, description: "How many, 1 to 100." })
    first: number,
    @Arg("after", (_type) => String, {
      nullable: true,
      description: "The endCursor of the page before; absent: the first page, the newest.",
    })
    after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.notifications.list(who(ctx), unreadOnly ?? false, pageRequest(first, after));
  }

  @Mutation((_returns) => Int, {
    description: "Marks the signed-in user's notifications read: those given, or all. Answers how many changed.",
  })
  markNotificationsRead(
    @Arg("ids", (_type) => [ID], {
      nullable: true,
      description: "At most 1000 of your notifications' ids (others' are passed over); absent: all your unread ones.",
    })
    ids: string[] | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.notifications.markRead(writer(ctx), ids ? parseIds(ids, "ids") : null);
  }

  @Guard("task")
  @FieldResolver((_type) => TaskType, {
    nullable: true,
    description: "The task it is about, while the reader may see it.",
  })
  task(@Root() n: NotificationType, @Ctx() ctx: Context) {
    return n.taskId === null ? null : ctx.loaders.task.load(n.taskId);
  }

  @Guard("problem")
  @FieldResolver((_type) => ProblemType, {
    nullable: true,
    description: "The problem it is about (a problem's escalation), while the reader may see it.",
  })
  problem(@Root() n: NotificationType, @Ctx() ctx: Context) {
    return n.problemId === null ? null : ctx.loaders.problem.load(n.problemId);
  }
}
