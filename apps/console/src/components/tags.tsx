import { Space, Tag, Tooltip, Typography } from "antd";
import type { ProblemStatus, TaskKind, TaskStatus } from "../gql/graphql";
import { useEnumLabel, useI18n } from "../i18n/i18n";
import { formatDate } from "../lib/format";

const STATUS_COLOR: Record<TaskStatus, string> = {
  ASSIGNED: "default",
  IN_PROGRESS: "processing",
  SUBMITTED: "purple",
  RETURNED: "warning",
  COMPLETED: "success",
  CANCELLED: "default",
};

const KIND_COLOR: Record<TaskKind, string> = {
  SELF_CHECK: "cyan",
  UNIFIED_ASSESSMENT: "blue",
  UNANNOUNCED_INSPECTION: "magenta",
  RECTIFICATION: "orange",
  RECHECK: "geekblue",
  ANNUAL_REPORT: "green",
};

const PROBLEM_COLOR: Record<ProblemStatus, string> = {
  OPEN: "error",
  RECTIFYING: "processing",
  AWAITING_RECHECK: "purple",
  RESOLVED: "success",
};

export function StatusTag({ status }: { status: TaskStatus }) {
  const label = useEnumLabel();
  return <Tag color={STATUS_COLOR[status]}>{label("TaskStatus", status)}</Tag>;
}

export function KindTag({ kind }: { kind: TaskKind }) {
  const label = useEnumLabel();
  return <Tag color={KIND_COLOR[kind]}>{label("TaskKind", kind)}</Tag>;
}

export function ProblemStatusTag({ status }: { status: ProblemStatus }) {
  const label = useEnumLabel();
  return <Tag color={PROBLEM_COLOR[status]}>{label("ProblemStatus", status)}</Tag>;
}

/** A due date, red when overdue, with its escalation level (督办). */
export function DueCell({
  dueAt,
  overdue,
  escalationLevel,
}: {
  dueAt: string;
  overdue: boolean;
  escalationLevel?: number;
}) {
  const { t, locale } = useI18n();
  return (
    <Space size={4} wrap>
      <Typography.Text type={overdue ? "danger" : undefined} className="num">
        {formatDate(dueAt, locale)}
      </Typography.Text>
      {overdue && <Tag color="red">{t("tasks.overdue")}</Tag>}
      {Boolean(escalationLevel) && (
        <Tooltip title={t("tasks.escalation")}>
          <Tag color="volcano">{t("dash.level", { n: escalationLevel! })}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}
