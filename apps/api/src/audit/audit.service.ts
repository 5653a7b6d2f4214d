import { forbidden } from "@assess/domain";
import type { DataSource } from "typeorm";
import type { Principal } from "../common/principal";
import { toPage, type Page, type PageRequest } from "../common/pagination";

export interface AuditRecord {
  at: Date;
  actorId: number | null;
  username: string | null;
  address: string | null;
  operation: string;
  detail: string | null;
  outcome: string;
}

export interface AuditEntry extends AuditRecord {
  id: number;
}

export interface AuditFilter {
  actorId: number | null;
  operation: string | null;
  /** Only refused or failed requests (outcome other than OK). */
  refusedOnly: boolean;
}

/** Names (of arguments, input fields or variables) whose values never reach the log. */
export const SECRET = /password|token|secret/i;

/**
 * The variables as logged, at most 2,000 characters: secrets replaced by "***" — the variables given to a secret
 * argument (`secretVariables`, e.g. $p of login(password: $p)) and any field named like one inside them.
 */
export function redact(
  variables: Record<string, unknown> | undefined,
  secretVariables: ReadonlySet<string> = new Set(),
): string | null {
  if (!variables || !Object.keys(variables).length) return null;
  const json = JSON.stringify(variables, function (this: unknown, k, v) {
    if (!k) return v;
    if (SECRET.test(k) || (this === variables && secretVariables.has(k))) return "***";
    return v;
  });
  return json.length > 2000 ? `${json.slice(0, 1997)}...` : json;
}

/**
 * The audit log (issue 10): every mutation and sign-in, who (user, or the username given at sign-in), when, what
 * (the mutation's fields and its variables, secrets hidden), from which address, and its outcome (OK or the error's
 * code). Rows are only ever inserted: triggers refuse UPDATE and DELETE. Read by the city admin.
 */
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(r: AuditRecord): Promise<void> {
    await this.ds.query(
      "INSERT INTO audit_log (at, actor_id, username, address, operation, detail, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
      [
        r.at,
        r.actorId,
        r.username?.slice(0, 64) ?? null,
        r.address?.slice(0, 64) ?? null,
        r.operation.slice(0, 64),
        r.detail,
        r.outcome.slice(0, 32),
      ],
    );
  }

  /** Newest first. */
  async list(p: Principal, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    if (p.role !== "CITY_ADMIN" || p.viaApiToken) throw forbidden("the audit log is read by the city admin");
    const where: string[] = ["1=1"];
    const params: unknown[] = [];
    if (filter.actorId !== null) {
      where.push("a.actor_id = ?");
      params.push(filter.actorId);
    }
    if (filter.operation !== null) {
      where.push("a.operation = ?");
      params.push(filter.operation);
    }
    if (filter.refusedOnly) where.push("a.outcome <> 'OK'");
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT a.* FROM audit_log a WHERE ${where.join(" AND ")}${page.afterId !== null ? " AND a.id < ?" : ""} ORDER BY a.id DESC LIMIT ?`,
      [...params, ...(page.afterId !== null ? [page.afterId] : []), page.first + 1],
    );
    const count = () =>
      this.ds
        .query(`SELECT COUNT(*) AS n FROM audit_log a WHERE ${where.join(" AND ")}`, params)
        .then((r: { n: unknown }[]) => Number(r[0]!.n));
    return toPage(
      rows.map((r) => ({
        id: Number(r.id),
        at: r.at as Date,
        actorId: (r.actor_id as number | null) ?? null,
        username: (r.username as string | null) ?? null,
        address: (r.address as string | null) ?? null,
        operation: r.operation as string,
        detail: (r.detail as string | null) ?? null,
        outcome: r.outcome as string,
      })),
      page,
      count,
    );
  }
}
