import { Alert, Button, Card, Col, Descriptions, Flex, Row, Space, Typography } from "antd";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { EvidenceThumbs } from "../../components/evidence";
import { DownloadButton } from "../../components/download-button";
import { PageHeader } from "../../components/page-header";
import { QueryState } from "../../components/query-state";
import { DueCell, KindTag, StatusTag } from "../../components/tags";
import { graphql } from "../../gql";
import type { TaskPage_TaskQuery } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/format";
import { useUser } from "../../lib/session";
import { useIsMobile } from "../../lib/use-mobile";
import { useLiveScore, useUnexamined } from "./live-score";
import { ScoreBar } from "./score-bar";
import { ScoringSheet } from "./scoring-sheet";
import { fromServer, useSheetDraft } from "./sheet-draft";
import { DueDate } from "./due-date";
import { TaskActions } from "./task-actions";
import { TaskHistory } from "./task-history";
import { TaskProblems } from "./task-problems";

const TaskQuery = graphql(`
  query TaskPage_Task($id: ID!) {
    task(id: $id) {
      id
      kind
      status
      dueAt
      overdue
      escalationLevel
      report
      cancelReason
      version
      createdAt
      completedAt
      campaign {
        id
        name
      }
      examined
      venue {
        id
        name
        code
        type
        community
        unit {
          id
          name
          ancestors {
            id
            name
          }
        }
      }
      unit {
        id
        name
      }
      assignee {
        id
        displayName
        username
      }
      assignedBy {
        id
        displayName
      }
      rubric {
        code
        title
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
            onlyFor
          }
        }
      }
      findings {
        id
        indicatorCode
        ruleCode
        occurrences
        note
        evidence {
          id
          fileName
          contentType
          url
        }
      }
      score {
        total
      }
      verdicts {
        problem {
          id
        }
        resolved
        note
      }
      problems {
        id
        foundAgain
        indicatorCode
        ruleCode
        description
        status
        recurrence
        evidence {
          id
          fileName
          contentType
          url
        }
        rectification {
          id
          report
          evidence {
            id
            fileName
            contentType
            url
          }
        }
      }
      evidence {
        id
        fileName
        contentType
        url
      }
      viewerCan {
        start
        edit
        submit
        review
        cancel
        redate
        requestExtension
      }
      extensions {
        id
        status
        requestedDueAt
        reason
        comment
        createdAt
        requestedBy {
          id
          displayName
        }
      }
      history {
        at
        action
        detail
        actor {
          id
          displayName
        }
      }
    }
  }
`);

/** A task: its sheet (scored live, saved as typed, kept offline), its problems, its actions and history. */
export default function TaskPage() {
  const { id = "" } = useParams();
  const [{ data, fetching, error, stale }, refetchQuery] = useQuery({ query: TaskQuery, variables: { id } });
  const refetch = useCallback(() => refetchQuery({ requestPolicy: "network-only" }), [refetchQuery]);
  // A refetch that fails (a phone losing its connection) keeps the page, and what is being typed, as it was.
  const last = useRef<Task | null>(null);
  if (data?.task) last.current = data.task;
  if (last.current?.id !== id && !data?.task) last.current = null;
  const task = last.current;
  if (!task) return <QueryState fetching={fetching} error={error} hasData={false} />;
  return (
    <>
      {error && <QueryState fetching={false} error={error} hasData />}
      {/* One view per task: its draft is bound to the task, later versions reach it as they are read. */}
      <TaskView key={task.id} task={task} fresh={Boolean(data?.task) && !stale && !fetching} refetch={refetch} />
    </>
  );
}

type Task = NonNullable<TaskPage_TaskQuery["task"]>;

function TaskView({ task, fresh, refetch }: { task: Task; fresh: boolean; refetch(): void }) {
  const { t, locale } = useI18n();
  const label = useEnumLabel();
  const user = useUser();
  const mobile = useIsMobile();
  const mine = task.assignee.id === user.id;
  const editable = task.viewerCan.edit;
  const serverFindings = useMemo(() => fromServer(task.findings), [task.findings]);
  const server = useMemo(
    () => ({ version: task.version, findings: serverFindings, examined: task.examined }),
    [task.version, serverFindings, task.examined],
  );
  const draft = useSheetDraft(user.id, task.id, server, editable, fresh);
  const onChange = useCallback(
    (key: string, next: Parameters<typeof draft.update>[1]) => draft.update(key, next),
    [draft],
  );
  const onMark = useCallback((code: string, on: boolean) => draft.mark(code, on), [draft]);
  const venueContext = useMemo(
    () => (task.venue ? { type: task.venue.type, community: task.venue.community } : null),
    [task.venue],
  );
  const unexamined = useUnexamined(task.kind, task.rubric, draft.findings, draft.examined, venueContext);
  const score = useLiveScore(task.rubric, draft.findings);
  const where = task.venue?.name ?? task.unit?.name ?? "";
  const actionsFirst = mobile && Boolean(task.rubric) && !editable;
  const readOnlyReason = task.viewerCan.start
    ? t("sheet.startFirst")
    : !mine
      ? t("sheet.notYours")
      : t("sheet.closed", { status: label("TaskStatus", task.status) });
  // Someone else saved first: read what the server has now, so that the user can choose knowingly.
  useEffect(() => {
    if (draft.state.kind === "conflict") refetch();
  }, [draft.state.kind, refetch]);

  return (
    <>
      <PageHeader
        title={t("task.title", { kind: label("TaskKind", task.kind), venue: where })}
        sub={
          <Space size={4} wrap>
            <KindTag kind={task.kind} />
            <StatusTag status={task.status} />
            <DueCell dueAt={task.dueAt} overdue={task.overdue} escalationLevel={task.escalationLevel} />
          </Space>
        }
        extra={
          task.rubric &&
          (task.score || task.examined.length > 0) && (
            <DownloadButton
              url={`/exports/tasks/${task.id}/sheet.docx`}
              fileName={locale === "zh" ? `${where}评分表.docx` : `scoring-sheet-${task.id}.docx`}
            >
              {t("task.sheetDocx")}
            </DownloadButton>
          )
        }
      />
      {task.rubric && score && (
        <ScoreBar
          score={score}
          state={draft.state}
          editable={editable}
          restored={draft.restored}
          aside={Boolean(draft.aside)}
          serverVersion={task.version}
          canKeepMine={draft.canKeepMine()}
          unexamined={unexamined}
          onKeepMine={() => void draft.keepMine()}
          onLoadTheirs={() => void draft.loadTheirs(server)}
          onRestoreAside={() => void draft.restoreAside()}
          onRetry={() => void draft.flush()}
        />
      )}
      {/* On a phone, what to do first (start, review) comes before the long sheet, not nine screens below it. */}
      {actionsFirst && (
        <div style={{ marginBottom: 12 }}>
          <TaskActions task={task} draft={draft} unexamined={unexamined} onDone={refetch} />
        </div>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={task.rubric ? 16 : 14}>
          {task.rubric ? (
            <Card title={`${t("task.sheet")} · ${task.rubric.title}`} size={mobile ? "small" : "medium"}>
              {!editable && <Alert type="info" showIcon title={readOnlyReason} style={{ marginBottom: 8 }} />}
              <ScoringSheet
                rubric={task.rubric}
                kind={task.kind}
                venue={venueContext}
                findings={draft.findings}
                examined={draft.examined}
                unexamined={unexamined}
                score={score!}
                editable={editable}
                onChange={onChange}
                onMark={onMark}
              />
            </Card>
          ) : (
            <TaskProblems task={task} />
          )}
        </Col>
        <Col xs={24} lg={task.rubric ? 8 : 10}>
          <Flex vertical gap={16}>
            {!actionsFirst && <TaskActions task={task} draft={draft} unexamined={unexamined} onDone={refetch} />}
            <DueDate task={task} onDone={refetch} />
            <Card title={t("task.info")} size="small">
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: "c", label: t("task.campaign"), children: task.campaign.name },
                  task.venue && {
                    key: "v",
                    label: t("tasks.venue"),
                    children: `${task.venue.name}（${label("VenueType", task.venue.type)}）`,
                  },
                  {
                    key: "u",
                    label: t("tasks.unit"),
                    children: task.venue
                      ? [...task.venue.unit.ancestors.map((a) => a.name), task.venue.unit.name].join(" / ")
                      : (task.unit?.name ?? "—"),
                  },
                  { key: "a", label: t("tasks.assignee"), children: task.assignee.displayName },
                  { key: "b", label: t("tasks.assignedBy"), children: task.assignedBy?.displayName ?? "—" },
                  { key: "cr", label: t("task.created"), children: formatDateTime(task.createdAt, locale) },
                  task.completedAt && {
                    key: "co",
                    label: t("task.completed"),
                    children: formatDateTime(task.completedAt, locale),
                  },
                  task.report && {
                    key: "r",
                    label: t("task.report"),
                    children: (
                      <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
                        {task.report}
                      </Typography.Paragraph>
                    ),
                  },
                  task.cancelReason && { key: "x", label: t("task.cancelReason"), children: task.cancelReason },
                  { key: "ver", label: t("task.version"), children: task.version },
                ].filter((x): x is Exclude<typeof x, null | undefined | "" | false> => Boolean(x))}
              />
              {task.evidence.length > 0 && (
                <>
                  <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
                    {t("task.evidence")}
                  </Typography.Title>
                  <EvidenceThumbs items={task.evidence} />
                </>
              )}
            </Card>
            {task.rubric && task.problems.length > 0 && <TaskProblems task={task} />}
            <TaskHistory history={task.history} />
            {task.venue && (
              <Link to={`/tasks?venueId=${task.venue.id}`}>
                <Button type="link">{t("task.venueTasks")}</Button>
              </Link>
            )}
          </Flex>
        </Col>
      </Row>
    </>
  );
}

export type { Task as TaskPageTask };
