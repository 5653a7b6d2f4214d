import type { TaskEntity } from "@assess/data";
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { UnitType, VenueObject } from "../units/unit.types";
import { UserType } from "../users/user.types";

/** The relations of a task that a page may read in its own statement, and the GraphQL type each is shown as. */
const RELATIONS = { venue: VenueObject, unit: UnitType, assignee: UserType } as const;
export type Relation = keyof typeof RELATIONS;

/** Per relation to join: the properties its selection reads (the id always among them: the access guard needs it). */
export type Prefetch = Partial<Record<Relation, string[]>>;

/** Where a page's task carries what was joined for it; absent when its relations are left to the loaders. */
const JOINED = Symbol("joined");
type Joined = Partial<Record<Relation, object | null>>;

export function attachJoined(task: TaskEntity, joined: Joined): void {
  (task as TaskEntity & { [JOINED]?: Joined })[JOINED] = joined;
}

/** The relation as the page's statement read it, or undefined when it was not read (then the loader reads it). */
export const joinedOf = (task: TaskEntity, relation: Relation): object | null | undefined =>
  (task as TaskEntity & { [JOINED]?: Joined })[JOINED]?.[relation];

let plain: Map<Function, Set<string>> | undefined;

/**
 * The fields of each relation's type that are its own stored properties (@Field, no field resolver), read from
 * type-graphql's metadata once the schema is built: only those can be answered from the joined columns.
 */
function plainFields(): Map<Function, Set<string>> {
  if (plain) return plain;
  const storage = getMetadataStorage();
  plain = new Map();
  for (const type of Object.values(RELATIONS)) {
    const computed = new Set(
      storage.fieldResolvers.filter((r) => r.getObjectType?.() === type).map((r) => r.methodName),
    );
    plain.set(
      type,
      new Set(storage.fields.filter((f) => f.target === type && !computed.has(f.name)).map((f) => f.name)),
    );
  }
  return plain;
}

/**
 * What `tasks(…) { nodes { venue {…} unit {…} assignee {…} } }` asks of each relation, when every field asked is a
 * plain property: those relations are joined into the page's statement (2 statements a page instead of 5). A relation
 * with a computed field (venue { unit }), or any directive on the way (@skip, @include), is left to the loaders.
 */
export function prefetchOf(info: GraphQLResolveInfo): Prefetch {
  const nodes = fieldsIn(info, info.fieldNodes, "nodes");
  if (!nodes) return {};
  const out: Prefetch = {};
  for (const relation of Object.keys(RELATIONS) as Relation[]) {
    const asked = fieldsIn(info, nodes, relation);
    const props = asked?.length ? propertiesOf(info, asked, plainFields().get(RELATIONS[relation])!) : null;
    if (props) out[relation] = props;
  }
  return out;
}

/** The fields with this name selected under each of `parents`; null when one of their selections is not plain names. */
function fieldsIn(info: GraphQLResolveInfo, parents: readonly FieldNode[], name: string): FieldNode[] | null {
  const out: FieldNode[] = [];
  for (const parent of parents) {
    const found = fieldsNamed(info, parent.selectionSet, name);
    if (!found) return null;
    out.push(...found);
  }
  return out;
}

/** The properties read by these selections of one relation, or null when one is not plain (or has a directive). */
function propertiesOf(info: GraphQLResolveInfo, asked: FieldNode[], plainOnes: Set<string>): string[] | null {
  const props = new Set(["id"]);
  for (const field of asked) {
    const names = fieldsNamed(info, field.selectionSet, null);
    if (!names) return null;
    for (const f of names) {
      const name = f.name.value;
      if (name === "__typename") continue;
      if (!plainOnes.has(name) || f.selectionSet || f.arguments?.length) return null;
      props.add(name);
    }
  }
  return [...props];
}

/**
 * The fields of a selection set with this name (every field when name is null), through fragments; null when a
 * directive makes what is selected depend on more than the names.
 */
function fieldsNamed(
  info: GraphQLResolveInfo,
  set: SelectionSetNode | undefined,
  name: string | null,
): FieldNode[] | null {
  if (!set) return [];
  const out: FieldNode[] = [];
  for (const s of set.selections) {
    if (s.directives?.length) return null;
    if (s.kind === "Field") {
      if (name === null || s.name.value === name) out.push(s);
      continue;
    }
    const fragment = s.kind === "InlineFragment" ? s : info.fragments[s.name.value];
    if (!fragment || fragment.directives?.length) return null;
    const inner = fieldsNamed(info, fragment.selectionSet, name);
    if (!inner) return null;
    out.push(...inner);
  }
  return out;
}
