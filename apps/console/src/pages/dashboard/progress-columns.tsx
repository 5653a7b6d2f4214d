import type { CSSProperties } from "react";
import { Link } from "react-router";
import type { TaskStatus } from "../../gql/graphql";
import type { T } from "../../i18n/i18n";

/** The counts of a progress row, each with the task status it links to. */
export const COUNTS: {
  key: "assigned" | "inProgress" | "submitted" | "returned" | "completed";
  status: TaskStatus;
  color: string;
}[] = [
  { key: "assigned", status: "ASSIGNED", color: "#94a3b8" },
  { key: "inProgress", status: "IN_PROGRESS", color: "#3b82f6" },
  { key: "submitted", status: "SUBMITTED", color: "#8b5cf6" },
  { key: "returned", status: "RETURNED", color: "#f59e0b" },
  { key: "completed", status: "COMPLETED", color: "#16a34a" },
];

export type Counts = Record<(typeof COUNTS)[number]["key"] | "cancelled" | "overdue" | "total", number>;

/** Table columns of the counts, each number a link to the filtered task list. */
export function countColumns<R extends Counts>(t: T, query: (r: R) => string | null) {
  const link = (r: R, extra: string, n: number, style?: CSSProperties) => {
    const q = query(r);
    return q === null || !n ? (
      <span className="num" style={n ? style : undefined}>
        {n}
      </span>
    ) : (
      <Link to={`/tasks?${q}${extra}`} className="num count-link" style={style}>
        {n}
      </Link>
    );
  };
  return [
    ...COUNTS.map((c) => ({
      title: t(`TaskStatus.${c.status}`),
      key: c.key,
      align: "right" as const,
      render: (_: unknown, r: R) => link(r, `&status=${c.status}`, r[c.key]),
    })),
    {
      title: t("TaskStatus.CANCELLED"),
      key: "cancelled",
      align: "right" as const,
      render: (_: unknown, r: R) => link(r, "&status=CANCELLED", r.cancelled),
    },
    {
      title: t("dash.overdue"),
      key: "overdue",
      align: "right" as const,
      render: (_: unknown, r: R) => link(r, "&overdue=true", r.overdue, { color: "#c62828" }),
    },
    {
      title: t("common.total"),
      key: "total",
      align: "right" as const,
      render: (_: unknown, r: R) => link(r, "", r.total),
    },
  ];
}
