import type { ProblemEntity } from "@assess/data";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Context, who, writer } from "../common/context";
import { parseId, parseIds } from "../common/ids";
import { Connection, pageRequest, type ListOrder } from "../common/pagination";
import { ListOrderEnum } from "../common/enums";
import { VenueObject } from "../units/unit.types";
import { withUrl } from "../tasks/task.resolver";
import { Guard, Scoped } from "../access/guard";
import { ProblemPermissionsType, problemPermissions } from "../tasks/viewer-can";
import { EvidenceType, ProblemFilter, ProblemType, ReportProblemInput, TaskType } from "../tasks/task.types";

const ProblemConnection = Connection(ProblemType, "ProblemConnection", "problem");
const optionalId = (v: string | null | undefined, field: string) =>
  v === null || v === undefined ? null : parseId(v, field);

@Resolver((_of) => ProblemType)
export class ProblemResolver {
  @Scoped("problem")
  @Query((_returns) => ProblemConnection, { description: "The problem list (问题清单)." })
  problems(
    @Arg("filter", (_type) => ProblemFilter, {
      nullable: true,
      description: "Which problems; absent: every problem the reader may see (as problem(id) would show them).",
    })
    filter: ProblemFilter | null,
    @Arg("first", (_type) => Int, {
      nullable: true,
      defaultValue: 50,
      description: "Page size: 1 to 100 (default 50); anything else is BAD_USER_INPUT.",
    })
    first: number,
    @Arg("after", (_type) => String, {
      nullable: true,
      description: "The endCursor of the page before, in the same orderBy; absent: the first page.",
    })
    after: string | null,
    @Arg("orderBy", (_type) => ListOrderEnum, {
      nullable: true,
      defaultValue: "ID",
      description: "ID (default): by id, oldest first; UPDATED_AT: oldest change first, for incremental sync.",
    })
    orderBy: ListOrder,
    @Ctx() ctx: Context,
  ) {
    const p = who(ctx);
    const page = pageRequest(first, after, orderBy ?? "ID");
    return ctx.services.queries.problems(
      p,
      {
        campaignId: optionalId(filter?.campaignId, "filter.campaignId"),
        status: filter?.status ?? null,
        unitId: optionalId(filter?.unitId, "filter.unitId"),
        venueId: optionalId(filter?.venueId, "filter.venueId"),
        venueType: filter?.venueType ?? null,
        updatedSince: filter?.updatedSince ?? null,
      },
      page,
    );
  }

  @Scoped("problem")
  @Query((_returns) => ProblemType, {
    nullable: true,
    description: "One problem; NOT_FOUND when it does not exist or the reader may not see it.",
  })
  problem(@Arg("id", (_type) => ID, { description: "The problem's id." }) id: string, @Ctx() ctx: Context) {
    return ctx.services.queries.problem(who(ctx), parseId(id, "id"));
  }

  @Mutation((_returns) => ProblemType, {
    description: "Adds a problem found in an unannounced inspection (明察暗访) to the list at once.",
  })
  reportProblem(
    @Arg("input", (_type) => ReportProblemInput, {
      description:
        "The problem. When its rule's problem at the venue is still unresolved, that one is counted as found again (foundAgain) and answered instead.",
    })
    input: ReportProblemInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.sheets.reportProblem(writer(ctx), {
      taskId: parseId(input.taskId, "taskId"),
      indicatorCode: input.indicatorCode,
      ruleCode: input.ruleCode,
      description: input.description,
      occurrences: input.occurrences,
      evidenceIds: parseIds(input.evidenceIds, "evidenceIds"),
    });
  }

  @FieldResolver((_type) => Date, {
    description:
      "When the problem last changed (status, rectification, escalation), by the database's clock: the watermark of incremental sync (problems(filter: { updatedSince }, orderBy: UPDATED_AT)).",
  })
  async updatedAt(@Root() pr: ProblemEntity, @Ctx() ctx: Context) {
    return (
      pr.updatedAt ??
      (await ctx.services.deps.ds.query("SELECT updated_at FROM problem WHERE id = ?", [pr.id]))[0].updated_at
    );
  }

  @Guard("venue")
  @FieldResolver((_type) => VenueObject, { description: "The venue (场所) where it was found." })
  async venue(@Root() pr: ProblemEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.venue.load(pr.venueId))!;
  }

  @Guard("task")
  @FieldResolver((_type) => TaskType, {
    description:
      "The task that found it; FORBIDDEN for whoever may see the problem but not that task (sourceKind tells its kind).",
  })
  async source(@Root() pr: ProblemEntity, @Ctx() ctx: Context) {
    return (await ctx.loaders.task.load(pr.sourceTaskId))!;
  }

  @Guard("task")
  @FieldResolver((_type) => TaskType, {
    nullable: true,
    description: "The rectification that holds it, if you may see that task.",
  })
  rectification(@Root() pr: ProblemEntity, @Ctx() ctx: Context) {
    return pr.rectificationTaskId === null ? null : ctx.loaders.task.load(pr.rectificationTaskId);
  }

  @FieldResolver((_type) => ProblemPermissionsType, {
    description: "What the signed-in user may assign for this problem now (the console offers only these).",
  })
  viewerCan(@Root() pr: ProblemEntity, @Ctx() ctx: Context) {
    return problemPermissions(ctx, pr);
  }

  @Guard("evidence")
  @FieldResolver((_type) => [EvidenceType], {
    description:
      "Its evidence that the reader may see, by id: that of the findings or reports that found it, including when it was found again.",
  })
  async evidence(@Root() pr: ProblemEntity, @Ctx() ctx: Context) {
    return withUrl(await ctx.loaders.evidenceOf.load(`PROBLEM:${pr.id}`));
  }
}
