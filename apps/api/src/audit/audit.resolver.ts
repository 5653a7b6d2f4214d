import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import { BY_DESIGN, Public, Scoped } from "../access/guard";
import { Context, who } from "../common/context";
import { parseId } from "../common/ids";
import { Connection, pageRequest } from "../common/pagination";
import { UserType } from "../users/user.types";
import type { AuditEntry } from "./audit.service";

@ObjectType("AuditEntry", {
  description: "One mutation or sign-in (审计日志): who, when, what, from where, and how it ended.",
})
export class AuditEntryType {
  @Field((_type) => ID, { description: "The entry's id; entries are never changed or deleted." }) id!: number;
  @Field((_type) => Date, { description: "When the request was answered." }) at!: Date;
  @Field((_type) => String, { nullable: true, description: "The username given at sign-in (login only)." }) username!:
    string | null;
  @Field((_type) => String, { nullable: true, description: "The client's address." }) address!: string | null;
  @Field((_type) => String, { description: "The mutation's top-level fields, e.g. assignTask, or login." })
  operation!: string;
  @Field((_type) => String, {
    nullable: true,
    description: "The variables as JSON, passwords and tokens replaced by ***; at most 2,000 characters.",
  })
  detail!: string | null;
  @Field((_type) => String, { description: "OK, or the error's code (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, …)." })
  outcome!: string;
  actorId!: number | null;
}

const AuditEntryConnection = Connection(AuditEntryType, "AuditEntryConnection", "cityAdmin");

@InputType({ description: "Narrows the audit log; absent fields do not narrow." })
class AuditFilter {
  @Field((_type) => ID, { nullable: true, description: "Only what this user did (the User's id)." }) actorId?:
    string | null;
  @Field((_type) => String, {
    nullable: true,
    description: "Only entries whose operation is exactly this, e.g. login or assignTask.",
  })
  operation?: string | null;
  @Field((_type) => Boolean, { nullable: true, description: "Only refused or failed requests." }) refusedOnly?:
    boolean | null;
}

@Resolver((_of) => AuditEntryType)
export class AuditResolver {
  @Scoped("cityAdmin")
  @Query((_returns) => AuditEntryConnection, { description: "The audit log, newest first (city admin)." })
  auditLog(
    @Arg("first", (_type) => Int, { nullable: true, defaultValue: 50, description: "How many, 1 to 100." })
    first: number,
    @Arg("after", (_type) => String, {
      nullable: true,
      description: "The endCursor of the page before; absent: the first page, the newest.",
    })
    after: string | null,
    @Arg("filter", (_type) => AuditFilter, { nullable: true, description: "What to narrow to; absent: everything." })
    filter: AuditFilter | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.audit.list(
      who(ctx),
      {
        actorId: filter?.actorId ? parseId(filter.actorId, "filter.actorId") : null,
        operation: filter?.operation ?? null,
        refusedOnly: filter?.refusedOnly ?? false,
      },
      pageRequest(first, after),
    );
  }

  @Public(BY_DESIGN.auditActor)
  @FieldResolver((_type) => UserType, {
    nullable: true,
    description: "Who did it; null for a request without a valid sign-in.",
  })
  actor(@Root() e: AuditEntry, @Ctx() ctx: Context) {
    return e.actorId === null ? null : ctx.loaders.user.load(e.actorId);
  }
}
