import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context";

/**
 * Logs each error answered INTERNAL_SERVER_ERROR (formatError decided it was unexpected) with the request's logger,
 * so that the line names the request and its user, stack included; the client saw none of it.
 */
export const logUnexpectedErrors: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, errors, response }) {
        if (!errors?.length || response.body.kind !== "single") return;
        // Apollo formats the errors one by one, in order.
        response.body.singleResult.errors?.forEach((sent, i) => {
          if (sent.extensions?.code !== "INTERNAL_SERVER_ERROR") return;
          const error = errors[i];
          contextValue.log.error({ err: error?.originalError ?? error }, "unexpected error");
        });
      },
    };
  },
};
