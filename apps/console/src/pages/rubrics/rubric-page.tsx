import { Card, Flex, Select, Table, Tag, Typography } from "antd";
import { useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { PageHeader } from "../../components/page-header";
import { QueryState } from "../../components/query-state";
import { graphql } from "../../gql";
import type { RubricPage_RubricQuery } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { formatPoints } from "../../lib/format";
import { useIsMobile } from "../../lib/use-mobile";

const RubricsQuery = graphql(`
  query RubricPage_Rubrics {
    rubrics {
      code
      year
      title
      venueType
    }
  }
`);

const RubricQuery = graphql(`
  query RubricPage_Rubric($code: String!) {
    rubric(code: $code) {
      code
      year
      title
      venueType
      totalPoints
      bonusCap
      indicators {
        code
        level1
        level2
        requirement
        points
        bonus
        methods
        rules {
          code
          text
          kind
          points
        }
      }
    }
  }
`);

type Indicator = NonNullable<RubricPage_RubricQuery["rubric"]>["indicators"][number];

/** How many rows each cell of a merged column spans: the first of a run spans the run, the others 0. */
function spans(rows: readonly Indicator[], key: (i: Indicator) => string): number[] {
  return rows.map((r, i) => {
    if (i > 0 && key(rows[i - 1]!) === key(r)) return 0;
    let n = 1;
    while (i + n < rows.length && key(rows[i + n]!) === key(r)) n++;
    return n;
  });
}

/** A rubric laid out as its annex: 一级指标, 二级指标, 三级指标, 分值, 评价方式, 评分标准. */
export default function RubricPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const { t } = useI18n();
  const label = useEnumLabel();
  const mobile = useIsMobile();
  const [list] = useQuery({ query: RubricsQuery });
  const chosen = code ?? list.data?.rubrics[0]?.code;
  const [{ data, fetching, error }] = useQuery({
    query: RubricQuery,
    variables: { code: chosen ?? "" },
    pause: !chosen,
  });
  const rubric = data?.rubric;
  const rows = rubric?.indicators ?? [];
  const l1 = spans(rows, (i) => i.level1);
  const l2 = spans(rows, (i) => i.level1 + "|" + i.level2);
  const rules = (ind: Indicator) => (
    <ol style={{ margin: 0, paddingLeft: 18 }}>
      {ind.rules.map((r) => (
        <li key={r.code}>
          {r.text}{" "}
          <Tag color={r.kind === "BONUS" ? "green" : "red"} style={{ marginInlineEnd: 0 }}>
            {r.kind === "BONUS" ? "+" : "−"}
            {formatPoints(r.points)} · {label("RuleKind", r.kind)}
          </Tag>
        </li>
      ))}
    </ol>
  );

  return (
    <>
      <PageHeader
        title={rubric ? rubric.title : t("rubric.title")}
        sub={
          rubric &&
          [
            t("rubric.full", { n: formatPoints(rubric.totalPoints) }),
            rubric.bonusCap > 0 && t("rubric.bonusCap", { n: formatPoints(rubric.bonusCap) }),
          ]
            .filter(Boolean)
            .join(" · ")
        }
        extra={
          <Select
            aria-label={t("rubric.pick")}
            value={chosen}
            onChange={(c) => navigate(`/rubrics/${c}`)}
            options={(list.data?.rubrics ?? []).map((r) => ({
              value: r.code,
              label: `${r.year} · ${label("VenueType", r.venueType)}`,
            }))}
            style={{ minWidth: 240 }}
          />
        }
      />
      <QueryState fetching={fetching || list.fetching} error={error ?? list.error} hasData={Boolean(rubric)} />
      {rubric &&
        (mobile ? (
          <Flex vertical gap={8}>
            {rows.map((ind, i) => (
              <Card key={ind.code} size="small" title={l1[i] ? ind.level1 : undefined}>
                <Typography.Text type="secondary">{ind.level2}</Typography.Text>
                <div style={{ fontWeight: 500, margin: "4px 0" }}>
                  {ind.code} {ind.requirement}（{formatPoints(ind.points)}）
                </div>
                <div style={{ fontSize: 12, color: "#6b7280" }}>
                  {ind.methods.map((m) => label("AssessmentMethod", m)).join("、")}
                </div>
                {rules(ind)}
              </Card>
            ))}
          </Flex>
        ) : (
          <Table<Indicator>
            rowKey="code"
            bordered
            size="small"
            pagination={false}
            dataSource={rows}
            columns={[
              {
                title: t("rubric.level1"),
                key: "l1",
                width: 110,
                onCell: (_r, i) => ({ rowSpan: l1[i!] }),
                render: (_: unknown, r) => r.level1,
              },
              {
                title: t("rubric.level2"),
                key: "l2",
                width: 130,
                onCell: (_r, i) => ({ rowSpan: l2[i!] }),
                render: (_: unknown, r) => r.level2,
              },
              { title: t("rubric.level3"), key: "l3", render: (_: unknown, r) => `${r.code} ${r.requirement}` },
              {
                title: t("rubric.points"),
                key: "p",
                width: 64,
                align: "center",
                render: (_: unknown, r) => formatPoints(r.points),
              },
              {
                title: t("rubric.methods"),
                key: "m",
                width: 100,
                render: (_: unknown, r) => r.methods.map((m) => label("AssessmentMethod", m)).join("、"),
              },
              { title: t("rubric.rules"), key: "r", render: (_: unknown, r) => rules(r) },
            ]}
          />
        ))}
    </>
  );
}
