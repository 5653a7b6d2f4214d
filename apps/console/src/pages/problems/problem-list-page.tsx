import { Alert, Button, Card, Checkbox, Flex, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { DownloadButton } from "../../components/download-button";
import { PageHeader } from "../../components/page-header";
import { Pager } from "../../components/pager";
import { FilterBar } from "../../components/filter-bar";
import { UnitPicker } from "../../components/pickers";
import { QueryState } from "../../components/query-state";
import { KindTag, ProblemStatusTag } from "../../components/tags";
import { graphql } from "../../gql";
import type { ProblemList_ProblemsQuery, ProblemStatus, VenueType } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useCampaign } from "../../lib/campaign";
import { PROBLEM_STATUSES, VENUE_TYPES } from "../../lib/enums";
import { formatDate } from "../../lib/format";
import { can, useUser } from "../../lib/session";
import { useIsMobile } from "../../lib/use-mobile";
import { useUrlState } from "../../lib/url-state";
import { AssignProblemsModal, type ProblemsToAssign } from "./assign-problems-modal";

const ProblemsQuery = graphql(`
  query ProblemList_Problems($filter: ProblemFilter, $first: Int, $after: String) {
    problems(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        indicatorCode
        ruleCode
        description
        status
        recurrence
        failedRechecks
        createdAt
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
      }
    }
  }
`);

type Row = ProblemList_ProblemsQuery["problems"]["nodes"][number];
const FILTERS = ["status", "unitId", "venueId", "venueType"] as const;

/** 问题清单: filtered in the URL; problems of one venue selected together get their rectification or re-check. */
export default function ProblemListPage() {
  const { t, locale } = useI18n();
  const label = useEnumLabel();
  const user = useUser();
  const mobile = useIsMobile();
  const { campaign } = useCampaign();
  const url = useUrlState(FILTERS, { status: PROBLEM_STATUSES, venueType: VENUE_TYPES }, campaign?.id ?? null);
  const f = url.values;
  const [selected, setSelected] = useState<Row[]>([]);
  // A selection belongs to the page it was made on.
  useEffect(() => setSelected([]), [url.after, f.status, f.unitId, f.venueId, f.venueType]);
  const [assigning, setAssigning] = useState<ProblemsToAssign | null>(null);
  const manager = can.manage(user);

  const [{ data, fetching, error }] = useQuery({
    query: ProblemsQuery,
    variables: {
      filter: {
        campaignId: campaign?.id ?? null,
        status: (f.status as ProblemStatus) ?? null,
        unitId: f.unitId,
        venueId: f.venueId,
        venueType: (f.venueType as VenueType) ?? null,
      },
      first: 20,
      after: url.after,
    },
    pause: !campaign,
  });
  const problems = data?.problems;
  const venues = new Set(selected.map((p) => p.venue.id));
  const oneVenue = venues.size === 1;
  // Offered when every selected problem allows it (one venue; the server's rule per problem).
  const mayRect = oneVenue && selected.every((p) => p.viewerCan.assignRectification);
  const mayRecheck = oneVenue && selected.every((p) => p.viewerCan.assignRecheck);
  const assign = (kind: ProblemsToAssign["kind"], wanted: ProblemStatus) => {
    const ps = selected.filter((p) => p.status === wanted);
    if (ps.length && campaign)
      setAssigning({ kind, campaignId: campaign.id, venue: ps[0]!.venue, problemIds: ps.map((p) => p.id) });
  };
  const toggle = (r: Row, on: boolean) => setSelected((s) => (on ? [...s, r] : s.filter((x) => x.id !== r.id)));

  const columns = [
    {
      title: t("tasks.venue"),
      key: "venue",
      render: (_: unknown, r: Row) => <Link to={`/problems/${r.id}`}>{r.venue.name}</Link>,
    },
    {
      title: t("problems.indicator"),
      key: "ind",
      render: (_: unknown, r: Row) => <span className="num">{`${r.indicatorCode} ${r.ruleCode}`}</span>,
    },
    { title: t("problems.description"), key: "d", render: (_: unknown, r: Row) => r.description },
    { title: t("problems.source"), key: "s", render: (_: unknown, r: Row) => <KindTag kind={r.sourceKind} /> },
    { title: t("common.status"), key: "st", render: (_: unknown, r: Row) => <ProblemStatusTag status={r.status} /> },
    {
      title: t("problems.recurrence"),
      key: "rec",
      render: (_: unknown, r: Row) => (
        <Space size={2}>
          {r.recurrence > 0 && <Tag color="red">{t("problems.times", { n: r.recurrence })}</Tag>}
          {r.failedRechecks > 0 && <Tag color="volcano">{`${t("problems.failedRechecks")} ${r.failedRechecks}`}</Tag>}
        </Space>
      ),
    },
    { title: t("problems.found"), key: "f", render: (_: unknown, r: Row) => formatDate(r.createdAt, locale) },
  ];

  return (
    <>
      <PageHeader
        title={t("problems.title")}
        extra={
          <>
            {manager && (
              <>
                <Button disabled={!mayRect} onClick={() => assign("RECTIFICATION", "OPEN")}>
                  {t("problems.assignRect")}
                </Button>
                <Button disabled={!mayRecheck} onClick={() => assign("RECHECK", "AWAITING_RECHECK")}>
                  {t("problems.assignRecheck")}
                </Button>
              </>
            )}
            {campaign && (
              <DownloadButton
                url={`/exports/problems/${campaign.id}.xlsx?${new URLSearchParams({ ...(f.unitId ? { unitId: f.unitId } : {}), ...(f.status ? { status: f.status } : {}) })}`}
                fileName={locale === "zh" ? `${campaign.year}年度问题清单.xlsx` : `problems-${campaign.year}.xlsx`}
              >
                {t("problems.download")}
              </DownloadButton>
            )}
          </>
        }
      />
      {manager && (
        <Alert
          type={venues.size > 1 ? "warning" : "info"}
          showIcon
          title={venues.size > 1 ? t("problems.oneVenue") : t("problems.selectHint")}
          style={{ marginBottom: 12 }}
        />
      )}
      <FilterBar active={FILTERS.filter((k) => f[k]).length}>
        <Select
          aria-label={t("common.status")}
          placeholder={t("common.status")}
          allowClear
          value={f.status ?? undefined}
          onChange={(v) => url.set({ status: v ?? null })}
          options={PROBLEM_STATUSES.map((s) => ({ value: s, label: label("ProblemStatus", s) }))}
          style={{ width: mobile ? "100%" : 150 }}
        />
        <Select
          aria-label={t("tasks.venueType")}
          placeholder={t("tasks.venueType")}
          allowClear
          value={f.venueType ?? undefined}
          onChange={(v) => url.set({ venueType: v ?? null })}
          options={VENUE_TYPES.map((s) => ({ value: s, label: label("VenueType", s) }))}
          style={{ width: mobile ? "100%" : 170 }}
        />
        {user.role !== "VENUE_STAFF" && (
          <div style={{ width: mobile ? "100%" : 240 }}>
            <UnitPicker
              aria-label={t("tasks.unit")}
              placeholder={t("tasks.unit")}
              value={f.unitId}
              onChange={(v) => url.set({ unitId: v })}
            />
          </div>
        )}
        <Button type="link" onClick={url.reset}>
          {t("common.reset")}
        </Button>
      </FilterBar>
      <QueryState fetching={fetching} error={error} hasData={Boolean(problems)} />
      {problems &&
        (mobile ? (
          <Flex vertical gap={8} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {!problems.nodes.length && <Typography.Text type="secondary">{t("problems.empty")}</Typography.Text>}
            {problems.nodes.map((r) => (
              <li key={r.id}>
                <Flex gap={4} align="stretch">
                  {manager && (
                    <Checkbox
                      className="touch-row"
                      aria-label={`${r.venue.name} ${r.indicatorCode} ${r.ruleCode}`}
                      checked={selected.some((s) => s.id === r.id)}
                      onChange={(e) => toggle(r, e.target.checked)}
                      style={{ paddingInline: 8 }}
                    />
                  )}
                  <Link to={`/problems/${r.id}`} style={{ display: "block", flex: 1, minWidth: 0, color: "inherit" }}>
                    <Card size="small" hoverable>
                      <Typography.Text strong style={{ color: "#1d4ed8" }}>
                        {r.venue.name} · {r.indicatorCode} {r.ruleCode}
                      </Typography.Text>
                      <div>{r.description}</div>
                      <Space size={4} wrap style={{ marginTop: 4 }}>
                        <ProblemStatusTag status={r.status} />
                        {r.recurrence > 0 && <Tag color="red">{t("problems.times", { n: r.recurrence })}</Tag>}
                      </Space>
                    </Card>
                  </Link>
                </Flex>
              </li>
            ))}
          </Flex>
        ) : (
          <Table<Row>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={problems.nodes}
            pagination={false}
            locale={{ emptyText: t("problems.empty") }}
            rowSelection={
              manager
                ? {
                    selectedRowKeys: selected.map((s) => s.id),
                    onChange: (_keys, rows) => setSelected(rows),
                    preserveSelectedRowKeys: true,
                  }
                : undefined
            }
          />
        ))}
      {problems && (
        <Pager
          pageNumber={url.pageNumber}
          hasNext={problems.pageInfo.hasNextPage}
          total={problems.totalCount}
          onPrev={url.prev}
          onNext={() => url.next(problems.pageInfo.endCursor!)}
        />
      )}
      {assigning && (
        <AssignProblemsModal
          what={assigning}
          onClose={() => {
            setAssigning(null);
            setSelected([]);
          }}
        />
      )}
    </>
  );
}
