import { Card, Col, Row, Table } from "antd";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { Chart } from "../../components/chart";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { formatPoints } from "../../lib/format";
import type { DashboardData } from "./dashboard-page";

type Score = DashboardData["scores"][number];

/** Scores by venue type: the unified assessments' average beside the self-checks', min and max. */
export function ScoresByType({ scores }: { scores: DashboardData["scores"] }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  const navigate = useNavigate();
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 28, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: scores.map((s) => label("VenueType", s.venueType)), axisLabel: { interval: 0 } },
      yAxis: { type: "value", min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 105 },
      series: [
        {
          name: t("dash.average"),
          type: "bar",
          data: scores.map((s) => s.average),
          itemStyle: { color: "#1d4ed8" },
          label: { show: true, position: "top" },
        },
        {
          name: t("dash.selfAverage"),
          type: "bar",
          data: scores.map((s) => s.selfCheckAverage),
          itemStyle: { color: "#93c5fd" },
        },
      ],
    }),
    [scores, t, label],
  );
  return (
    <Card size="small" title={t("dash.scores")}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={11}>
          <Chart
            option={option}
            height={240}
            label={t("dash.scores")}
            onClick={(p) =>
              navigate(
                `/tasks?kind=${p.seriesIndex === 1 ? "SELF_CHECK" : "UNIFIED_ASSESSMENT"}&status=COMPLETED&venueType=${scores[p.dataIndex]!.venueType}`,
              )
            }
          />
        </Col>
        <Col xs={24} lg={13}>
          <Table<Score>
            rowKey="venueType"
            size="small"
            pagination={false}
            dataSource={scores}
            scroll={{ x: true }}
            columns={[
              { title: t("tasks.venueType"), key: "t", render: (_: unknown, s) => label("VenueType", s.venueType) },
              { title: t("dash.venues"), dataIndex: "venues", key: "v", align: "right" },
              { title: t("dash.assessed"), dataIndex: "assessed", key: "a", align: "right" },
              {
                title: t("dash.average"),
                key: "avg",
                align: "right",
                render: (_: unknown, s) => <strong className="num">{formatPoints(s.average, 2)}</strong>,
              },
              {
                title: t("dash.range"),
                key: "r",
                align: "right",
                render: (_: unknown, s) => (
                  <span className="num">{s.assessed ? `${formatPoints(s.min)} / ${formatPoints(s.max)}` : "—"}</span>
                ),
              },
              {
                title: t("dash.selfAverage"),
                key: "self",
                align: "right",
                render: (_: unknown, s) => <span className="num">{formatPoints(s.selfCheckAverage, 2)}</span>,
              },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
