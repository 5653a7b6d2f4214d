import { Card, Flex, Typography } from "antd";
import { Link } from "react-router";
import { EvidenceThumbs } from "../../components/evidence";
import { ProblemStatusTag } from "../../components/tags";
import { useI18n } from "../../i18n/i18n";
import type { TaskPageTask } from "./task-page";

/** The problems a task found (an assessment) or carries (a rectification, a re-check). */
export function TaskProblems({ task }: { task: TaskPageTask }) {
  const { t } = useI18n();
  // A re-check's verdicts, recorded at its submission; they take effect when it is approved.
  const verdicts = new Map(task.verdicts.filter((v) => v.resolved !== null).map((v) => [v.problem.id, v]));
  return (
    <Card title={`${t("task.problems")} (${task.problems.length})`} size="small">
      <Flex vertical gap={8} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
        {task.problems.map((p) => (
          <li key={p.id} style={{ padding: 8, border: "1px solid #f0f0f0", borderRadius: 6 }}>
            <Flex justify="space-between" gap={8} wrap>
              <Link to={`/problems/${p.id}`}>
                <span className="num">
                  {p.indicatorCode} {p.ruleCode}
                </span>{" "}
                {p.description}
              </Link>
              <ProblemStatusTag status={p.status} />
            </Flex>
            {p.recurrence > 0 && (
              <Typography.Text type="danger">{t("problems.times", { n: p.recurrence })}</Typography.Text>
            )}
            {p.foundAgain > 0 && (
              <Typography.Text type="warning">{` ${t("problems.foundAgain", { n: p.foundAgain })}`}</Typography.Text>
            )}
            {verdicts.has(p.id) && (
              <div style={{ marginTop: 4 }}>
                <Typography.Text strong type={verdicts.get(p.id)!.resolved ? "success" : "danger"}>
                  {`${t("task.verdicts")}：${verdicts.get(p.id)!.resolved ? t("task.verdictResolved") : t("task.verdictNotResolved")}`}
                </Typography.Text>
                {verdicts.get(p.id)!.note && <Typography.Text>{`（${verdicts.get(p.id)!.note}）`}</Typography.Text>}
                {task.status === "SUBMITTED" && (
                  <div style={{ fontSize: 12, color: "#6b7280" }}>{t("task.verdictPending")}</div>
                )}
              </div>
            )}
            <EvidenceThumbs items={p.evidence} />
            {task.kind === "RECHECK" &&
              p.rectification &&
              (p.rectification.report || p.rectification.evidence.length > 0) && (
                <div style={{ marginTop: 8, padding: 8, background: "#f0fdf4", borderRadius: 4 }}>
                  <Link to={`/tasks/${p.rectification.id}`}>{t("task.rectificationDone")}</Link>
                  {p.rectification.report && (
                    <Typography.Paragraph style={{ margin: "4px 0", whiteSpace: "pre-wrap" }}>
                      {p.rectification.report}
                    </Typography.Paragraph>
                  )}
                  <EvidenceThumbs items={p.rectification.evidence} />
                </div>
              )}
          </li>
        ))}
        {!task.problems.length && <Typography.Text type="secondary">{t("common.none")}</Typography.Text>}
      </Flex>
    </Card>
  );
}
