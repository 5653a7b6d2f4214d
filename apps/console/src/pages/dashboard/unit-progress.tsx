import { Card, Progress, Segmented, Table } from "antd";
import { useMemo, useState } from "react";
import type { TaskKind } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import type { DashboardData } from "./dashboard-page";
import { countColumns } from "./progress-columns";

type Row = DashboardData["units"][number];

/** Progress by unit for one phase at a time: completion, and the counts linking to the list. */
export function UnitProgress({ rows }: { rows: DashboardData["units"] }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  const kinds = useMemo(() => [...new Set(rows.map((r) => r.kind))], [rows]);
  const [kind, setKind] = useState<TaskKind>(kinds.includes("UNIFIED_ASSESSMENT") ? "UNIFIED_ASSESSMENT" : kinds[0]!);
  const shown = rows.filter((r) => r.kind === kind);
  return (
    <Card
      size="small"
      title={t("dash.units")}
      extra={<Segmented aria-label={t("tasks.kind")} value={kind} onChange={(k) => setKind(k as TaskKind)} options={kinds.map((k) => ({ value: k, label: label("TaskKind", k) }))} />}
    >
      <Table<Row>
        rowKey={(r) => r.unit.id}
        size="small"
        pagination={false}
        dataSource={shown}
        scroll={{ x: true }}
        columns={[
          { title: t("dash.unit"), key: "u", render: (_: unknown, r) => r.unit.name, fixed: "left" },
          {
            title: t("TaskStatus.COMPLETED"),
            key: "pct",
            width: 140,
            render: (_: unknown, r) => {
              const live = r.total - r.cancelled;
              return <Progress percent={live ? Math.round((r.completed / live) * 100) : 0} size="small" aria-label={`${r.unit.name} ${t("TaskStatus.COMPLETED")}`} />;
            },
          },
          ...countColumns<Row>(t, (r) => `kind=${r.kind}&unitId=${r.unit.id}`),
        ]}
      />
    </Card>
  );
}
