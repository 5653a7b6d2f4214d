import type { ApolloServerPlugin } from "@apollo/server";
import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import type { Context } from "../common/context";
import { SECRET, redact } from "./audit.service";

/** The top-level fields of a mutation, through fragments. */
function topFields(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  out: FieldNode[] = [],
): FieldNode[] {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) topFields(s.selectionSet, fragments, out);
    else {
      const f = fragments.get(s.name.value);
      if (f) topFields(f.selectionSet, fragments, out);
    }
  }
  return out;
}

/** The variables that feed an argument or input field named like a secret (login(password: $p) → p). */
function secretVariables(fields: FieldNode[]): Set<string> {
  const out = new Set<string>();
  const walk = (name: string, value: ValueNode) => {
    if (value.kind === Kind.VARIABLE && SECRET.test(name)) out.add(value.name.value);
    else if (value.kind === Kind.OBJECT) for (const f of value.fields) walk(f.name.value, f.value);
    else if (value.kind === Kind.LIST) for (const v of value.values) walk(name, v);
  };
  for (const f of fields) for (const a of f.arguments ?? []) walk(a.name.value, a.value);
  return out;
}

/** The username given to `login`, from a variable or inline. */
function loginUsername(fields: FieldNode[], variables: Record<string, unknown> | undefined): string | null {
  const arg = fields.find((f) => f.name.value === "login")?.arguments?.find((a) => a.name.value === "username");
  if (!arg) return null;
  if (arg.value.kind === Kind.VARIABLE) {
    const v = variables?.[arg.value.name.value];
    return typeof v === "string" ? v : null;
  }
  return arg.value.kind === Kind.STRING ? arg.value.value : null;
}

/** Writes one audit row per mutation request (sign-ins included), once its answer is known. */
export const auditPlugin = (
  unwritten: (e: unknown, requestLog: Context["log"]) => void,
): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operation, document, request, response }) {
        const op = operation as OperationDefinitionNode | undefined;
        if (op?.operation !== "mutation" || !document) return;
        const fragments = new Map(
          document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]),
        );
        const fields = topFields(op.selectionSet, fragments).filter((f) => f.name.value !== "__typename");
        const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
        const code = errors?.length ? String(errors[0]!.extensions?.code ?? "ERROR") : "OK";
        const p = contextValue.principal;
        try {
          await contextValue.services.audit.record({
            at: new Date(),
            actorId: p && !p.viaApiToken ? p.userId : (p?.userId ?? null),
            username: loginUsername(fields, request.variables) ?? null,
            address: contextValue.address ?? null,
            operation: [...new Set(fields.map((f) => f.name.value))].join(",") || "(none)",
            detail: redact(request.variables, secretVariables(fields)),
            outcome: code,
          });
        } catch (e) {
          // The answer stands; a log that could not be written is said in the process's log (an outage, once).
          unwritten(e, contextValue.log);
        }
      },
    };
  },
});
