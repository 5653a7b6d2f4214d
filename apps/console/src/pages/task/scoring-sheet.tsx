import { MinusOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Checkbox, Flex, Input, InputNumber, Space, Switch, Tag, Typography } from "antd";
import { memo, useMemo, useState } from "react";
import { EvidenceThumbs, EvidenceUpload } from "../../components/evidence";
import { COMPLETE_SHEET_KINDS, ruleApplies, type VenueContext } from "@assess/domain";
import type { TaskKind, TaskPage_TaskQuery } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { formatPoints } from "../../lib/format";
import { ruleKey, type DraftFinding, type Findings } from "./sheet-draft";
import type { LiveScore } from "./live-score";

type Rubric = NonNullable<NonNullable<TaskPage_TaskQuery["task"]>["rubric"]>;
type Indicator = Rubric["indicators"][number];
type Rule = Indicator["rules"][number];

/** Indicators under their level-1 and level-2 headings, in the annex's order. */
function group(indicators: readonly Indicator[]) {
  const sections: { level1: string; groups: { level2: string; indicators: Indicator[] }[] }[] = [];
  for (const ind of indicators) {
    let s = sections[sections.length - 1];
    if (!s || s.level1 !== ind.level1) sections.push((s = { level1: ind.level1, groups: [] }));
    let g = s.groups[s.groups.length - 1];
    if (!g || g.level2 !== ind.level2) s.groups.push((g = { level2: ind.level2, indicators: [] }));
    g.indicators.push(ind);
  }
  return sections;
}

/** − n + with 44 px targets: a finger on site, not a mouse. */
function Stepper({
  value,
  onChange,
  disabled,
  label,
}: {
  value: number;
  onChange: (n: number) => void;
  disabled: boolean;
  label: string;
}) {
  return (
    <Space.Compact>
      <Button
        aria-label={`${label} −1`}
        icon={<MinusOutlined aria-hidden />}
        disabled={disabled || value <= 0}
        onClick={() => onChange(value - 1)}
      />
      <InputNumber
        aria-label={label}
        min={0}
        max={1000}
        precision={0}
        controls={false}
        value={value}
        disabled={disabled}
        onChange={(v) => onChange(Math.max(0, Math.min(1000, Number(v ?? 0))))}
        style={{ width: 56, textAlign: "center" }}
      />
      <Button
        aria-label={`${label} +1`}
        icon={<PlusOutlined aria-hidden />}
        disabled={disabled}
        onClick={() => onChange(value + 1)}
      />
    </Space.Compact>
  );
}

interface RuleRowProps {
  indicator: Indicator;
  rule: Rule;
  finding: DraftFinding | undefined;
  editable: boolean;
  /** Why this rule takes no finding here (limited to 社区; not assessed by 明察暗访), or null. */
  closedBecause: string | null;
  onChange: (key: string, next: (prev: DraftFinding | undefined) => DraftFinding | null) => void;
}

const RuleRow = memo(function RuleRow({
  indicator,
  rule,
  finding,
  editable: canEdit,
  closedBecause,
  onChange,
}: RuleRowProps) {
  const editable = canEdit && !closedBecause;
  const { t } = useI18n();
  const key = ruleKey(indicator.code, rule.code);
  const n = finding?.occurrences ?? 0;
  // Computed from the finding as it is when applied (a photo may finish uploading after the note was typed).
  const set = (patch: (prev: DraftFinding) => Partial<DraftFinding>) =>
    onChange(key, (prev) => {
      const base: DraftFinding = prev ?? {
        indicatorCode: indicator.code,
        ruleCode: rule.code,
        occurrences: 0,
        note: "",
        evidence: [],
      };
      const next = { ...base, ...patch(base) };
      // A rule set back to 0 is no finding: its note and photos go with it.
      return next.occurrences > 0 ? next : null;
    });
  const n2 = { n: formatPoints(rule.points) };
  const amount =
    rule.kind === "BONUS"
      ? t("sheet.gainEach", n2)
      : rule.kind === "PER_OCCURRENCE"
        ? t("sheet.lostEach", n2)
        : t("sheet.lost", n2);
  const label = `${indicator.code} ${rule.code}`;
  return (
    <div style={{ padding: "8px 0", borderTop: "1px dashed #e5e7eb" }} data-rule={key}>
      <Flex gap={12} align="flex-start" justify="space-between" wrap>
        {rule.kind === "FIXED" ? (
          <Checkbox
            checked={n > 0}
            disabled={!editable}
            onChange={(e) => set(() => ({ occurrences: e.target.checked ? 1 : 0 }))}
            style={{ flex: 1, minWidth: 220 }}
          >
            <span>{rule.text}</span> <Tag color="red">{amount}</Tag>
            {closedBecause && <Tag>{closedBecause}</Tag>}
          </Checkbox>
        ) : (
          <>
            <div style={{ flex: 1, minWidth: 220 }} id={`rule-${key}`}>
              {rule.text} <Tag color={rule.kind === "BONUS" ? "green" : "red"}>{amount}</Tag>
              {closedBecause && <Tag>{closedBecause}</Tag>}
            </div>
            <Stepper
              value={n}
              disabled={!editable}
              onChange={(v) => set(() => ({ occurrences: v }))}
              label={`${label} ${t("sheet.occurrences")}`}
            />
          </>
        )}
      </Flex>
      {n > 0 && (
        <Flex vertical gap={8} style={{ marginTop: 8, paddingLeft: rule.kind === "FIXED" ? 24 : 0 }}>
          <Input.TextArea
            aria-label={`${label} ${t("sheet.note")}`}
            placeholder={t("sheet.notePlaceholder")}
            autoSize={{ minRows: 1, maxRows: 4 }}
            value={finding?.note ?? ""}
            disabled={!editable}
            onChange={(e) => {
              const note = e.target.value;
              set(() => ({ note }));
            }}
            maxLength={2000}
          />
          <EvidenceThumbs
            items={finding?.evidence ?? []}
            onRemove={editable ? (id) => set((f) => ({ evidence: f.evidence.filter((e) => e.id !== id) })) : undefined}
          />
          {editable && <EvidenceUpload onUploaded={(e) => set((f) => ({ evidence: [...f.evidence, e] }))} />}
        </Flex>
      )}
    </div>
  );
});

interface SheetProps {
  rubric: Rubric;
  kind: TaskKind;
  venue: VenueContext | null;
  findings: Findings;
  examined: string[];
  unexamined: string[];
  onMark: (indicatorCode: string, examined: boolean) => void;
  score: LiveScore;
  editable: boolean;
  onChange: (key: string, next: (prev: DraftFinding | undefined) => DraftFinding | null) => void;
}

/** 评分表: the rubric laid out as its annex, one control per rule, what each indicator lost beside it. */
export function ScoringSheet({
  rubric,
  kind,
  venue,
  findings,
  examined,
  unexamined,
  score,
  editable,
  onChange,
  onMark,
}: SheetProps) {
  const complete = COMPLETE_SHEET_KINDS.includes(kind);
  const closedBecause = (ind: Indicator, rule: Rule): string | null => {
    if (kind === "UNANNOUNCED_INSPECTION" && !ind.methods.includes("UNANNOUNCED")) return t("sheet.notInspected");
    if (venue && !ruleApplies(rule as never, venue)) return t("sheet.communityOnly");
    return null;
  };
  const { t } = useI18n();
  const label = useEnumLabel();
  const [onlyFindings, setOnlyFindings] = useState(false);
  const sections = useMemo(() => group(rubric.indicators), [rubric]);
  const hasFinding = (ind: Indicator) =>
    ind.rules.some((r) => (findings[ruleKey(ind.code, r.code)]?.occurrences ?? 0) > 0);

  return (
    <div>
      <Space className="touch-row" style={{ marginBottom: 8 }}>
        <Switch id="only-findings" checked={onlyFindings} onChange={setOnlyFindings} />
        <label htmlFor="only-findings">{t("sheet.onlyFindings")}</label>
      </Space>
      {sections.map((s) => (
        <section key={s.level1} aria-label={s.level1}>
          <Typography.Title
            level={2}
            style={{ fontSize: 17, margin: "16px 0 8px", paddingLeft: 8, borderLeft: "4px solid #1d4ed8" }}
          >
            {s.level1}
          </Typography.Title>
          {s.groups.map((g) => {
            const shown = g.indicators.filter((ind) => !onlyFindings || hasFinding(ind));
            if (!shown.length) return null;
            return (
              <div key={g.level2}>
                {g.level2 !== s.level1 && (
                  <Typography.Title level={3} style={{ fontSize: 15, margin: "12px 0 6px", color: "#374151" }}>
                    {g.level2}
                  </Typography.Title>
                )}
                {shown.map((ind) => {
                  const lost = ind.bonus ? null : score.lost(ind.code);
                  const found = hasFinding(ind);
                  const missing = unexamined.includes(ind.code);
                  return (
                    <Card
                      key={ind.code}
                      id={`indicator-${ind.code}`}
                      size="small"
                      style={{ marginBottom: 8, borderColor: lost ? "#fca5a5" : missing ? "#f59e0b" : undefined }}
                      title={
                        <Flex justify="space-between" gap={8} wrap style={{ whiteSpace: "normal", padding: "4px 0" }}>
                          <span style={{ fontWeight: 500 }}>
                            <span className="num" style={{ color: "#6b7280", marginRight: 6 }}>
                              {ind.code}
                            </span>
                            {ind.requirement}
                          </span>
                          <span className="num" style={{ whiteSpace: "nowrap" }}>
                            {ind.bonus ? (
                              <Tag color="green">{t("rubric.bonusCap", { n: formatPoints(rubric.bonusCap) })}</Tag>
                            ) : (
                              <Typography.Text type={lost ? "danger" : "secondary"}>
                                {t("sheet.indicatorScore", {
                                  score: formatPoints(ind.points - (lost ?? 0)),
                                  points: formatPoints(ind.points),
                                })}
                              </Typography.Text>
                            )}
                          </span>
                        </Flex>
                      }
                    >
                      <Flex justify="space-between" align="center" gap={8} wrap>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t("rubric.methods")}：{ind.methods.map((m) => label("AssessmentMethod", m)).join("、")}
                        </Typography.Text>
                        {complete && !ind.bonus && (
                          <Checkbox
                            checked={found || examined.includes(ind.code)}
                            disabled={!editable || found}
                            onChange={(e) => onMark(ind.code, e.target.checked)}
                            aria-label={`${ind.code} ${t("sheet.examined")}`}
                          >
                            {found ? (
                              t("sheet.examinedWithFindings")
                            ) : missing ? (
                              <Typography.Text type="warning">{t("sheet.markExamined")}</Typography.Text>
                            ) : (
                              t("sheet.examined")
                            )}
                          </Checkbox>
                        )}
                      </Flex>
                      {ind.rules.map((r) => (
                        <RuleRow
                          key={r.code}
                          indicator={ind}
                          rule={r}
                          finding={findings[ruleKey(ind.code, r.code)]}
                          editable={editable}
                          closedBecause={closedBecause(ind, r)}
                          onChange={onChange}
                        />
                      ))}
                    </Card>
                  );
                })}
              </div>
            );
          })}
        </section>
      ))}
    </div>
  );
}
