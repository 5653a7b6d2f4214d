import type { GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

type Param = { kind: string; index: number; propertyName?: string; getType?: () => unknown };

/**
 * Field resolvers called directly instead of through type-graphql's generic pipeline, which on every call builds a
 * resolver-data object, sorts the parameter list and maps it (a page of 50 tasks resolves some 600 fields: in the
 * list benchmark's profile that was a tenth of the garbage). Only what the pipeline would pass through unchanged is
 * replaced, so each field resolves to exactly the same value:
 * - a plain @Field without middleware reads its property, as type-graphql's basic resolver does;
 * - an @FieldResolver method of a resolver class, without middleware or roles, whose parameters are only @Root(),
 *   @Ctx() and @Info(), is called on the class's one instance (type-graphql's default container keeps one too). A root
 *   that type-graphql would convert to its class (a plain object) still goes through type-graphql.
 * Middleware-guarded fields (the access guard on plain fields) and fields with arguments are left as they are; the
 * guard on field resolvers wraps the method itself, so it runs either way.
 */
export function callResolversDirectly(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const instances = new Map<Function, Record<string, (...args: unknown[]) => unknown>>();
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name) as GraphQLObjectType | undefined;
    if (!type || !("getFields" in type)) continue;
    const fields = type.getFields();
    for (const field of objectType.fields ?? []) {
      const target = fields[field.schemaName];
      if (!target?.resolve) continue;
      const method = storage.fieldResolvers.find(
        (r) => r.getObjectType?.() === field.target && r.methodName === field.name,
      );
      if (!method) {
        if (!field.middlewares?.length && !field.roles) target.resolve = plainProperty(field.name);
        continue;
      }
      if (method.kind !== "external" || method.middlewares?.length || method.roles) continue;
      let instance = instances.get(method.target);
      if (!instance)
        instances.set(
          method.target,
          (instance = new (method.target as new () => Record<string, (...args: unknown[]) => unknown>)()),
        );
      const direct = methodCall(instance, method.methodName, (method.params ?? []) as Param[], target.resolve);
      if (direct) target.resolve = direct;
    }
  }
}

const plainProperty =
  (name: string): GraphQLFieldResolver<Record<string, unknown>, unknown> =>
  (root) =>
    root[name];

/** The method called with root, context and info in its parameters' order; null when it takes anything else. */
function methodCall(
  instance: Record<string, (...args: unknown[]) => unknown>,
  name: string,
  params: Param[],
  pipeline: GraphQLFieldResolver<unknown, unknown>,
): GraphQLFieldResolver<unknown, unknown> | null {
  const ordered = [...params].sort((a, b) => a.index - b.index);
  if (ordered.some((p, i) => p.index !== i || p.propertyName || !["root", "context", "info"].includes(p.kind)))
    return null;
  const rootType = ordered.find((p) => p.kind === "root")?.getType?.();
  // type-graphql converts a root that is not an instance of the parameter's class; those few go through it.
  const converts =
    typeof rootType === "function" && rootType !== Object
      ? (root: unknown) => root != null && !(root instanceof rootType)
      : () => false;
  const kinds = ordered.map((p) => p.kind);
  const fn = instance[name]!;
  if (kinds.join() === "root,context")
    return (root, args, context, info) =>
      converts(root) ? pipeline(root, args, context, info) : fn.call(instance, root, context);
  return (root, args, context, info) => {
    if (converts(root)) return pipeline(root, args, context, info);
    const values = kinds.map((k) => (k === "root" ? root : k === "context" ? context : info));
    return fn.apply(instance, values);
  };
}
