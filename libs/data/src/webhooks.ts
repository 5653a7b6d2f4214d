import type { Role } from "@assess/domain";
import type { EntityManager } from "typeorm";
import { FROM, mayReadEvaluation, problemScope, taskScope, type Viewer } from "./access-rules";

/** The events a webhook may subscribe to (the contract's WebhookEvent). */
export const WEBHOOK_EVENTS = [
  "TASK_ASSIGNED",
  "TASK_SUBMITTED",
  "TASK_RETURNED",
  "TASK_COMPLETED",
  "TASK_ESCALATED",
  "PROBLEM_CREATED",
  "PROBLEM_RESOLVED",
  "PROBLEM_REOPENED",
  "EVALUATION_COMPLETED",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The webhook event a task's history action is, if any. */
export const TASK_ACTION_EVENTS: Partial<Record<string, WebhookEvent>> = {
  ASSIGNED: "TASK_ASSIGNED",
  SUBMITTED: "TASK_SUBMITTED",
  RETURNED: "TASK_RETURNED",
  APPROVED: "TASK_COMPLETED",
  ESCALATED: "TASK_ESCALATED",
};

type Manager = Pick<EntityManager, "query">;

/** The subscribed webhooks of an event, each with its owner as the access rules see them (active users only). */
async function subscribers(m: Manager, event: WebhookEvent): Promise<{ id: number; owner: Viewer }[]> {
  const rows: {
    id: number;
    user_id: number;
    role: Role;
    unit_id: number | null;
    venue_id: number | null;
    path: string | null;
  }[] = await m.query(
    `SELECT w.id, u.id AS user_id, u.role, u.unit_id, u.venue_id, un.path
     FROM webhook w JOIN user u ON u.id = w.owner_id AND u.active = 1 LEFT JOIN unit un ON un.id = u.unit_id
     WHERE w.active = 1 AND w.deleted_at IS NULL AND FIND_IN_SET(?, w.events) > 0`,
    [event],
  );
  return rows.map((r) => ({
    id: r.id,
    owner: { userId: r.user_id, role: r.role, unitId: r.unit_id, venueId: r.venue_id, unitPath: r.path },
  }));
}

/** What a delivery says of a task or a problem (the `data` of its body), built in SQL for many at once. */
const DATA = {
  task: `JSON_OBJECT('taskId', CAST(t.id AS CHAR), 'kind', t.kind, 'status', t.status, 'campaignId', CAST(t.campaign_id AS CHAR),
           'venueId', CAST(t.venue_id AS CHAR), 'unitId', CAST(t.unit_id AS CHAR), 'assigneeId', CAST(t.assignee_id AS CHAR),
           'dueAt', DATE_FORMAT(t.due_at, '%Y-%m-%dT%H:%i:%s.%fZ'), 'escalationLevel', t.escalation_level)`,
  problem: `JSON_OBJECT('problemId', CAST(pr.id AS CHAR), 'status', pr.status, 'campaignId', CAST(pr.campaign_id AS CHAR),
           'venueId', CAST(pr.venue_id AS CHAR), 'indicatorCode', pr.indicator_code, 'ruleCode', pr.rule_code,
           'sourceTaskId', CAST(pr.source_task_id AS CHAR), 'recurrence', pr.recurrence)`,
};
const KEY = { task: "t.id", problem: "pr.id" };
const RULE = { task: taskScope, problem: problemScope };

/**
 * Records the deliveries of an event about tasks or problems, in the caller's transaction (an outbox: the worker sends
 * them): one per subscribed webhook and subject its owner may see by the access rules, one INSERT … SELECT a webhook.
 * Answers how many were recorded. The session's time zone is UTC (the data source's), so dates are written as UTC.
 */
export async function recordWebhookEvents(
  m: Manager,
  event: WebhookEvent,
  kind: "task" | "problem",
  ids: readonly number[],
  at: Date,
): Promise<number> {
  if (!ids.length) return 0;
  let n = 0;
  for (const w of await subscribers(m, event)) {
    const scope = RULE[kind](w.owner);
    const r = await m.query(
      `INSERT INTO webhook_delivery (webhook_id, event, subject_id, payload, occurred_at)
       SELECT ?, ?, ${KEY[kind]}, ${DATA[kind]}, ? FROM ${FROM[kind]} WHERE ${KEY[kind]} IN (?) AND ${scope.sql}`,
      [w.id, event, at, [...new Set(ids)], ...scope.params],
    );
    n += Number(r.affectedRows ?? 0);
  }
  return n;
}

/** EVALUATION_COMPLETED for the webhooks whose owners read the annual evaluation. */
export async function recordEvaluationEvent(
  m: Manager,
  campaignId: number,
  jobRunId: number,
  at: Date,
): Promise<number> {
  let n = 0;
  for (const w of await subscribers(m, "EVALUATION_COMPLETED")) {
    if (!mayReadEvaluation(w.owner)) continue;
    await m.query(
      "INSERT INTO webhook_delivery (webhook_id, event, subject_id, payload, occurred_at) VALUES (?, 'EVALUATION_COMPLETED', ?, ?, ?)",
      [w.id, jobRunId, JSON.stringify({ campaignId: String(campaignId), jobRunId: String(jobRunId) }), at],
    );
    n++;
  }
  return n;
}
