import { Card, Col, Flex, Row, Statistic, Table, Tag, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import { useQuery } from "urql";
import { NoCampaign } from "../../components/no-campaign";
import { PageHeader } from "../../components/page-header";
import { QueryState } from "../../components/query-state";
import { graphql } from "../../gql";
import type { Dashboard_DashboardQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages";
import { useCampaign } from "../../lib/campaign";
import { formatDate, formatPoints } from "../../lib/format";
import { useUser } from "../../lib/session";
import { PendingExtensions } from "./pending-extensions";
import { PhaseProgress } from "./phase-progress";
import { ScoresByType } from "./scores-by-type";
import { UnitProgress } from "./unit-progress";

const DashboardQuery = graphql(`
  query Dashboard_Dashboard($campaignId: ID!) {
    dashboard(campaignId: $campaignId) {
      scope {
        id
        name
      }
      deadlines {
        key
        dueAt
        daysLeft
      }
      phases {
        kind
        total
        assigned
        inProgress
        submitted
        returned
        completed
        cancelled
        overdue
      }
      units {
        unit {
          id
          name
          kind
        }
        kind
        total
        assigned
        inProgress
        submitted
        returned
        completed
        cancelled
        overdue
      }
      escalations {
        level
        count
      }
      scores {
        venueType
        venues
        assessed
        average
        min
        max
        selfCheckAverage
      }
      evaluation {
        id
        computedAt
        entries {
          rank
          score
          penalty
          unit {
            id
            name
          }
        }
      }
    }
  }
`);

export type DashboardData = Dashboard_DashboardQuery["dashboard"];

function Deadlines({ deadlines }: { deadlines: DashboardData["deadlines"] }) {
  const { t, locale } = useI18n();
  return (
    <Card size="small" title={t("dash.deadlines")}>
      <Flex gap={12} wrap component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {deadlines.map((d) => {
          const color = d.daysLeft < 0 ? "default" : d.daysLeft <= 7 ? "orange" : "blue";
          const left =
            d.daysLeft < 0
              ? t("dash.daysPast", { n: -d.daysLeft })
              : d.daysLeft === 0
                ? t("dash.today")
                : t("dash.daysLeft", { n: d.daysLeft });
          return (
            <li
              key={d.key}
              style={{
                flex: "1 1 150px",
                padding: "8px 12px",
                border: "1px solid #e5e7eb",
                borderRadius: 6,
                background: "#fff",
              }}
            >
              <div style={{ color: "#4b5563", fontSize: 13 }}>{t(`Deadline.${d.key}` as MessageKey)}</div>
              <Flex justify="space-between" align="center" gap={6} wrap>
                <span className="num" style={{ fontSize: 16, fontWeight: 500 }}>
                  {formatDate(d.dueAt, locale)}
                </span>
                <Tag color={color}>{left}</Tag>
              </Flex>
            </li>
          );
        })}
      </Flex>
    </Card>
  );
}

function Escalations({ rows }: { rows: DashboardData["escalations"] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const colors = ["#d97706", "#ea580c", "#dc2626"];
  return (
    <Card size="small" title={t("dash.escalations")}>
      <Flex gap={8} wrap>
        {rows.map((r) => (
          <button
            key={r.level}
            type="button"
            onClick={() => navigate(`/tasks?kind=RECTIFICATION&overdue=true&escalationLevel=${r.level}`)}
            style={{
              flex: "1 1 90px",
              textAlign: "left",
              border: "1px solid #e5e7eb",
              borderRadius: 6,
              padding: "8px 12px",
              background: "#fff",
              cursor: "pointer",
              minHeight: 44,
            }}
          >
            <Statistic
              title={r.level === 0 ? t("dash.level0") : t("dash.level", { n: r.level })}
              value={r.count}
              styles={{ content: { color: r.count ? colors[r.level] : undefined } }}
            />
          </button>
        ))}
      </Flex>
    </Card>
  );
}

function Ranking({ evaluation }: { evaluation: DashboardData["evaluation"] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t("dash.ranking")} extra={<Link to="/evaluation">{t("common.details")}</Link>}>
      {!evaluation ? (
        <Typography.Text type="secondary">{t("dash.noRanking")}</Typography.Text>
      ) : (
        <Table
          rowKey={(e) => e.unit.id}
          size="small"
          pagination={false}
          dataSource={evaluation.entries.slice(0, 10)}
          columns={[
            { title: t("eval.rank"), dataIndex: "rank", key: "r", width: 56, align: "center" },
            { title: t("eval.unit"), key: "u", render: (_: unknown, e) => e.unit.name },
            {
              title: t("eval.score"),
              key: "s",
              align: "right",
              render: (_: unknown, e) => <span className="num">{e.score.toFixed(3)}</span>,
            },
            {
              title: t("eval.penalty"),
              key: "p",
              align: "right",
              render: (_: unknown, e) => <span className="num">{formatPoints(e.penalty, 3)}</span>,
            },
          ]}
        />
      )}
    </Card>
  );
}

/** 工作台: the current campaign at a glance, every number a link to the list behind it. */
export default function DashboardPage() {
  const { t } = useI18n();
  const user = useUser();
  const { campaign } = useCampaign();
  const [{ data, fetching, error }] = useQuery({
    query: DashboardQuery,
    variables: { campaignId: campaign?.id ?? "" },
    pause: !campaign,
  });
  const manager = user.role === "CITY_ADMIN" || user.role === "UNIT_MANAGER" || user.role === "INTEGRATOR";
  if (!campaign) return <NoCampaign />;
  const d = data?.dashboard;

  return (
    <>
      <PageHeader
        title={t("dash.title", { campaign: campaign.name })}
        sub={d && t("dash.scope", { unit: manager ? (d.scope?.name ?? t("dash.city")) : t("dash.mine") })}
      />
      <QueryState fetching={fetching} error={error} hasData={Boolean(d)} />
      {d && (
        <Flex vertical gap={16}>
          <Deadlines deadlines={d.deadlines} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={manager ? 14 : 24}>
              <PhaseProgress phases={d.phases} title={manager ? t("dash.phases") : t("dash.myWork")} />
            </Col>
            {manager && (
              <Col xs={24} xl={10}>
                <Flex vertical gap={16}>
                  <Escalations rows={d.escalations} />
                  {user.role === "CITY_ADMIN" && <PendingExtensions />}
                  <Ranking evaluation={d.evaluation} />
                </Flex>
              </Col>
            )}
          </Row>
          {manager && d.units.length > 0 && <UnitProgress rows={d.units} scopeId={d.scope?.id ?? null} />}
          {manager && <ScoresByType scores={d.scores} />}
          <Typography.Text type="secondary">{t("dash.openList")}</Typography.Text>
        </Flex>
      )}
    </>
  );
}
