import "reflect-metadata";
import { GraphQLObjectType, getNamedType, isObjectType, type GraphQLField } from "graphql";
import { describe, expect, it } from "vitest";
import { ACCESS, type Access } from "../../apps/api/src/access/guard";
import { KINDS } from "../../apps/api/src/access/visible";
import { schema } from "../../apps/api/src/schema";

/**
 * The schema walk of the access module: every query, and every field anywhere that reaches a thing with an identity
 * (an object type with an `id`: a task, problem, venue, unit, user, evidence, job run, campaign…), must say how it
 * is guarded: passed through the access module (`guard`), answered by a service that applies one of its rules
 * (`scoped`), or public by design with the reason (`public`). Leaf fields (text, numbers, dates) and value objects
 * (a score, a permission set, page info) belong to the object that holds them, whose own guard covers them.
 * Mutations are walked by the authorization matrix (tests/integration/authorization.test.ts).
 */
const SCOPES = new Set<string>([...KINDS, "own", "cityAdmin", "evaluation", "dashboard", "campaign"]);

const accessOf = (f: GraphQLField<unknown, unknown>) => f.extensions?.[ACCESS] as Access | undefined;
const hasIdentity = (t: GraphQLObjectType) => "id" in t.getFields();

describe("the schema walk of the access module", () => {
  it("finds no field that is neither guarded nor public by design", async () => {
    const s = await schema();
    const queryType = s.getQueryType()!;
    const walked: string[] = [];
    const unguarded: string[] = [];
    const unknownRule: string[] = [];
    const tally = { guard: 0, scoped: 0, public: 0 };
    for (const type of Object.values(s.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__") || type === s.getMutationType()) continue;
      for (const field of Object.values(type.getFields())) {
        const target = getNamedType(field.type);
        const reachesIdentity = isObjectType(target) && hasIdentity(target);
        if (type !== queryType && !reachesIdentity) continue;
        const name = `${type.name}.${field.name}`;
        walked.push(name);
        const access = accessOf(field);
        if (!access) {
          unguarded.push(name);
          continue;
        }
        if ("guard" in access) {
          tally.guard++;
          if (!(KINDS as string[]).includes(access.guard)) unknownRule.push(`${name}: guard ${access.guard}`);
        } else if ("scoped" in access) {
          tally.scoped++;
          if (!SCOPES.has(access.scoped)) unknownRule.push(`${name}: scoped ${access.scoped}`);
        } else {
          tally.public++;
          if (!access.public || access.public.length < 20) unknownRule.push(`${name}: a public field needs its reason`);
        }
      }
    }
    console.log(
      `schema walk: ${walked.length} fields walked, ${tally.guard} guarded by the access module, ${tally.scoped} scoped by its rules, ${tally.public} public by design, ${unguarded.length} unguarded`,
    );
    expect(unguarded).toEqual([]);
    expect(unknownRule).toEqual([]);
    // The walk is not vacuous: the nested fields that reach tasks, problems, venues, units and evidence are guarded.
    const guarded = (path: string) => {
      const [t, f] = path.split(".") as [string, string];
      const access = accessOf((s.getType(t) as GraphQLObjectType).getFields()[f]!);
      return access && "guard" in access ? access.guard : null;
    };
    expect(
      [
        "Task.problems",
        "Task.venue",
        "Task.evidence",
        "Problem.source",
        "Problem.rectification",
        "Unit.children",
        "Unit.venues",
        "User.unit",
        "Notification.task",
        "Extension.task",
      ].map(guarded),
    ).toEqual(["problem", "venue", "evidence", "task", "task", "unit", "venue", "unit", "task", "task"]);
  });
});
