import { Link } from "react-router";
import type { TaskStatus } from "../../gql/graphql";
import type { T } from "../../i18n/i18n";

/** The counts of a progress row, each with the task status it links to. */
export const COUNTS: { key: "assigned" | "inProgress" | "submitted" | "returned" | "completed"; status: TaskStatus; color: string }[] = [
  { key: "assigned", status: "ASSIGNED", color: "#94a3b8" },
  { key: "inProgress", status: "IN_PROGRESS", color: "#3b82f6" },
  { key: "submitted", status: "SUBMITTED", color: "#8b5cf6" },
  { key: "returned", status: "RETURNED", color: "#f59e0b" },
  { key: "completed", status: "COMPLETED", color: "#16a34a" },
];

export type Counts = Record<(typeof COUNTS)[number]["key"] | "overdue" | "total", number>;

/** Table columns of the counts, each number a link to the filtered task list. */
export function countColumns<R extends Counts>(t: T, query: (r: R) => string) {
  return [
    ...COUNTS.map((c) => ({
      title: t(`TaskStatus.${c.status}`),
      key: c.key,
      align: "right" as const,
      render: (_: unknown, r: R) => (r[c.key] ? <Link to={`/tasks?${query(r)}&status=${c.status}`} className="num count-link">{r[c.key]}</Link> : <span className="num">0</span>),
    })),
    {
      title: t("dash.overdue"),
      key: "overdue",
      align: "right" as const,
      render: (_: unknown, r: R) =>
        r.overdue ? (
          <Link to={`/tasks?${query(r)}&overdue=true`} className="num count-link" style={{ color: "#c62828" }}>
            {r.overdue}
          </Link>
        ) : (
          <span className="num">0</span>
        ),
    },
    { title: t("common.total"), key: "total", align: "right" as const, render: (_: unknown, r: R) => <Link to={`/tasks?${query(r)}`} className="num count-link">{r.total}</Link> },
  ];
}
