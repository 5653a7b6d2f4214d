import { badInput } from "@assess/domain";
import { ClassType, Field, Int, ObjectType } from "type-graphql";
import { Scoped, type Scope } from "../access/guard";

@ObjectType({ description: "Where a page of a list ends, and whether another follows." })
export class PageInfo {
  @Field((_type) => Boolean, { description: "Whether more follow this page: ask again with after: endCursor." })
  hasNextPage!: boolean;

  @Field((_type) => String, {
    nullable: true,
    description: "An opaque cursor after this page's last node, to pass as after; null when the page is empty.",
  })
  endCursor!: string | null;
}

export interface Page<T> {
  /** Read only when a client asks for totalCount (a getter), so a page that does not ask costs no COUNT. */
  totalCount: number | Promise<number>;
  nodes: T[];
  pageInfo: PageInfo;
}

/** A connection type per node type, as the contract has them (TaskConnection, ProblemConnection, VenueConnection). */
export function Connection<T extends object>(node: ClassType<T>, name: string, scope: Scope) {
  @ObjectType(name, {
    description: `One page (first, after) of a list of ${name.replace(/Connection$/, "")} nodes, with the size of the whole list.`,
  })
  class ConnectionClass {
    @Field((_type) => Int, {
      description: "How many the whole list holds (every page, the same filter): a count of nodes.",
    })
    totalCount!: number;

    @Scoped(scope)
    @Field((_type) => [node], { description: "This page of the list, in its order: only what the reader may see." })
    nodes!: T[];

    @Field((_type) => PageInfo, { description: "Where this page ends and whether another follows." })
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}

export interface PageRequest {
  first: number;
  /** Rows with an id above this one. */
  afterId: number | null;
  /** In updatedAt order (incremental sync): rows after this (updatedAt, id); afterId is then its id. */
  afterUpdated?: { at: Date; id: number } | null;
  /** The order the page is in: by id (the default) or by updatedAt, then id. */
  order?: ListOrder;
}

/** The orders of a list: ID, or UPDATED_AT for incremental sync (oldest change first). */
export const LIST_ORDERS = ["ID", "UPDATED_AT"] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];

/** Cursors are opaque to clients: base64 of "c:<id>", or of "u:<updatedAt ms>:<id>" in updatedAt order. */
export const encodeCursor = (id: number) => Buffer.from(`c:${id}`).toString("base64url");
const encodeUpdatedCursor = (at: Date, id: number) => Buffer.from(`u:${at.getTime()}:${id}`).toString("base64url");

export function pageRequest(
  first: number | null | undefined,
  after: string | null | undefined,
  order: ListOrder = "ID",
): PageRequest {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > 100) throw badInput("first", `must be between 1 and 100, not ${n}`);
  if (after === null || after === undefined || after === "") return { first: n, afterId: null, order };
  const text = Buffer.from(after, "base64url").toString();
  const byId = /^c:(\d{1,10})$/.exec(text);
  const byUpdate = /^u:(\d{1,15}):(\d{1,10})$/.exec(text);
  if (order === "ID" && byId) return { first: n, afterId: Number(byId[1]), order };
  if (order === "UPDATED_AT" && byUpdate)
    return {
      first: n,
      afterId: Number(byUpdate[2]),
      afterUpdated: { at: new Date(Number(byUpdate[1])), id: Number(byUpdate[2]) },
      order,
    };
  if (byId || byUpdate)
    throw badInput("after", `is a cursor of the ${byId ? "ID" : "UPDATED_AT"} order, not of ${order}`);
  throw badInput("after", "is not a cursor this API gave out");
}

/** Builds a page from rows fetched with limit first + 1, ordered by id. */
export function toPage<T extends { id: number; updatedAt?: Date }>(
  rows: T[],
  req: PageRequest,
  count: () => Promise<number>,
): Page<T> {
  const hasNextPage = rows.length > req.first;
  const nodes = hasNextPage ? rows.slice(0, req.first) : rows;
  const last = nodes[nodes.length - 1];
  if (req.order === "UPDATED_AT") {
    let counted: Promise<number> | undefined;
    return {
      get totalCount() {
        return (counted ??= count());
      },
      nodes,
      pageInfo: { hasNextPage, endCursor: last ? encodeUpdatedCursor(last.updatedAt!, last.id) : null },
    };
  }
  let counted: Promise<number> | undefined;
  return {
    get totalCount() {
      return (counted ??= count());
    },
    nodes,
    pageInfo: { hasNextPage, endCursor: last ? encodeCursor(last.id) : null },
  };
}
