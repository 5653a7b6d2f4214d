import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from "@urql/core";
import { currentToken } from "./session";

/** The GraphQL code of an error (extensions.code), or NETWORK when the request did not get an answer. */
export function errorCode(error: CombinedError | undefined): string | null {
  if (!error) return null;
  if (error.networkError) return "NETWORK";
  return (error.graphQLErrors[0]?.extensions?.code as string | undefined) ?? "INTERNAL_SERVER_ERROR";
}

/** The server's sentence without urql's "[GraphQL] " prefix. */
export function errorMessage(error: CombinedError | undefined): string {
  if (!error) return "";
  return error.graphQLErrors[0]?.message ?? error.networkError?.message ?? error.message;
}

/**
 * One urql client for the app. Every operation is a POST: the API's CSRF prevention answers a GET without a
 * preflight header with 400, and urql would send short queries as GET by default.
 */
export function createClient(onSignedOut: () => void): Client {
  return new Client({
    url: "/graphql",
    preferGetMethod: false,
    requestPolicy: "cache-and-network",
    fetchOptions: (): RequestInit => {
      const token = currentToken();
      return { headers: token ? { authorization: `Bearer ${token}` } : {} };
    },
    exchanges: [
      mapExchange({
        onError(error, operation) {
          if (errorCode(error) === "UNAUTHENTICATED" && operation.kind !== "mutation") onSignedOut();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
