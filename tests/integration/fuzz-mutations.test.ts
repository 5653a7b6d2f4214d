import fc from "fast-check";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from "graphql";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city, user, type SignedIn } from "../support/factories";
import { rowCounts, stateFingerprint } from "../support/flow";
import { startApi, type Api } from "../support/harness";

/** The codes the contract allows an answer to carry. */
const CONTRACT_CODES = new Set(["UNAUTHENTICATED", "FORBIDDEN", "BAD_USER_INPUT", "NOT_FOUND", "CONFLICT"]);
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);

const schema = buildSchema(readFileSync(join(__dirname, "..", "..", "apps/api/schema.graphql"), "utf8"));

/** Ids that exist (of this world) mixed with ids that do not, or are not ids at all. */
let knownIds: string[] = ["1"];

/** Values of the right GraphQL type (mostly), of any content: what a careless or hostile client sends. */
function arbitrary(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitrary(type.ofType, depth);
  const nullable = (a: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 9, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) return nullable(fc.array(arbitrary(type.ofType, depth + 1), { maxLength: depth > 1 ? 2 : 4 }));
  if (isEnumType(type)) return nullable(fc.constantFrom(...type.getValues().map((v) => v.value)));
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(type.getFields());
    return nullable(
      fc.record(Object.fromEntries(fields.map((f) => [f.name, arbitrary(f.type, depth + 1)])), {
        requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
      }),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case "ID":
        return nullable(
          fc.oneof(
            fc.constantFrom(...knownIds),
            fc.constantFrom("0", "-1", "abc", "", "2147483648", "1e3", " 1"),
            fc.nat().map(String),
          ),
        );
      case "Int":
        return nullable(
          fc.oneof(fc.integer({ min: -5, max: 200 }), fc.integer(), fc.constantFrom(0, 1, 100, 101, 2024, 2147483647)),
        );
      case "Float":
        return nullable(
          fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, 0.5, -1, 100.5)),
        );
      case "Boolean":
        return nullable(fc.boolean());
      case "DateTime":
        return nullable(
          fc.oneof(
            fc
              .date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
              .map((d) => d.toISOString()),
            fc.string({ maxLength: 30 }),
          ),
        );
      case "JSON":
        return nullable(fc.jsonValue({ maxDepth: 3 }));
      default:
        return nullable(
          fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.string({ unit: "grapheme", maxLength: 300 }),
            fc.constantFrom("", " ", "张三", "I01", "R1", "x".repeat(5000)),
          ),
        );
    }
  }
  return fc.constant(null);
}

/** A mutation as text with one variable per argument, selecting only __typename (or nothing for a scalar). */
function mutationText(name: string, args: readonly GraphQLArgument[], returns: GraphQLInputType | unknown): string {
  const vars = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const call = args.map((a) => `${a.name}: $${a.name}`).join(", ");
  const named = getNamedType(returns as never);
  const selection = isScalarType(named) || isEnumType(named) ? "" : " { __typename }";
  return `mutation${vars ? `(${vars})` : ""} { ${name}${call ? `(${call})` : ""}${selection} }`;
}

let api: Api;
let people: SignedIn[];
beforeAll(async () => {
  api = await startApi({ LOGIN_FAILURES_PER_USER: "1000" });
  const c = await city(api);
  people = [
    c.admin,
    await user(api, "UNIT_MANAGER", { unitId: c.districtId }),
    await user(api, "ASSESSOR", { unitId: c.districtId }),
  ];
  knownIds = [
    c.cityId,
    c.districtId,
    c.townshipId,
    c.campaignId,
    ...Object.values(c.venues),
    ...people.map((p) => p.id),
  ];
});
afterAll(() => api.close());

describe("every mutation, fuzzed (issue 10)", () => {
  it("answers any input with data or a contract code, never a 500, and a refusal changes nothing", async () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    const tally = { requests: 0, refused: 0, accepted: 0, withoutContractCode: 0, changedByRefusal: 0 };
    const wrong: string[] = [];
    for (const m of mutations) {
      const text = mutationText(m.name, m.args, m.type);
      const args = fc.record(Object.fromEntries(m.args.map((a) => [a.name, arbitrary(a.type)])));
      await fc.assert(
        fc.asyncProperty(args, fc.nat({ max: people.length - 1 }), async (variables, who) => {
          const [rows, state] = [await rowCounts(api), await stateFingerprint(api)];
          const r = await api.gql(text, variables as Record<string, unknown>, people[who]!.token);
          tally.requests++;
          const codes = (r.errors ?? []).map((e) => String(e.extensions?.code));
          if (!r.errors?.length) {
            tally.accepted++;
            return;
          }
          tally.refused++;
          const bad = codes.filter((c) => !CONTRACT_CODES.has(c));
          if (bad.length) {
            tally.withoutContractCode++;
            wrong.push(
              `${m.name} ${JSON.stringify(variables).slice(0, 300)}: ${bad.join(",")} ${r.errors[0]!.message}`,
            );
          }
          if (r.data && Object.values(r.data).some((v) => v !== null)) return;
          if (
            JSON.stringify(await rowCounts(api)) !== JSON.stringify(rows) ||
            (await stateFingerprint(api)) !== state
          ) {
            tally.changedByRefusal++;
            wrong.push(
              `${m.name} ${JSON.stringify(variables).slice(0, 300)}: refused (${codes.join(",")}) but rows changed`,
            );
          }
        }),
        { numRuns: RUNS, seed: 20261130 },
      );
    }
    console.log(
      `fuzzed ${mutations.length} mutations, ${tally.requests} requests: ${tally.accepted} accepted, ${tally.refused} refused; ${tally.withoutContractCode} without a contract code, ${tally.changedByRefusal} refusals that changed rows`,
    );
    expect(wrong).toEqual([]);
  }, 300_000);
});
