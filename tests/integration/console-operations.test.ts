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
  Lexer,
  Source,
  TokenKind,
  parse,
  typeFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { getComplexity } from "graphql-query-complexity";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS, estimator } from "../../apps/api/src/common/query-limits";
import { city } from "../support/factories";
import { startApi, type Api } from "../support/harness";

const root = join(__dirname, "..", "..");

/** Tokens of a query text as the parser counts them (punctuators, names, values; not the end). */
function countTokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/** The deepest field nesting of a document's operation, fragments inlined. */
function depthOf(doc: DocumentNode): number {
  const fragments = new Map(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const walk = (set: SelectionSetNode | undefined): number =>
    set
      ? Math.max(
          0,
          ...set.selections.map((s) =>
            s.kind === Kind.FIELD
              ? 1 + walk(s.selectionSet)
              : s.kind === Kind.INLINE_FRAGMENT
                ? walk(s.selectionSet)
                : walk(fragments.get(s.name.value)?.selectionSet),
          ),
        )
      : 0;
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return walk(op.selectionSet);
}
const schema = buildSchema(readFileSync(join(root, "apps/api/schema.graphql"), "utf8"));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === "gql"
        ? []
        : sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.endsWith(".spec.ts")
        ? [join(dir, e.name)]
        : [],
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
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  if (isScalarType(type)) {
    return (
      (
        { ID: "1", String: "x", Int: 1, Float: 1, Boolean: true, DateTime: "2024-06-01T00:00:00Z", JSON: {} } as Record<
          string,
          unknown
        >
      )[type.name] ?? "x"
    );
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
    const out = execFileSync(process.execPath, [join(root, "apps/console/scripts/codegen.mjs"), "--check"], {
      encoding: "utf8",
    });
    expect(out).toMatch(/documents match/);
  });

  it("are each accepted by the API as the console sends them (POST, JSON): none refused as a request", async () => {
    const operations = await consoleOperations();
    expect(operations.length).toBeGreaterThan(30);
    const refused: string[] = [];
    for (const { name, text, doc } of operations) {
      const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const variables = Object.fromEntries(
        (op.variableDefinitions ?? []).map((v) => [
          v.variable.name.value,
          sample(typeFromAST(schema, v.type as never) as GraphQLInputType),
        ]),
      );
      const res = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/graphql+json, application/json",
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ operationName: op.name!.value, query: text, variables }),
      });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string; field?: string } }[] };
      const codes = (body.errors ?? []).map((e) =>
        e.extensions?.field === "query" ? "QUERY_LIMIT" : e.extensions?.code,
      );
      // Domain answers (NOT_FOUND for the sample id 1, BAD_USER_INPUT for "x") are fine; a refused request is not.
      if (
        res.status === 400 ||
        codes.some(
          (c) =>
            c === "QUERY_LIMIT" ||
            c === "GRAPHQL_VALIDATION_FAILED" ||
            c === "GRAPHQL_PARSE_FAILED" ||
            c === "BAD_REQUEST" ||
            c === "INTERNAL_SERVER_ERROR",
        )
      ) {
        refused.push(`${name}: HTTP ${res.status} ${codes.join(",")}`);
      }
    }
    console.log(`console operations: ${operations.length} sent, ${refused.length} refused`);
    expect(refused).toEqual([]);
  });

  it("stay well inside the query limits, with the largest pages they ask for (first: 100)", async () => {
    const operations = await consoleOperations();
    const worst = { tokens: 0, depth: 0, cost: 0, aliases: 0 };
    const over: string[] = [];
    for (const { name, text, doc } of operations) {
      const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const variables = Object.fromEntries(
        (op.variableDefinitions ?? []).map((v) => [
          v.variable.name.value,
          v.variable.name.value === "first" ? 100 : sample(typeFromAST(schema, v.type as never) as GraphQLInputType),
        ]),
      );
      const tokens = countTokens(text);
      const depth = depthOf(doc);
      const aliases = text.match(/\b\w+\s*:\s*\w+\s*[({]/g)?.length ?? 0;
      const cost = getComplexity({ schema, query: doc, variables, estimators: [estimator] });
      for (const [k, v] of Object.entries({ tokens, depth, cost }))
        worst[k as keyof typeof worst] = Math.max(worst[k as keyof typeof worst], v);
      worst.aliases = Math.max(worst.aliases, aliases);
      if (tokens > LIMITS.tokens / 2 || depth > LIMITS.depth - 2 || cost > LIMITS.cost / 2)
        over.push(`${name}: tokens ${tokens}, depth ${depth}, cost ${cost}`);
    }
    console.log(
      `console operations at their largest: tokens ${worst.tokens}/${LIMITS.tokens}, depth ${worst.depth}/${LIMITS.depth}, cost ${worst.cost}/${LIMITS.cost}`,
    );
    // Half the limit at most (depth: two levels below it): room for the console to grow before it meets a limit.
    expect(over).toEqual([]);
  });

  it("would be refused as GET without a preflight header (why the console sends POST)", async () => {
    const res = await fetch(`${api.url}/graphql?query=${encodeURIComponent("{ me { id } }")}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
  });
});
