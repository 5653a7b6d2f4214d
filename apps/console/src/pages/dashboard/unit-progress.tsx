import { Card, Progress, Segmented, Select, Table } from "antd";
import { useIsMobile } from "../../lib/use-mobile";
import { useMemo, useState } from "react";
import type { TaskKind } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import type { DashboardData } from "./dashboard-page";
import { countColumns } from "./progress-columns";

type Row = DashboardData["units"][number];

/** Progress by unit for one phase at a time: completion, and the counts linking to the list. */
export function UnitProgress({ rows, scopeId }: { rows: DashboardData["units"]; scopeId: string | null }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  const mobile = useIsMobile();
  const kinds = useMemo(() => [...new Set(rows.map((r) => r.kind))], [rows]);
  const [picked, setKind] = useState<TaskKind>("UNIFIED_ASSESSMENT");
  const kind = kinds.includes(picked) ? picked : kinds[0]!;
  const shown = rows.filter((r) => r.kind === kind);
  return (
    <Card
      size="small"
      title={t("dash.units")}
      extra={
        mobile ? (
          <Select
            aria-label={t("tasks.kind")}
            value={kind}
            onChange={setKind}
            options={kinds.map((k) => ({ value: k, label: label("TaskKind", k) }))}
            style={{ minWidth: 140 }}
          />
        ) : (
          <Segmented
            aria-label={t("tasks.kind")}
            value={kind}
            onChange={(k) => setKind(k as TaskKind)}
            options={kinds.map((k) => ({ value: k, label: label("TaskKind", k) }))}
          />
        )
      }
    >
      <Table<Row>
        rowKey={(r) => r.unit.id}
        size="small"
        className="nowrap-table"
        pagination={false}
        dataSource={shown}
        scroll={{ x: true }}
        columns={[
          { title: t("dash.unit"), key: "u", render: (_: unknown, r) => r.unit.name, fixed: "left" },
          {
            title: t("dash.rate"),
            key: "pct",
            width: 140,
            render: (_: unknown, r) => {
              const live = r.total - r.cancelled;
              return (
                <Progress
                  percent={live ? Math.round((r.completed / live) * 100) : 0}
                  size="small"
                  aria-label={`${r.unit.name} ${t("TaskStatus.COMPLETED")}`}
                />
              );
            },
          },
          // The scope unit's own row counts its own tasks only; the list by unit shows its whole subtree, so no links.
          ...countColumns<Row>(t, (r) =>
            r.unit.id === scopeId || (scopeId === null && r.unit.kind === "CITY")
              ? null
              : `kind=${r.kind}&unitId=${r.unit.id}`,
          ),
        ]}
      />
    </Card>
  );
}
