import { Button, Card, Descriptions, Flex, Typography } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { EvidenceThumbs } from "../../components/evidence";
import { PageHeader } from "../../components/page-header";
import { QueryState } from "../../components/query-state";
import { DueCell, KindTag, ProblemStatusTag, StatusTag } from "../../components/tags";
import { graphql } from "../../gql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useCampaign } from "../../lib/campaign";
import { formatDateTime } from "../../lib/format";
import { can, useUser } from "../../lib/session";
import { AssignProblemsModal, type ProblemsToAssign } from "./assign-problems-modal";

const ProblemQuery = graphql(`
  query ProblemPage_Problem($id: ID!) {
    problem(id: $id) {
      id
      indicatorCode
      ruleCode
      occurrences
      description
      status
      recurrence
      foundAgain
      lastFoundAt
      lateAt
      escalationLevel
      failedRechecks
      createdAt
      resolvedAt
      sourceKind
      viewerCan {
        assignRectification
        assignRecheck
      }
      venue {
        id
        name
        type
        unit {
          id
          name
        }
      }
      rectification {
        id
        status
        dueAt
        overdue
        escalationLevel
        assignee {
          id
          displayName
        }
      }
      evidence {
        id
        fileName
        contentType
        url
      }
    }
  }
`);

const SourceQuery = graphql(`
  query ProblemPage_Source($id: ID!) {
    problem(id: $id) {
      id
      source {
        id
        kind
        campaign {
          id
        }
        rubric {
          code
          indicators {
            code
            requirement
            rules {
              code
              text
            }
          }
        }
      }
    }
  }
`);

/** One problem: what was found, where, by which task, and its rectification. */
export default function ProblemPage() {
  const { id = "" } = useParams();
  const { t, locale } = useI18n();
  const label = useEnumLabel();
  const user = useUser();
  const { campaign } = useCampaign();
  const [{ data, fetching, error }] = useQuery({ query: ProblemQuery, variables: { id } });
  // The source task may be out of the reader's sight (FORBIDDEN): asked for apart, so the problem still shows.
  const [source] = useQuery({ query: SourceQuery, variables: { id } });
  const [assigning, setAssigning] = useState<ProblemsToAssign | null>(null);
  const p = data?.problem;
  if (!p) return <QueryState fetching={fetching} error={error} hasData={false} />;
  const src = source.data?.problem?.source;
  const indicator = src?.rubric?.indicators.find((i) => i.code === p.indicatorCode);
  const rule = indicator?.rules.find((r) => r.code === p.ruleCode);
  const campaignId = src?.campaign.id ?? campaign?.id;
  const open = (kind: ProblemsToAssign["kind"]) =>
    campaignId && setAssigning({ kind, campaignId, venue: p.venue, problemIds: [p.id] });

  return (
    <>
      <PageHeader
        title={`${p.venue.name} · ${p.indicatorCode} ${p.ruleCode}`}
        sub={<ProblemStatusTag status={p.status} />}
        extra={
          can.manage(user) && (
            <>
              {p.viewerCan.assignRectification && (
                <Button type="primary" onClick={() => open("RECTIFICATION")}>
                  {t("problems.assignRect")}
                </Button>
              )}
              {p.viewerCan.assignRecheck && (
                <Button type="primary" onClick={() => open("RECHECK")}>
                  {t("problems.assignRecheck")}
                </Button>
              )}
            </>
          )
        }
      />
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions
            column={{ xs: 1, md: 2 }}
            size="small"
            items={[
              { key: "d", label: t("problems.description"), children: p.description, span: 2 },
              indicator && {
                key: "i",
                label: t("problems.indicator"),
                children: `${p.indicatorCode} ${indicator.requirement}`,
                span: 2,
              },
              rule && { key: "r", label: t("rubric.rules"), children: `${p.ruleCode} ${rule.text}`, span: 2 },
              {
                key: "v",
                label: t("tasks.venue"),
                children: `${p.venue.name}（${label("VenueType", p.venue.type)} · ${p.venue.unit.name}）`,
              },
              { key: "o", label: t("sheet.occurrences"), children: p.occurrences },
              {
                key: "s",
                label: t("problems.source"),
                children: src ? (
                  <Link to={`/tasks/${src.id}`}>
                    <KindTag kind={src.kind} />
                  </Link>
                ) : (
                  <KindTag kind={p.sourceKind} />
                ),
              },
              {
                key: "rec",
                label: t("problems.recurrence"),
                children: p.recurrence ? t("problems.times", { n: p.recurrence }) : t("common.no"),
              },
              { key: "fr", label: t("problems.failedRechecks"), children: p.failedRechecks },
              { key: "c", label: t("problems.found"), children: formatDateTime(p.createdAt, locale) },
              p.resolvedAt && {
                key: "res",
                label: t("problems.resolved"),
                children: formatDateTime(p.resolvedAt, locale),
              },
              p.foundAgain > 0 && {
                key: "again",
                label: t("problems.foundAgainLabel"),
                children: `${t("problems.foundAgain", { n: p.foundAgain })}${p.lastFoundAt ? `（${formatDateTime(p.lastFoundAt, locale)}）` : ""}`,
              },
              p.lateAt && {
                key: "late",
                label: t("problems.lateAt"),
                children: (
                  <Typography.Text type="danger">{`${formatDateTime(p.lateAt, locale)}${p.escalationLevel ? ` · ${t("problems.escalated", { n: p.escalationLevel })}` : ""}`}</Typography.Text>
                ),
              },
            ].filter((x): x is Exclude<typeof x, null | undefined | "" | false> => Boolean(x))}
          />
        </Card>
        {p.rectification && (
          <Card size="small" title={t("problems.rectification")}>
            <Flex gap={8} wrap align="center">
              <Link to={`/tasks/${p.rectification.id}`}>{label("TaskKind", "RECTIFICATION")}</Link>
              <StatusTag status={p.rectification.status} />
              <Typography.Text>{p.rectification.assignee.displayName}</Typography.Text>
              <DueCell
                dueAt={p.rectification.dueAt}
                overdue={p.rectification.overdue}
                escalationLevel={p.rectification.escalationLevel}
              />
            </Flex>
          </Card>
        )}
        {p.evidence.length > 0 && (
          <Card size="small" title={t("task.evidence")}>
            <EvidenceThumbs items={p.evidence} />
          </Card>
        )}
      </Flex>
      {assigning && <AssignProblemsModal what={assigning} onClose={() => setAssigning(null)} />}
    </>
  );
}
