import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { Scoped } from "../access/guard";
import { Context, who } from "../common/context";
import { FindingInput, RubricType, ScoreType } from "./rubric.types";

@Resolver()
export class RubricResolver {
  @Scoped("campaign")
  @Query((_returns) => [RubricType], {
    description:
      "The installed rubrics (the plan's annexes), by year and then in annex order (附件1–4); every signed-in user reads them.",
  })
  rubrics(
    @Arg("year", (_type) => Int, {
      nullable: true,
      description: "Only the rubrics of this year (none if it has none); absent: every year.",
    })
    year: number | null,
    @Ctx() ctx: Context,
  ) {
    who(ctx);
    return year === null || year === undefined ? ctx.services.rubrics.all() : ctx.services.rubrics.byYear(year);
  }

  @Scoped("campaign")
  @Query((_returns) => RubricType, { nullable: true, description: "A rubric by code; null when none has it." })
  rubric(
    @Arg("code", (_type) => String, { description: "The rubric's code, e.g. 2024-comprehensive-center." }) code: string,
    @Ctx() ctx: Context,
  ) {
    who(ctx);
    return ctx.services.rubrics.byCode(code) ?? null;
  }

  @Scoped("campaign")
  @Query((_returns) => ScoreType, { description: "Scores a sheet against a rubric without saving anything." })
  previewScore(
    @Arg("rubricCode", (_type) => String, {
      description: "The rubric to score against; an unknown code is BAD_USER_INPUT.",
    })
    rubricCode: string,
    @Arg("findings", (_type) => [FindingInput], {
      description: "The sheet's findings; the first that does not fit the rubric is BAD_USER_INPUT naming it.",
    })
    findings: FindingInput[],
    @Ctx() ctx: Context,
  ) {
    who(ctx);
    return ctx.services.sheets.preview(rubricCode, findings);
  }
}
