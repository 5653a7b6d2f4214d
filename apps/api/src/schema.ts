import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { AuthResolver } from "./auth/auth.resolver";
import { CampaignResolver } from "./campaigns/campaign.resolver";
import { callResolversDirectly } from "./common/direct-resolvers";
import { DateTimeScalar } from "./common/scalars";
import { DashboardResolver, UnitProgressResolver } from "./dashboard/dashboard.resolver";
import { ProblemResolver } from "./problems/problem.resolver";
import { RubricResolver } from "./rubrics/rubric.resolver";
import { ExtensionResolver } from "./tasks/extension.resolver";
import { FindingResolver, TaskEventResolver, TaskResolver } from "./tasks/task.resolver";
import { UnitResolver, VenueResolver } from "./units/unit.resolver";
import { UserResolver } from "./users/user.resolver";
import { EXTRA_RESOLVERS } from "./resolvers.extra";
import { AuditResolver } from "./audit/audit.resolver";

export const RESOLVERS = [
  AuthResolver,
  RubricResolver,
  UnitResolver,
  VenueResolver,
  UserResolver,
  CampaignResolver,
  TaskResolver,
  FindingResolver,
  TaskEventResolver,
  ExtensionResolver,
  ProblemResolver,
  DashboardResolver,
  UnitProgressResolver,
  AuditResolver,
  ...EXTRA_RESOLVERS,
] as const;

let cached: Promise<GraphQLSchema> | undefined;

/** The schema is built once per process: type-graphql's metadata is global. */
export function schema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: RESOLVERS as unknown as [Function, ...Function[]],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  }).then((built) => {
    // type-graphql makes the root types itself and gives them no description; they are the API's first page.
    Object.assign(built.getQueryType()!, {
      description:
        "What may be read: every answer holds only what the signed-in user or API token may see (NOT_FOUND outside it). Lists are connections: first 1–100, after the previous endCursor.",
    });
    Object.assign(built.getMutationType()!, {
      description:
        "What may be changed, each in one transaction: a refusal (extensions.code, and extensions.field for bad input) changes nothing. API tokens (INTEGRATOR) change nothing.",
    });
    callResolversDirectly(built);
    return built;
  });
  return cached;
}
