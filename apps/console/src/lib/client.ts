import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from "@urql/core";
import { useCallback } from "react";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages";
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
 * An error as the reader's language says it: what happened by its code, and — where the server's sentence names
 * the field or the state (bad input, a conflict, a refusal) — that sentence after it.
 */
export function useErrorText(): (error: CombinedError | undefined) => string {
  const { t } = useI18n();
  return useCallback(
    (error) => {
      const code = errorCode(error) ?? "INTERNAL_SERVER_ERROR";
      const key = `error.${code}` as MessageKey;
      const head = t(key) === key ? t("error.INTERNAL_SERVER_ERROR") : t(key);
      const detail = errorMessage(error);
      return ["BAD_USER_INPUT", "CONFLICT", "FORBIDDEN"].includes(code) && detail ? `${head}（${detail}）` : head;
    },
    [t],
  );
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
