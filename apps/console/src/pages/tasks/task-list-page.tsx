import { PlusOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Segmented, Select, Space, Switch, Table, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { NoCampaign } from "../../components/no-campaign";
import { PageHeader } from "../../components/page-header";
import { Pager } from "../../components/pager";
import { FilterBar } from "../../components/filter-bar";
import { UnitPicker, UserPicker, VenuePicker } from "../../components/pickers";
import { QueryState } from "../../components/query-state";
import { DueCell, KindTag, StatusTag } from "../../components/tags";
import { graphql } from "../../gql";
import type { TaskKind, TaskList_TasksQuery, TaskStatus, VenueType } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useCampaign } from "../../lib/campaign";
import { formatPoints } from "../../lib/format";
import { useUser } from "../../lib/session";
import { useIsMobile } from "../../lib/use-mobile";
import { useUrlState } from "../../lib/url-state";
import { AssignTaskModal } from "./assign-task-modal";
import { BulkAssignDrawer } from "./bulk-assign-drawer";
import { assignableKinds } from "../../lib/assignable";
import { SCORING_KINDS, TASK_KINDS, TASK_STATUSES, VENUE_TYPES } from "../../lib/enums";

const TasksQuery = graphql(`
  query TaskList_Tasks($filter: TaskFilter, $first: Int, $after: String) {
    tasks(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        kind
        status
        dueAt
        overdue
        escalationLevel
        venue {
          id
          name
          type
        }
        unit {
          id
          name
        }
        assignee {
          id
          displayName
        }
        score {
          total
        }
      }
    }
  }
`);

type Row = TaskList_TasksQuery["tasks"]["nodes"][number];
const FILTERS = [
  "kind",
  "status",
  "unitId",
  "venueId",
  "venueType",
  "assigneeId",
  "overdue",
  "escalationLevel",
  "open",
] as const;
const LEVELS = ["0", "1", "2"] as const;
const PAGE_SIZE = 20;

/** The task list: filters in the URL, cursor pages, bulk assignment for managers. */
export default function TaskListPage() {
  const { t } = useI18n();
  const label = useEnumLabel();
  const user = useUser();
  const mobile = useIsMobile();
  const { campaign } = useCampaign();
  const url = useUrlState(
    FILTERS,
    {
      kind: TASK_KINDS,
      status: TASK_STATUSES,
      venueType: VENUE_TYPES,
      escalationLevel: LEVELS,
      overdue: ["true"],
      open: ["true", "false", "all"],
    },
    campaign?.id ?? null,
  );
  const f = url.values;
  const [bulk, setBulk] = useState(false);
  const [single, setSingle] = useState(false);
  const mine = user.role === "ASSESSOR" || user.role === "VENUE_STAFF";

  // Assessors and staff see what is still to do unless they ask for all; managers see all unless they ask.
  const show = f.open ?? (mine ? "true" : "all");
  const filter = {
    campaignId: campaign?.id ?? null,
    kind: (f.kind as TaskKind) ?? null,
    status: (f.status as TaskStatus) ?? null,
    unitId: f.unitId,
    venueType: (f.venueType as VenueType) ?? null,
    venueId: f.venueId,
    assigneeId: f.assigneeId,
    overdue: f.overdue === "true" ? true : null,
    escalationLevel: f.escalationLevel === null ? null : Number(f.escalationLevel),
    open: show === "all" ? null : show === "true",
  };
  const [{ data, fetching, error }] = useQuery({
    query: TasksQuery,
    variables: { filter, first: PAGE_SIZE, after: url.after },
    pause: !campaign,
  });
  const tasks = data?.tasks;

  const title = (r: Row) => r.venue?.name ?? r.unit?.name ?? "—";
  const columns = [
    {
      title: t("tasks.venue"),
      key: "venue",
      render: (_: unknown, r: Row) => <Link to={`/tasks/${r.id}`}>{title(r)}</Link>,
    },
    { title: t("tasks.kind"), key: "kind", render: (_: unknown, r: Row) => <KindTag kind={r.kind} /> },
    {
      title: t("tasks.venueType"),
      key: "type",
      render: (_: unknown, r: Row) => (r.venue ? label("VenueType", r.venue.type) : "—"),
    },
    { title: t("tasks.unit"), key: "unit", render: (_: unknown, r: Row) => r.unit?.name ?? "—" },
    { title: t("tasks.status"), key: "status", render: (_: unknown, r: Row) => <StatusTag status={r.status} /> },
    { title: t("tasks.assignee"), key: "assignee", render: (_: unknown, r: Row) => r.assignee.displayName },
    {
      title: t("tasks.due"),
      key: "due",
      render: (_: unknown, r: Row) => (
        <DueCell dueAt={r.dueAt} overdue={r.overdue} escalationLevel={r.escalationLevel} />
      ),
    },
    {
      title: t("tasks.score"),
      key: "score",
      align: "right" as const,
      render: (_: unknown, r: Row) => <span className="num">{formatPoints(r.score?.total)}</span>,
    },
  ];

  const selectProps = (key: (typeof FILTERS)[number], options: readonly string[], enumName: string, aria: string) => ({
    "aria-label": aria,
    placeholder: aria,
    allowClear: true,
    value: f[key] ?? undefined,
    onChange: (v: string | undefined) => url.set({ [key]: v ?? null }),
    options: options.map((o) => ({ value: o, label: label(enumName, o) })),
    style: { width: mobile ? "100%" : 150 },
  });

  return (
    <>
      <PageHeader
        title={t(mine ? "nav.myTasks" : "tasks.title")}
        extra={
          assignableKinds(user, SCORING_KINDS).length > 0 && (
            <>
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => setSingle(true)}>
                {t("tasks.assignOne")}
              </Button>
              <Button type="primary" icon={<ThunderboltOutlined aria-hidden />} onClick={() => setBulk(true)}>
                {t("tasks.bulk")}
              </Button>
            </>
          )
        }
      />
      <Segmented
        aria-label={t("tasks.show")}
        value={show === "all" ? "all" : show}
        onChange={(v) => url.set({ open: v === (mine ? "true" : "all") ? null : String(v) })}
        options={[
          { value: "true", label: t("tasks.open") },
          { value: "false", label: t("tasks.closed") },
          { value: "all", label: t("common.all") },
        ]}
        style={{ marginBottom: 12, marginInlineEnd: 8 }}
      />
      <FilterBar active={FILTERS.filter((k) => k !== "open" && f[k]).length}>
        <div style={{ width: mobile ? "100%" : 220 }}>
          <VenuePicker
            aria-label={t("tasks.venue")}
            placeholder={t("tasks.venue")}
            value={f.venueId}
            onChange={(v) => url.set({ venueId: v })}
          />
        </div>
        <Select {...selectProps("kind", TASK_KINDS, "TaskKind", t("tasks.kind"))} />
        <Select {...selectProps("status", TASK_STATUSES, "TaskStatus", t("tasks.status"))} />
        <Select {...selectProps("venueType", VENUE_TYPES, "VenueType", t("tasks.venueType"))} />
        <Select
          aria-label={t("tasks.escalation")}
          placeholder={t("tasks.escalation")}
          allowClear
          value={f.escalationLevel ?? undefined}
          onChange={(v: string | undefined) => url.set({ escalationLevel: v ?? null })}
          options={LEVELS.map((l) => ({ value: l, label: l === "0" ? t("dash.level0") : t("dash.level", { n: l }) }))}
          style={{ width: mobile ? "100%" : 130 }}
        />
        {/* Assessors and staff filter by unit or assignee only when a link did: then they see and clear it. */}
        {(!mine || f.unitId || f.assigneeId) && (
          <>
            <div style={{ width: mobile ? "100%" : 220 }}>
              <UnitPicker
                aria-label={t("tasks.unit")}
                placeholder={t("tasks.unit")}
                value={f.unitId}
                onChange={(v) => url.set({ unitId: v })}
              />
            </div>
            <div style={{ width: mobile ? "100%" : 220 }}>
              <UserPicker
                aria-label={t("tasks.assignee")}
                placeholder={t("tasks.assignee")}
                value={f.assigneeId}
                onChange={(v) => url.set({ assigneeId: v })}
              />
            </div>
          </>
        )}
        <Space className="touch-row">
          <Switch
            id="only-overdue"
            checked={f.overdue === "true"}
            onChange={(on) => url.set({ overdue: on ? "true" : null })}
          />
          <label htmlFor="only-overdue">{t("tasks.onlyOverdue")}</label>
        </Space>
        <Button type="link" onClick={url.reset}>
          {t("common.reset")}
        </Button>
      </FilterBar>
      {!campaign ? (
        <NoCampaign />
      ) : (
        <>
          <QueryState fetching={fetching} error={error} hasData={Boolean(tasks)} />
          {tasks &&
            (mobile ? (
              <Flex vertical gap={8} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
                {!tasks.nodes.length && <Typography.Text type="secondary">{t("tasks.empty")}</Typography.Text>}
                {tasks.nodes.map((r) => (
                  <li key={r.id}>
                    <Link to={`/tasks/${r.id}`} style={{ display: "block", color: "inherit" }}>
                      <Card size="small" hoverable>
                        <Flex justify="space-between" gap={8}>
                          <Typography.Text strong style={{ color: "#1d4ed8" }}>
                            {title(r)}
                          </Typography.Text>
                          <span className="num">{formatPoints(r.score?.total)}</span>
                        </Flex>
                        <Space size={4} wrap style={{ marginTop: 6 }}>
                          <KindTag kind={r.kind} />
                          <StatusTag status={r.status} />
                          <DueCell dueAt={r.dueAt} overdue={r.overdue} escalationLevel={r.escalationLevel} />
                        </Space>
                      </Card>
                    </Link>
                  </li>
                ))}
              </Flex>
            ) : (
              <Table<Row>
                rowKey="id"
                size="middle"
                columns={columns}
                dataSource={tasks.nodes}
                pagination={false}
                locale={{ emptyText: t("tasks.empty") }}
                loading={fetching}
              />
            ))}
          {tasks && (
            <Pager
              pageNumber={url.pageNumber}
              hasNext={tasks.pageInfo.hasNextPage}
              total={tasks.totalCount}
              onPrev={url.prev}
              onNext={() => url.next(tasks.pageInfo.endCursor!)}
            />
          )}
        </>
      )}
      {bulk && campaign && <BulkAssignDrawer campaignId={campaign.id} onClose={() => setBulk(false)} />}
      {single && campaign && <AssignTaskModal campaignId={campaign.id} onClose={() => setSingle(false)} />}
    </>
  );
}
