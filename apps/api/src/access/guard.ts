import { forbidden } from "@assess/domain";
import { isNonNullType } from "graphql";
import { Extensions, UseMiddleware, getMetadataStorage } from "type-graphql";
import type { Context } from "../common/context";
import { type Kind, nounOf, onlyVisible, seesAll, visibility } from "./visible";

/** The extension key under which every field records how it is guarded; the schema walk reads it. */
export const ACCESS = "access";

/** How a field is guarded, as recorded in the schema's extensions. */
export type Access = { guard: Kind } | { scoped: Scope } | { public: string };

/**
 * What a root query or a computed object applies, named after the rule in `rules.ts` it uses: `own`, the principal's
 * own records (notifications, tokens, sign-in); `cityAdmin`, the city admin's alone; the rest, the rule of that kind.
 */
export type Scope = Kind | "own" | "cityAdmin" | "evaluation" | "dashboard" | "campaign";

type Decorator = PropertyDecorator & MethodDecorator;

const mark = (access: Access): Decorator => Extensions({ [ACCESS]: access }) as Decorator;

/**
 * A field that reaches a task, problem, venue, unit, user, evidence or job run: what it resolves is passed through the
 * access module, one query per kind and batch. A list keeps what the reader may see; a nullable field becomes null;
 * a required one is FORBIDDEN (naming the field), so that no nested field shows what the top-level read would refuse.
 */
export function Guard(kind: Kind): Decorator {
  return ((target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    mark({ guard: kind })(target, key, descriptor!);
    if (descriptor && typeof descriptor.value === "function")
      return guardResolver(kind, target, String(key), descriptor);
    // A plain field of an object type: through type-graphql's middleware.
    UseMiddleware(async ({ context, info }, next) => {
      const ctx = context as Context;
      if (seesAll(ctx, kind)) return next();
      return shown(
        ctx,
        kind,
        await next(),
        isNonNullType(info.returnType),
        `${info.parentType.name}.${info.fieldName}`,
      );
    })(target, key, descriptor!);
  }) as Decorator;
}

/**
 * A field resolver is wrapped in place (type-graphql's middleware chain would cost promises per field on every list).
 * The decorator sits above @FieldResolver, whose metadata (its nullability) and @Ctx() parameter it reads.
 */
function guardResolver(kind: Kind, target: object, key: string, descriptor: PropertyDescriptor): PropertyDescriptor {
  const storage = getMetadataStorage();
  const owner = target.constructor;
  const ctxAt = storage.params.find((p) => p.target === owner && p.methodName === key && p.kind === "context")?.index;
  const field = storage.fieldResolvers.find((r) => r.target === owner && r.methodName === key);
  if (ctxAt === undefined || !field)
    throw new Error(`@Guard on ${owner.name}.${key}: put it above @FieldResolver, on a method with a @Ctx() parameter`);
  const required = !field.typeOptions?.nullable;
  const resolve = descriptor.value as (...args: unknown[]) => unknown;
  descriptor.value = function (this: unknown, ...args: unknown[]) {
    const ctx = args[ctxAt] as Context;
    if (seesAll(ctx, kind)) return resolve.apply(this, args);
    return Promise.resolve(resolve.apply(this, args)).then((value) => shown(ctx, kind, value, required, key));
  };
  return descriptor;
}

/** What the reader may see of a resolved value: a list filtered, a nullable value or null, a required one or FORBIDDEN. */
async function shown(ctx: Context, kind: Kind, value: unknown, required: boolean, field: string): Promise<unknown> {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return onlyVisible(ctx, kind, value as { id: number }[]);
  if (await visibility(ctx, kind).load((value as { id: number }).id)) return value;
  if (required) throw forbidden(`${field}: a ${nounOf(kind)} you may not see`);
  return null;
}

/** A root query (or an object it computed) whose service applies the named rule of the access module itself. */
export const Scoped = (scope: Scope): Decorator => mark({ scoped: scope });

/** What is public by design, and why: the reasons the schema walk reads beside each such field. */
export const BY_DESIGN = {
  campaign: "campaigns are the plan's public frame: every signed-in user reads them (Query.campaigns)",
  rubric: "rubrics are the plan's annexes: every signed-in user reads them (Query.rubrics)",
  userReference:
    "a user named by something the reader may see (who holds it, who acted) is part of it; the user's unit and venue are guarded",
  taskPart: "part of a task the reader may see (its sheet, history, extension requests)",
  auditActor: "the audit log is the city admin's, who sees every user",
} as const;

/** A field public by design to whoever may see its parent, with the reason. */
export const Public = (reason: string): Decorator => mark({ public: reason });
