import { Card, Table } from "antd";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { Chart } from "../../components/chart";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import type { DashboardData } from "./dashboard-page";
import { COUNTS, countColumns } from "./progress-columns";

type Phase = DashboardData["phases"][number];

/** Progress by phase (kind of task): a stacked bar per kind, the numbers beside it; a click opens the list. */
export function PhaseProgress({ phases, title }: { phases: DashboardData["phases"]; title: string }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  const navigate = useNavigate();
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 28, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, itemWidth: 12, itemHeight: 10 },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: phases.map((p) => label("TaskKind", p.kind)) },
      series: COUNTS.map((c) => ({
        name: t(`TaskStatus.${c.status}`),
        type: "bar",
        stack: "all",
        itemStyle: { color: c.color },
        data: phases.map((p) => p[c.key]),
      })),
    }),
    [phases, t, label],
  );
  return (
    <Card size="small" title={title}>
      {phases.length > 0 && (
        <Chart
          option={option}
          height={Math.max(160, phases.length * 36 + 50)}
          label={title}
          onClick={(p) => {
            const status = COUNTS[p.seriesIndex ?? 0]!.status;
            void navigate(`/tasks?kind=${phases[p.dataIndex]!.kind}&status=${status}`);
          }}
        />
      )}
      <Table<Phase>
        rowKey="kind"
        size="small"
        className="nowrap-table"
        pagination={false}
        dataSource={phases}
        scroll={{ x: true }}
        locale={{ emptyText: t("tasks.empty") }}
        columns={[
          { title: t("tasks.kind"), key: "k", render: (_: unknown, r) => label("TaskKind", r.kind) },
          ...countColumns<Phase>(t, (r) => `kind=${r.kind}`),
        ]}
      />
    </Card>
  );
}
