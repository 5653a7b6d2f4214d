import { execFileSync } from "node:child_process";
import { join } from "node:path";
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from "graphql";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { city } from "../support/factories";
import { startApi, type Api } from "../support/harness";

const root = join(__dirname, "..", "..");
const schema = buildSchema(readFileSync(join(root, "apps/api/schema.graphql"), "utf8"));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === "gql" ? [] : sources(join(dir, e.name))) : /\.tsx?$/.test(e.name) && !e.name.endsWith(".spec.ts") ? [join(dir, e.name)] : [],
  );
}

/**
 * The console's operations as its bundle sends them: the text of each graphql(`…`) call of its pages, by the
 * console's own module that its build uses (an ES module, hence imported dynamically).
 */
async function consoleOperations() {
  const { documentsOf } = await import("../../apps/console/graphql-documents.js");
  return sources(join(root, "apps/console/src")).flatMap((file) =>
    documentsOf(readFileSync(file, "utf8")).map((text: string) => {
      const doc = parse(text);
      const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      return { name: op.name!.value, text, doc };
    }),
  );
}

/** A value of the right shape for a variable, so that the request passes validation and reaches the resolvers. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
  }
  if (isScalarType(type)) {
    return ({ ID: "1", String: "x", Int: 1, Float: 1, Boolean: true, DateTime: "2024-06-01T00:00:00Z", JSON: {} } as Record<string, unknown>)[type.name] ?? "x";
  }
  return null;
}

describe("the console's GraphQL operations", () => {
  let api: Api;
  let token: string;
  beforeAll(async () => {
    api = await startApi();
    token = (await city(api)).admin.token;
  });
  afterAll(() => api.close());

  it("match the generated types (GraphQL Code Generator on apps/api/schema.graphql): run npm run codegen after changing either", () => {
    const out = execFileSync(process.execPath, [join(root, "apps/console/scripts/codegen.mjs"), "--check"], { encoding: "utf8" });
    expect(out).toMatch(/documents match/);
  });

  it("are each accepted by the API as the console sends them (POST, JSON): none refused as a request", async () => {
    const operations = await consoleOperations();
    expect(operations.length).toBeGreaterThan(30);
    const refused: string[] = [];
    for (const { name, text, doc } of operations) {
      const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const variables = Object.fromEntries((op.variableDefinitions ?? []).map((v) => [v.variable.name.value, sample(typeFromAST(schema, v.type as never) as GraphQLInputType)]));
      const res = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/graphql+json, application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ operationName: op.name!.value, query: text, variables }),
      });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      // Domain answers (NOT_FOUND for the sample id 1, BAD_USER_INPUT for "x") are fine; a refused request is not.
      if (res.status === 400 || codes.some((c) => c === "GRAPHQL_VALIDATION_FAILED" || c === "GRAPHQL_PARSE_FAILED" || c === "BAD_REQUEST" || c === "INTERNAL_SERVER_ERROR")) {
        refused.push(`${name}: HTTP ${res.status} ${codes.join(",")}`);
      }
    }
    console.log(`console operations: ${operations.length} sent, ${refused.length} refused`);
    expect(refused).toEqual([]);
  });

  it("would be refused as GET without a preflight header (why the console sends POST)", async () => {
    const res = await fetch(`${api.url}/graphql?query=${encodeURIComponent("{ me { id } }")}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
  });
});
