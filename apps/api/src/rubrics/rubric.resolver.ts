import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { Scoped } from "../access/guard";
import { Context, who } from "../common/context";
import { FindingInput, RubricType, ScoreType } from "./rubric.types";

@Resolver()
export class RubricResolver {
  @Scoped("campaign")
  @Query((_returns) => [RubricType])
  rubrics(@Arg("year", (_type) => Int, { nullable: true }) year: number | null, @Ctx() ctx: Context) {
    who(ctx);
    return year === null || year === undefined ? ctx.services.rubrics.all() : ctx.services.rubrics.byYear(year);
  }

  @Scoped("campaign")
  @Query((_returns) => RubricType, { nullable: true })
  rubric(@Arg("code", (_type) => String) code: string, @Ctx() ctx: Context) {
    who(ctx);
    return ctx.services.rubrics.byCode(code) ?? null;
  }

  @Scoped("campaign")
  @Query((_returns) => ScoreType, { description: "Scores a sheet against a rubric without saving anything." })
  previewScore(
    @Arg("rubricCode", (_type) => String) rubricCode: string,
    @Arg("findings", (_type) => [FindingInput]) findings: FindingInput[],
    @Ctx() ctx: Context,
  ) {
    who(ctx);
    return ctx.services.sheets.preview(rubricCode, findings);
  }
}
