import { Col, Row, Table } from "antd";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages";
import { formatPoints } from "../../lib/format";

interface ByType {
  venues: number;
  assessed: number;
  mean: number;
  weight: number;
  share: number;
}

export interface BreakdownJson {
  byType: Record<string, ByType>;
  penalties: Record<string, { count: number; points: number }>;
  penaltyRaw: number;
  penaltyCap: number;
  inflatedSelfChecks?: { venueId: number; venueName: string; selfCheck: number; assessment: number }[];
}

/** Why a unit scored what it did: the mean and weight of each venue type, and each penalty's cases and points. */
export function Breakdown({ entry }: { entry: { breakdown: unknown; penalty: number } }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  const b = entry.breakdown as BreakdownJson;
  const types = Object.entries(b.byType ?? {}).map(([type, v]) => ({ type, ...v }));
  const penalties = Object.entries(b.penalties ?? {}).map(([key, v]) => ({ key, ...v }));
  return (
    <Row gutter={[16, 8]}>
      <Col xs={24} md={13}>
        <Table
          rowKey="type"
          size="small"
          pagination={false}
          dataSource={types}
          columns={[
            { title: t("eval.type"), key: "t", render: (_: unknown, r) => label("VenueType", r.type) },
            { title: t("dash.venues"), dataIndex: "venues", key: "v", align: "right" },
            { title: t("dash.assessed"), dataIndex: "assessed", key: "a", align: "right" },
            {
              title: t("eval.mean"),
              key: "m",
              align: "right",
              render: (_: unknown, r) => (r.assessed ? r.mean.toFixed(3) : "—"),
            },
            { title: t("eval.weight"), key: "w", align: "right", render: (_: unknown, r) => formatPoints(r.weight, 3) },
            {
              title: t("eval.share"),
              key: "s",
              align: "right",
              render: (_: unknown, r) => `${(r.share * 100).toFixed(1)}%`,
            },
          ]}
        />
      </Col>
      <Col xs={24} md={11}>
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={penalties}
          columns={[
            { title: t("eval.penalty"), key: "k", render: (_: unknown, r) => t(`eval.${r.key}` as MessageKey) },
            { title: t("eval.cases"), dataIndex: "count", key: "c", align: "right" },
            { title: t("eval.points"), key: "p", align: "right", render: (_: unknown, r) => formatPoints(r.points, 3) },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell
                index={0}
              >{`${t("common.total")}（${t("eval.penaltyCap")} ${formatPoints(b.penaltyCap)}）`}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} />
              <Table.Summary.Cell index={2} align="right">
                <strong>{formatPoints(entry.penalty, 3)}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
        {!!b.inflatedSelfChecks?.length && (
          <div style={{ marginTop: 8, fontSize: 13 }}>
            <div style={{ fontWeight: 500 }}>{t("eval.inflatedVenues")}</div>
            <ul style={{ margin: "4px 0 0", paddingInlineStart: 20 }}>
              {b.inflatedSelfChecks.map((v) => (
                <li key={v.venueId}>
                  {t("eval.inflatedVenue", {
                    venue: v.venueName,
                    self: formatPoints(v.selfCheck),
                    assessed: formatPoints(v.assessment),
                  })}
                </li>
              ))}
            </ul>
          </div>
        )}
      </Col>
    </Row>
  );
}
