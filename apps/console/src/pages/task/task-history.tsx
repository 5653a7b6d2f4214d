import { Card, Timeline, Typography } from "antd";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages";
import { formatDateTime } from "../../lib/format";
import { localizeDetail } from "./history-detail";

interface Event {
  at: string;
  action: string;
  detail?: string | null;
  actor?: { displayName: string } | null;
}

const COLOR: Record<string, string> = {
  COMPLETED: "green",
  APPROVED: "green",
  RETURNED: "orange",
  CANCELLED: "gray",
  ESCALATED: "red",
  REMINDED: "blue",
};

/** 办理记录: every state change, by whom and when. */
export function TaskHistory({ history }: { history: readonly Event[] }) {
  const { t, locale } = useI18n();
  const label = useEnumLabel();
  const action = (a: string) => {
    const key = `history.${a}` as MessageKey;
    const text = t(key);
    return text === key ? a : text;
  };
  // Autosave writes a "sheet saved" event each time: a run of them is shown once, the last, with how many.
  const shown: (Event & { times: number })[] = [];
  for (const e of history) {
    const prev = shown[shown.length - 1];
    if (prev && prev.action === "FINDINGS_SAVED" && e.action === "FINDINGS_SAVED")
      shown[shown.length - 1] = { ...e, times: prev.times + 1 };
    else shown.push({ ...e, times: 1 });
  }
  return (
    <Card title={t("task.history")} size="small">
      <Timeline
        items={shown.map((e, i) => ({
          key: i,
          color: COLOR[e.action] ?? "blue",
          content: (
            <div>
              <Typography.Text strong>
                {action(e.action)}
                {e.times > 1 && ` ×${e.times}`}
              </Typography.Text>
              {e.actor && <Typography.Text type="secondary"> · {e.actor.displayName}</Typography.Text>}
              <div style={{ fontSize: 12, color: "#6b7280" }} className="num">
                {formatDateTime(e.at, locale)}
              </div>
              {e.detail && (
                <div style={{ fontSize: 13, whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
                  {localizeDetail(e.detail, t, label, locale)}
                </div>
              )}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
