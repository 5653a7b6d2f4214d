import { DomainError, notFound } from "@assess/domain";
import DataLoader from "dataloader";
import type { EntityManager } from "typeorm";
import type { Context } from "../common/context";
import { who } from "../common/context";
import type { Principal } from "../common/principal";
import {
  FROM,
  type Sql,
  evidenceScope,
  isAll,
  jobRunScope,
  problemScope,
  taskScope,
  unitScope,
  userScope,
  venueScope,
} from "./rules";

/** The things whose visibility is a rule of its own. */
export type Kind = keyof typeof FROM;

const RULES: Record<Kind, { rule: (p: Principal) => Sql; key: string; noun: string }> = {
  task: { rule: taskScope, key: "t.id", noun: "task" },
  problem: { rule: problemScope, key: "pr.id", noun: "problem" },
  venue: { rule: venueScope, key: "v.id", noun: "venue" },
  unit: { rule: unitScope, key: "un.id", noun: "unit" },
  user: { rule: userScope, key: "u.id", noun: "user" },
  evidence: { rule: evidenceScope, key: "e.id", noun: "evidence" },
  jobRun: { rule: jobRunScope, key: "jr.id", noun: "job run" },
};

export const KINDS = Object.keys(RULES) as Kind[];

/** The noun a message uses for a kind ("job run"). */
export const nounOf = (kind: Kind) => RULES[kind].noun;

/**
 * Which of `ids` the principal may see, in one query (none when the rule lets everything through). Existence is not
 * checked when everything is visible: callers that need the row load it anyway.
 */
export async function visibleIds(
  m: Pick<EntityManager, "query">,
  p: Principal,
  kind: Kind,
  ids: readonly number[],
): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Set();
  const { rule, key } = RULES[kind];
  const scope = rule(p);
  if (isAll(scope)) return new Set(unique);
  const rows: { id: number }[] = await m.query(
    `SELECT ${key} AS id FROM ${FROM[kind]} WHERE ${key} IN (?) AND ${scope.sql}`,
    [unique, ...scope.params],
  );
  return new Set(rows.map((r) => Number(r.id)));
}

export const visibleTaskIds = (m: Pick<EntityManager, "query">, p: Principal, ids: readonly number[]) =>
  visibleIds(m, p, "task", ids);
export const visibleProblemIds = (m: Pick<EntityManager, "query">, p: Principal, ids: readonly number[]) =>
  visibleIds(m, p, "problem", ids);

/**
 * For single reads and mutations: NOT_FOUND unless the principal may see it, so that out-of-scope users learn nothing
 * (not even that it exists). With `field`, the error names the input field that carried the id.
 */
export async function requireVisible(
  m: Pick<EntityManager, "query">,
  p: Principal,
  kind: Kind,
  id: number,
  field?: string,
): Promise<void> {
  const scope = RULES[kind].rule(p);
  const { key } = RULES[kind];
  const rows: unknown[] = await m.query(`SELECT 1 FROM ${FROM[kind]} WHERE ${key} = ? AND ${scope.sql} LIMIT 1`, [
    id,
    ...scope.params,
  ]);
  if (rows.length) return;
  throw field
    ? new DomainError("NOT_FOUND", `${field}: ${nounOf(kind)} ${id} not found`, field)
    : notFound(nounOf(kind), id);
}

const perRequest = new WeakMap<Context, Map<Kind, DataLoader<number, boolean>>>();
const everything = new WeakMap<Context, Map<Kind, boolean>>();

/** Whether the principal sees every thing of the kind (the city admin): then a guard has nothing to ask. Once per request. */
export function seesAll(ctx: Context, kind: Kind): boolean {
  let kinds = everything.get(ctx);
  if (!kinds) everything.set(ctx, (kinds = new Map()));
  let all = kinds.get(kind);
  if (all === undefined) kinds.set(kind, (all = isAll(RULES[kind].rule(who(ctx)))));
  return all;
}

/** Per request and kind: whether the principal may see each id reached through a nested field, one query per batch. */
export function visibility(ctx: Context, kind: Kind): DataLoader<number, boolean> {
  let loaders = perRequest.get(ctx);
  if (!loaders) perRequest.set(ctx, (loaders = new Map()));
  let loader = loaders.get(kind);
  if (!loader) {
    const p = who(ctx);
    loader = new DataLoader(async (ids) => {
      const seen = await visibleIds(ctx.services.deps.ds, p, kind, ids);
      return ids.map((id) => seen.has(id));
    });
    loaders.set(kind, loader);
  }
  return loader;
}

/** The items of a nested list that the principal may see, in order. */
export async function onlyVisible<T extends { id: number }>(
  ctx: Context,
  kind: Kind,
  items: readonly T[],
): Promise<T[]> {
  if (!items.length) return [];
  // load, not loadMany: a database error fails the field instead of hiding the items.
  const loader = visibility(ctx, kind);
  const shown = await Promise.all(items.map((i) => loader.load(i.id)));
  return items.filter((_, i) => shown[i]);
}

const childCounts = new WeakMap<Context, DataLoader<number, number>>();

/** Per request: how many child units of each unit the principal may see (so that a tree knows which nodes open). */
export function visibleChildCount(ctx: Context): DataLoader<number, number> {
  let loader = childCounts.get(ctx);
  if (!loader) {
    const scope = unitScope(who(ctx));
    loader = new DataLoader(async (ids) => {
      const rows: { k: number; n: number | string }[] = await ctx.services.deps.ds.query(
        `SELECT un.parent_id AS k, COUNT(*) AS n FROM ${FROM.unit} WHERE un.parent_id IN (?) AND ${scope.sql} GROUP BY un.parent_id`,
        [[...ids], ...scope.params],
      );
      const counts = new Map(rows.map((r) => [r.k, Number(r.n)]));
      return ids.map((id) => counts.get(id) ?? 0);
    });
    childCounts.set(ctx, loader);
  }
  return loader;
}
