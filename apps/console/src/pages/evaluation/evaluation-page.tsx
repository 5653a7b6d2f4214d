import { DownloadOutlined, PlayCircleOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Result,
  Row,
  Select,
  Spin,
  Table,
  Tag,
  Typography,
} from "antd";
import { useEffect, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Chart } from "../../components/chart";
import { NoCampaign } from "../../components/no-campaign";
import { DownloadButton } from "../../components/download-button";
import { PageHeader } from "../../components/page-header";
import { QueryState } from "../../components/query-state";
import { graphql } from "../../gql";
import type { EvaluationPage_EvaluationsQuery } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages";
import { useCampaign } from "../../lib/campaign";
import { useErrorText } from "../../lib/client";
import { download } from "../../lib/files";
import { formatDateTime, formatPoints } from "../../lib/format";
import { can, useUser } from "../../lib/session";
import { useIsMobile } from "../../lib/use-mobile";
import { Breakdown } from "./breakdown";
import { PolicyForm } from "./policy-form";

const EvaluationsQuery = graphql(`
  query EvaluationPage_Evaluations($campaignId: ID!) {
    annualEvaluations(campaignId: $campaignId) {
      id
      computedAt
      asOf
      jobRunId
      policy
      inputs
      entries {
        rank
        score
        assessmentScore
        penalty
        venueCount
        overdueRectifications
        failedRechecks
        recurringProblems
        unannouncedProblems
        breakdown
        unit {
          id
          name
          kind
        }
      }
    }
  }
`);

const RequestRun = graphql(`
  mutation EvaluationPage_Run($campaignId: ID!) {
    requestAnnualEvaluation(campaignId: $campaignId) {
      id
      state
    }
  }
`);

const JobQuery = graphql(`
  query EvaluationPage_Job($id: ID!) {
    jobRun(id: $id) {
      id
      state
      attempts
      failedReason
      finishedAt
    }
  }
`);

/** What went into the run: counts of units, venues and penalty cases. */
function RunInputs({ inputs }: { inputs: Record<string, unknown> }) {
  const { t, locale } = useI18n();
  const rows = Object.entries(inputs).filter(([, v]) => typeof v === "number" || typeof v === "string");
  return (
    <Card size="small" title={t("eval.inputs")}>
      <Descriptions
        column={1}
        size="small"
        items={rows.map(([k, v]) => ({
          key: k,
          label: t(`eval.input.${k}` as MessageKey),
          children: k === "asOf" ? formatDateTime(String(v), locale) : String(v),
        }))}
      />
    </Card>
  );
}

type Run = EvaluationPage_EvaluationsQuery["annualEvaluations"][number];
type Entry = Run["entries"][number];

/** Follows a queued run until it ends; answers its state. */
function useJob(id: string | null, onEnd: () => void) {
  const [{ data, fetching }, refetch] = useQuery({
    query: JobQuery,
    variables: { id: id ?? "" },
    pause: !id,
    requestPolicy: "network-only",
  });
  const state = data?.jobRun?.state;
  // Asked again a second after each answer (a failed one too) until the run has ended.
  useEffect(() => {
    if (!id || fetching || state === "COMPLETED" || state === "FAILED") return;
    const timer = setTimeout(() => refetch({ requestPolicy: "network-only" }), 1000);
    return () => clearTimeout(timer);
  }, [id, state, fetching, refetch]);
  useEffect(() => {
    if (state === "COMPLETED") onEnd();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per end
  }, [state]);
  return data?.jobRun ?? null;
}

/** 年度综合评价: the policy, a run and its progress, the ranking with each unit's breakdown, the .xlsx. */
export default function EvaluationPage() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const label = useEnumLabel();
  const user = useUser();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const { campaign } = useCampaign();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: EvaluationsQuery,
    variables: { campaignId: campaign?.id ?? "" },
    pause: !campaign,
  });
  const [picked, setPicked] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [, request] = useMutation(RequestRun);
  const job = useJob(jobId, () => {
    setPicked(null);
    refetch({ requestPolicy: "network-only" });
    message.success(t("eval.done"));
  });
  const runs = data?.annualEvaluations ?? [];
  const run: Run | undefined = runs.find((r) => r.id === picked) ?? runs[0];
  const admin = can.admin(user);

  const chart = useMemo(() => {
    const rows = [...(run?.entries ?? [])].sort((a, b) => a.rank - b.rank);
    return {
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: rows.map((e) => `${e.rank}. ${e.unit.name}`) },
      series: [
        {
          name: t("eval.score"),
          type: "bar",
          stack: "s",
          data: rows.map((e) => e.score),
          itemStyle: { color: "#1d4ed8" },
        },
        {
          name: t("eval.penalty"),
          type: "bar",
          stack: "s",
          data: rows.map((e) => e.penalty),
          itemStyle: { color: "#f87171" },
        },
      ],
    };
  }, [run, t]);

  if (!can.seeEvaluation(user)) return <Result status="403" title="403" subTitle={t("common.forbiddenPage")} />;
  if (!campaign) return <NoCampaign />;

  const start = async () => {
    const r = await request({ campaignId: campaign.id });
    if (r.error) return void message.error(errorText(r.error));
    setJobId(r.data!.requestAnnualEvaluation.id);
  };
  const running = job && job.state !== "COMPLETED" && job.state !== "FAILED";

  const columns = [
    { title: t("eval.rank"), dataIndex: "rank", key: "rank", width: 64, align: "center" as const },
    {
      title: t("eval.unit"),
      key: "u",
      render: (_: unknown, e: Entry) => (
        <span>
          {e.unit.name} <Tag>{label("UnitKind", e.unit.kind)}</Tag>
        </span>
      ),
    },
    {
      title: t("eval.score"),
      key: "s",
      align: "right" as const,
      render: (_: unknown, e: Entry) => <strong className="num">{e.score.toFixed(3)}</strong>,
    },
    {
      title: t("eval.assessment"),
      key: "a",
      align: "right" as const,
      render: (_: unknown, e: Entry) => <span className="num">{e.assessmentScore.toFixed(3)}</span>,
    },
    {
      title: t("eval.penalty"),
      key: "p",
      align: "right" as const,
      render: (_: unknown, e: Entry) => <span className="num">{formatPoints(e.penalty, 3)}</span>,
    },
    { title: t("dash.venues"), dataIndex: "venueCount", key: "v", align: "right" as const },
  ];

  return (
    <>
      <PageHeader
        title={`${campaign.name} · ${t("eval.title")}`}
        extra={
          <>
            {admin && (
              <Button
                type="primary"
                icon={<PlayCircleOutlined aria-hidden />}
                onClick={start}
                loading={Boolean(running)}
              >
                {t("eval.run")}
              </Button>
            )}
            {run && (
              <Button
                icon={<DownloadOutlined aria-hidden />}
                onClick={() =>
                  download(
                    `/exports/evaluation/${campaign.id}.xlsx${picked ? `?jobRunId=${run.jobRunId}` : ""}`,
                    locale === "zh" ? `${campaign.year}年度综合评价.xlsx` : `annual-evaluation-${campaign.year}.xlsx`,
                  ).catch((e) => message.error((e as Error).message))
                }
              >
                {t("eval.download")}
              </Button>
            )}
            {run && (
              <DownloadButton
                url={`/exports/evaluation/${campaign.id}/bulletin.docx`}
                fileName={
                  locale === "zh"
                    ? `${campaign.year}年度综合评价结果通报.docx`
                    : `annual-evaluation-bulletin-${campaign.year}.docx`
                }
              >
                {t("eval.bulletin")}
              </DownloadButton>
            )}
          </>
        }
      />
      {job && (
        <Alert
          style={{ marginBottom: 12 }}
          type={job.state === "FAILED" ? "error" : job.state === "COMPLETED" ? "success" : "info"}
          showIcon
          title={
            job.state === "FAILED"
              ? t("eval.failed", { reason: job.failedReason ?? "" })
              : job.state === "COMPLETED"
                ? t("eval.done")
                : t("eval.running", { state: label("JobState", job.state) })
          }
          description={running && <Spin size="small" />}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={t("dash.ranking")}
            extra={
              runs.length > 1 && (
                <Select
                  aria-label={t("eval.history")}
                  value={run?.id}
                  onChange={setPicked}
                  options={runs.map((r) => ({ value: r.id, label: formatDateTime(r.computedAt, locale) }))}
                  style={{ minWidth: 170 }}
                />
              )
            }
          >
            <QueryState fetching={fetching} error={error} hasData={Boolean(data)} />
            {data && !run && <Typography.Text type="secondary">{t("eval.none")}</Typography.Text>}
            {run && (
              <>
                <Typography.Paragraph type="secondary">
                  {t("eval.computedAt", {
                    at: formatDateTime(run.computedAt, locale),
                    asOf: formatDateTime(run.asOf, locale),
                  })}
                </Typography.Paragraph>
                <Table<Entry>
                  rowKey={(e) => e.unit.id}
                  size="small"
                  pagination={false}
                  dataSource={run.entries}
                  columns={mobile ? columns.filter((c) => ["rank", "u", "s"].includes(c.key)) : columns}
                  expandable={{ expandedRowRender: (e) => <Breakdown entry={e} /> }}
                  scroll={{ x: true }}
                />
                {run.entries.length > 0 && (
                  <div style={{ marginTop: 16 }}>
                    <Chart
                      option={chart}
                      height={Math.max(240, run.entries.length * 28 + 40)}
                      label={t("dash.ranking")}
                    />
                  </div>
                )}
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <PolicyForm campaignId={campaign.id} editable={admin} />
            {run && <RunInputs inputs={run.inputs as Record<string, unknown>} />}
          </Flex>
        </Col>
      </Row>
    </>
  );
}
