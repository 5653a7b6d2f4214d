import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GraphQLError, buildSchema, execute, parse, validate, type DocumentNode } from "graphql";
import jwt from "jsonwebtoken";
import { createPool, type RowDataPacket } from "mysql2/promise";

/**
 * The baseline of the list benchmark: node:http, graphql-js `execute` with parsing and validation cached per query
 * text, and hand-written mysql2 SQL that answers tasks(first, after) with venue, unit, assignee and score in one
 * statement. It does the same sign-in work as the API (verify the session JWT, read the principal), and answers the
 * city admin's view (no scope filter), the one the benchmark asks for. The page is taken by primary key first and
 * joined after, so that the database reads 51 tasks, not all of them.
 */
const schema = buildSchema(`
  scalar DateTime
  type Venue { id: ID! name: String! }
  type Unit { id: ID! name: String! }
  type User { id: ID! displayName: String! username: String! }
  type Score { total: Float! }
  type Task { id: ID! kind: String! status: String! dueAt: DateTime! venue: Venue unit: Unit assignee: User! score: Score }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type TaskConnection { totalCount: Int! nodes: [Task!]! pageInfo: PageInfo! }
  type Query { tasks(first: Int = 50, after: String): TaskConnection! }
`);

const url = new URL(process.env.DATABASE_URL!);
const pool = createPool({
  host: url.hostname,
  port: Number(url.port || 3306),
  user: decodeURIComponent(url.username) || "root",
  password: decodeURIComponent(url.password),
  database: url.pathname.slice(1),
  connectionLimit: 10,
  timezone: "Z",
  charset: "utf8mb4_unicode_ci",
});
let statements = 0;
const query = async <T extends RowDataPacket[]>(sql: string, params: unknown[]) => {
  statements++;
  return (await pool.query<T>(sql, params))[0];
};

const documents = new Map<string, DocumentNode>();
function prepared(text: string): DocumentNode {
  let doc = documents.get(text);
  if (!doc) {
    doc = parse(text);
    const errors = validate(schema, doc);
    if (errors.length) throw errors[0];
    documents.set(text, doc);
  }
  return doc;
}

const cursor = (id: number) => Buffer.from(`c:${id}`).toString("base64url");
const afterId = (after: string | null | undefined) =>
  after ? Number(/^c:(\d+)$/.exec(Buffer.from(after, "base64url").toString())?.[1] ?? 0) : 0;

const root = {
  async tasks({ first, after }: { first: number; after?: string | null }) {
    const rows = await query<RowDataPacket[]>(
      `SELECT t.id, t.kind, t.status, t.due_at, t.score_total, v.id AS venue_id, v.name AS venue_name, u.id AS unit_id, u.name AS unit_name,
              a.id AS user_id, a.display_name, a.username
       FROM (SELECT * FROM task WHERE id > ? ORDER BY id LIMIT ?) t
       LEFT JOIN venue v ON v.id = t.venue_id LEFT JOIN unit u ON u.id = t.unit_id JOIN user a ON a.id = t.assignee_id
       ORDER BY t.id`,
      [afterId(after), first + 1],
    );
    const nodes = rows.slice(0, first).map((r) => ({
      id: String(r.id),
      kind: r.kind,
      status: r.status,
      dueAt: (r.due_at as Date).toISOString(),
      venue: r.venue_id === null ? null : { id: String(r.venue_id), name: r.venue_name },
      unit: r.unit_id === null ? null : { id: String(r.unit_id), name: r.unit_name },
      assignee: { id: String(r.user_id), displayName: r.display_name, username: r.username },
      score: r.score_total === null ? null : { total: Number(r.score_total) },
    }));
    return {
      // Counted only when asked for.
      totalCount: async () => Number((await query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM task", []))[0]!.n),
      nodes,
      pageInfo: {
        hasNextPage: rows.length > first,
        endCursor: nodes.length ? cursor(Number(nodes[nodes.length - 1]!.id)) : null,
      },
    };
  },
};

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

const send = (res: ServerResponse, status: number, value: unknown) => {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
};

const server = createServer((req, res) => void answer(req, res));

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const { query: text, variables } = JSON.parse(await body(req));
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    let userId: number | null = null;
    try {
      const payload = jwt.verify(token ?? "", process.env.JWT_SECRET!, {
        algorithms: ["HS256"],
        issuer: "venue-assessment",
      });
      userId = typeof payload === "object" && payload.sub ? Number(payload.sub) : null;
    } catch {
      userId = null;
    }
    const principal =
      userId === null
        ? []
        : await query<RowDataPacket[]>(
            "SELECT u.id, u.role, un.path FROM user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.id = ? AND u.active = 1",
            [userId],
          );
    if (principal[0]?.role !== "CITY_ADMIN")
      return send(res, 200, { errors: [{ message: "not signed in", extensions: { code: "UNAUTHENTICATED" } }] });
    const result = await execute({ schema, document: prepared(text), rootValue: root, variableValues: variables });
    send(res, 200, result);
  } catch (e) {
    send(res, 200, { errors: [{ message: e instanceof GraphQLError || e instanceof Error ? e.message : String(e) }] });
  }
}

process.on("message", (m) => {
  if (m === "count") process.send!({ count: statements });
});
server.listen(0, "0.0.0.0", () => process.send!({ port: (server.address() as AddressInfo).port }));
