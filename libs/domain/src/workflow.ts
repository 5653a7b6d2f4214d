import { conflict } from "./errors";
import type { TaskStatus } from "./enums";

export type TaskAction = "start" | "submit" | "approve" | "return" | "cancel";

/** The one state machine of every task kind. */
const TRANSITIONS: Record<TaskAction, { from: readonly TaskStatus[]; to: TaskStatus }> = {
  start: { from: ["ASSIGNED", "RETURNED"], to: "IN_PROGRESS" },
  submit: { from: ["IN_PROGRESS"], to: "SUBMITTED" },
  approve: { from: ["SUBMITTED"], to: "COMPLETED" },
  return: { from: ["SUBMITTED"], to: "RETURNED" },
  cancel: { from: ["ASSIGNED", "IN_PROGRESS", "SUBMITTED", "RETURNED"], to: "CANCELLED" },
};

/** The state after `action`, or a CONFLICT that names the state the task is in. */
export function transition(status: TaskStatus, action: TaskAction): TaskStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) {
    throw conflict(`cannot ${action} a task that is ${status} (allowed from ${t.from.join(", ")})`, "status");
  }
  return t.to;
}

export const canTransition = (status: TaskStatus, action: TaskAction) => TRANSITIONS[action].from.includes(status);

/** A scoring sheet can be edited while the assignee works on it or after it was returned. */
export const SHEET_EDITABLE: readonly TaskStatus[] = ["IN_PROGRESS", "RETURNED"];
