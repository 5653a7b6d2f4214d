import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, WarningOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Statistic, Typography } from "antd";
import { useI18n } from "../../i18n/i18n";
import { formatPoints } from "../../lib/format";
import type { LiveScore } from "./live-score";
import type { SaveState } from "./sheet-draft";

interface Props {
  score: LiveScore;
  state: SaveState;
  editable: boolean;
  restored: "restored" | "closed" | null;
  aside: boolean;
  serverVersion: number;
  canKeepMine: boolean;
  /** Indicators still to examine before the sheet may be submitted. */
  unexamined: string[];
  onKeepMine(): void;
  onLoadTheirs(): void;
  onRestoreAside(): void;
  onRetry(): void;
}

function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useI18n();
  switch (state.kind) {
    case "saved":
      return (
        <Typography.Text type="success">
          <CloudOutlined aria-hidden /> {t("sheet.savedAt", { v: state.version })}
        </Typography.Text>
      );
    case "saving":
      return (
        <Typography.Text type="secondary">
          <CloudSyncOutlined aria-hidden /> {t("sheet.saving")}
        </Typography.Text>
      );
    case "dirty":
      return <Typography.Text type="warning">{t("sheet.dirty")}</Typography.Text>;
    case "offline":
      return (
        <Typography.Text type="warning">
          <DisconnectOutlined aria-hidden /> {t("sheet.offlineShort")}
        </Typography.Text>
      );
    case "conflict":
    case "error":
      return (
        <Typography.Text type="danger">
          <WarningOutlined aria-hidden /> {state.kind === "error" ? state.message : t("sheet.dirty")}
        </Typography.Text>
      );
  }
}

/** The live score and whether the sheet is saved, kept in view while scrolling the sheet. */
export function ScoreBar({
  score,
  state,
  editable,
  restored,
  aside,
  serverVersion,
  canKeepMine,
  unexamined,
  onKeepMine,
  onLoadTheirs,
  onRestoreAside,
  onRetry,
}: Props) {
  const { t } = useI18n();
  return (
    <div style={{ position: "sticky", top: 0, zIndex: 10, marginBottom: 12 }}>
      <Card size="small" styles={{ body: { padding: "8px 12px" } }} style={{ boxShadow: "0 2px 8px rgba(0,0,0,0.08)" }}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Flex gap={20} align="center" wrap role="status" aria-live="polite" aria-label={t("sheet.total")}>
            <Statistic
              title={t("sheet.total")}
              value={formatPoints(score.total)}
              styles={{ content: { fontSize: 22, color: "#1d4ed8" } }}
            />
            <Statistic
              title={t("sheet.deducted")}
              value={formatPoints(score.deducted)}
              styles={{ content: { fontSize: 18, color: score.deducted ? "#dc2626" : undefined } }}
            />
            <Statistic
              title={t("sheet.bonus")}
              value={formatPoints(score.bonus)}
              styles={{ content: { fontSize: 18 } }}
            />
            <Typography.Text type="secondary">{t("sheet.findings", { n: score.findings })}</Typography.Text>
            {editable && unexamined.length > 0 && (
              <a href={`#indicator-${unexamined[0]}`} className="touch-row" style={{ color: "#b45309" }}>
                {t("sheet.unexamined", { n: unexamined.length })} · {t("sheet.goTo", { code: unexamined[0]! })}
              </a>
            )}
          </Flex>
          {editable && (
            <Flex gap={8} align="center" wrap>
              <SaveStatus state={state} />
              {state.kind === "error" && (
                <Button size="small" onClick={onRetry}>
                  {t("common.retry")}
                </Button>
              )}
            </Flex>
          )}
        </Flex>
      </Card>
      {editable && state.kind === "offline" && (
        <Alert type="warning" showIcon title={t("sheet.offline")} style={{ marginTop: 8 }} />
      )}
      {editable && restored === "restored" && state.kind !== "conflict" && state.kind !== "offline" && (
        <Alert type="info" showIcon closable title={t("sheet.restored")} style={{ marginTop: 8 }} />
      )}
      {restored === "closed" && (
        <Alert type="warning" showIcon closable title={t("sheet.draftClosed")} style={{ marginTop: 8 }} />
      )}
      {state.kind === "conflict" && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginTop: 8 }}
          title={t("sheet.conflict", { v: serverVersion })}
          action={
            <Flex vertical gap={6}>
              <Button size="small" type="primary" onClick={onKeepMine} disabled={!canKeepMine} loading={!canKeepMine}>
                {t("sheet.keepMine")}
              </Button>
              <Button size="small" onClick={onLoadTheirs}>
                {t("sheet.loadTheirs")}
              </Button>
            </Flex>
          }
        />
      )}
      {aside && state.kind !== "conflict" && editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          title={t("sheet.restoreMine")}
          action={
            <Button size="small" onClick={onRestoreAside}>
              {t("sheet.restoreMine")}
            </Button>
          }
        />
      )}
    </div>
  );
}
