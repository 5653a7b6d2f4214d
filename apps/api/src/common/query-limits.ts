import type { ApolloServerPlugin } from "@apollo/server";
import type { NextFunction, Request, Response } from "express";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import {
  GraphQLError,
  Lexer,
  Source,
  TokenKind,
  getNullableType,
  isListType,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";

/**
 * What one request may ask, checked before any resolver runs (issue 10). The console's largest operation stays well
 * inside each (tests/integration/query-limits.test.ts prints its numbers).
 */
export const LIMITS = {
  /** Tokens of the query text, counted while parsing. */
  tokens: 1000,
  /** Nesting of fields, through fragments. */
  depth: 12,
  aliases: 15,
  directives: 10,
  /** The cost of the fields it would resolve (see `estimator`). */
  cost: 50_000,
} as const;

/** How many items a list without `first` is taken to hold; unbounded lists of the schema get their own size. */
const LIST_SIZE = 10;
const LIST_SIZES: Record<string, number> = {
  "Unit.children": 50,
  "Unit.venues": 100,
  "Query.units": 20,
  "Query.extensions": 100,
};

/**
 * A field costs 1, plus what it holds times how many: `first` (a variable's value too) for a paged field, the list's
 * size for a list, once otherwise. A connection's `nodes` are already counted by its `first`.
 */
export const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const inner = Math.max(1, childComplexity);
  if (field.name === "nodes" && type.name.endsWith("Connection")) return 1 + inner;
  if (typeof args.first === "number" && args.first > 0) return 1 + args.first * inner;
  if (isListType(getNullableType(field.type)))
    return 1 + (LIST_SIZES[`${type.name}.${field.name}`] ?? LIST_SIZE) * inner;
  return 1 + childComplexity;
};

/** Depth, aliases, tokens and directives (graphql-armor), and no "Did you mean …?" suggestions for anyone. */
export function armor() {
  const exposed = { exposeLimits: true, propagateOnRejection: true };
  return new ApolloArmor({
    // Counted by tokenLimit() instead, before Apollo parses (graphql-armor's refusal would be answered 500).
    maxTokens: { enabled: false },
    maxDepth: { n: LIMITS.depth, flattenFragments: true, ...exposed },
    maxAliases: { n: LIMITS.aliases, ...exposed },
    maxDirectives: { n: LIMITS.directives, ...exposed },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/**
 * The query text's tokens, counted before Apollo parses it (an Express middleware on /graphql: a refusal thrown from
 * a parsing hook would be answered 500). The lexer stops at the first token over the limit.
 */
export function tokenLimit(req: Request, res: Response, next: NextFunction): void {
  const query = (req.body as { query?: unknown } | undefined)?.query;
  if (typeof query !== "string") return next();
  const lexer = new Lexer(new Source(query));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++n > LIMITS.tokens) {
        res.status(400).json({
          errors: [
            {
              message: `query: token limit of ${LIMITS.tokens} exceeded`,
              extensions: { code: "BAD_USER_INPUT", field: "query" },
            },
          ],
        });
        return;
      }
    }
  } catch {
    // A syntax error is the parser's to report, as usual.
  }
  next();
}

/** Costs remembered per parsed document (Apollo keeps one per query text), by operation and variables. */
const COSTS_PER_DOCUMENT = 64;

const smallScalar = (v: unknown) =>
  v === null || typeof v === "number" || typeof v === "boolean" || (typeof v === "string" && v.length <= 200);

/** The cost, with `first` from the variables, refused above LIMITS.cost before execution. */
export function costLimit(schema: GraphQLSchema): ApolloServerPlugin {
  // A console or an integrator sends the same few queries with the same few variables: their cost is computed once.
  const known = new WeakMap<DocumentNode, Map<string, number | null>>();
  const compute = (document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined) => {
    try {
      return getComplexity({ schema, query: document, variables, operationName, estimators: [estimator] });
    } catch {
      // Variables that do not fit their types: the request is refused for that, as usual (BAD_USER_INPUT), and never runs.
      return null;
    }
  };
  const costOf = (document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined) => {
    // Only small scalar variables make a key (a page size, a cursor, an id): a sheet's findings are computed each time.
    if (!Object.values(variables).every(smallScalar)) return compute(document, variables, operationName);
    let costs = known.get(document);
    if (!costs) known.set(document, (costs = new Map()));
    const key = `${operationName ?? ""}\u0000${JSON.stringify(variables)}`;
    let cost = costs.get(key);
    if (cost === undefined) {
      cost = compute(document, variables, operationName);
      if (costs.size >= COSTS_PER_DOCUMENT) costs.clear();
      costs.set(key, cost);
    }
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          const cost = costOf(document, request.variables ?? {}, operationName ?? undefined);
          if (cost === null) return;
          if (cost > LIMITS.cost) {
            throw new GraphQLError(
              `query: its cost ${cost} exceeds the limit of ${LIMITS.cost}; ask for fewer items (first) or fewer nested lists`,
              {
                extensions: { code: "BAD_USER_INPUT", field: "query", limit: "cost", http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}

/** graphql-armor's refusals ("Syntax Error: Query depth limit of 12 exceeded, found 14.") as the contract's code and a sentence. */
export function limitRefusal(message: string): string | null {
  const m = /^Syntax Error: (.*limit of \d+ exceeded.*)$/.exec(message);
  return m ? `query: ${m[1]!.charAt(0).toLowerCase()}${m[1]!.slice(1)}` : null;
}
