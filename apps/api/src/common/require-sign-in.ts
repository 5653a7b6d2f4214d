import type { ApolloServerPlugin } from "@apollo/server";
import { FragmentDefinitionNode, Kind, SelectionSetNode } from "graphql";
import type { Context } from "./context";
import { unauthenticated } from "./errors";

/** The top-level fields of an operation, through fragments. */
function topFields(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, out: Set<string>): Set<string> {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.add(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) topFields(s.selectionSet, fragments, out);
    else {
      const f = fragments[s.name.value];
      if (f) topFields(f.selectionSet, fragments, out);
    }
  }
  return out;
}

/** Every request without a valid token gets UNAUTHENTICATED, except one that only signs in. */
export const requireSignIn: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document }) {
        if (contextValue.principal) return;
        if (!operation) throw unauthenticated();
        const fragments = Object.fromEntries(
          document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
        );
        const fields = topFields(operation.selectionSet, fragments, new Set());
        const onlyLogin = operation.operation === "mutation" && [...fields].every((f) => f === "login" || f === "__typename");
        if (!onlyLogin) throw unauthenticated();
      },
    };
  },
};
