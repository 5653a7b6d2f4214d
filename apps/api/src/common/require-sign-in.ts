import type { ApolloServerPlugin } from "@apollo/server";
import { FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode } from "graphql";
import type { Context } from "./context";
import { unauthenticated } from "./errors";

/** The top-level fields of an operation, through fragments. */
function topFields(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  out: Set<string>,
): Set<string> {
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

/** What a user signed in with a temporary password may do before changing it. */
const BEFORE_CHANGING = new Set(["me", "changePassword", "login", "__typename"]);

/**
 * Every request without a valid token gets UNAUTHENTICATED (saying whether the token expired, was ended or is not
 * valid), except one that only signs in. A user signed in with a temporary password may only read `me` and change it.
 */
export const requireSignIn: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document }) {
        const p = contextValue.principal;
        if (p && !p.mustChangePassword) return;
        const why = contextValue.authFailure ?? "missing";
        if (!operation) throw p ? temporaryPassword() : unauthenticated(why);
        const fragments = Object.fromEntries(
          document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]),
        );
        const fields = [...topFields(operation.selectionSet, fragments, new Set())];
        if (p) {
          if (!fields.every((f) => BEFORE_CHANGING.has(f))) throw temporaryPassword();
          return;
        }
        const onlyLogin =
          operation.operation === "mutation" && fields.every((f) => f === "login" || f === "__typename");
        if (!onlyLogin) throw unauthenticated(why);
      },
    };
  },
};

const temporaryPassword = () =>
  new GraphQLError(
    "password: you signed in with a temporary password; change it first (changePassword), then sign in again",
    {
      extensions: { code: "FORBIDDEN", field: "password", http: { status: 403 } },
    },
  );
