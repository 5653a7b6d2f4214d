import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { GraphQLError, execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

/**
 * Queries run through graphql-jit: each operation is compiled once into a function that resolves its fields without
 * graphql-js's per-field promises and bookkeeping (the list benchmark's profile: graphql-js's execution and the garbage
 * it makes were most of the gap to the baseline). Apollo still parses, validates (limits included) and runs every
 * plugin; only execution is swapped, through its gateway interface, the one place Apollo takes an executor.
 *
 * Mutations keep graphql-js (they are few, and run their fields one after another as the spec says), and so does a
 * query whose variables do not fit their types: graphql-js words those refusals as Apollo and clients expect them.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const executor = jitExecutor(schema);
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {},
  };
}

/** Compiled operations, per parsed document (Apollo caches documents by query text, so each is compiled once). */
type Compiled = CompiledQuery | ExecutionResult;

export function jitExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiled = new WeakMap<DocumentNode, Map<string | null, Compiled>>();
  const compiledFor = (document: DocumentNode, operationName: string | null): Compiled => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    let query = byName.get(operationName);
    if (!query) byName.set(operationName, (query = compileQuery(schema, document, operationName ?? undefined)));
    return query;
  };
  const graphqlJs = (
    document: DocumentNode,
    contextValue: unknown,
    variableValues: Record<string, unknown> | undefined,
    operationName: string | null,
  ) => execute({ schema, document, contextValue, variableValues, operationName });

  return async ({ document, operation, operationName, context, request }) => {
    if (operation.operation !== "query") return graphqlJs(document, context, request.variables, operationName);
    const query = compiledFor(document, operationName);
    if (!isCompiledQuery(query)) return graphqlJs(document, context, request.variables, operationName);
    const result = await query.query(undefined, context, request.variables ?? {});
    // No data at all: the variables were refused before anything ran. graphql-js says why, in its words.
    if (!("data" in result)) return graphqlJs(document, context, request.variables, operationName);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };
}

/**
 * graphql-jit's errors as graphql-js makes them: with an `extensions` object always (Apollo reads
 * `extensions.code` of every error, and a jit error of a DomainError has none), the original error kept for
 * formatError's mapping to the contract's codes.
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, {
    path: e.path,
    originalError: e.originalError ?? undefined,
    extensions: e.extensions ?? undefined,
  });
  return Object.assign(error, { locations: e.locations });
}
