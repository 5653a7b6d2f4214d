import { App, Button, Card, Flex, Form, Input, Modal, Popconfirm, Radio, Typography } from "antd";
import { useState } from "react";
import { useMutation } from "urql";
import { EvidenceThumbs, EvidenceUpload } from "../../components/evidence";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages";
import { useErrorText } from "../../lib/client";
import { useDeviceState } from "../../lib/device-state";
import type { UploadedEvidence } from "../../lib/files";
import { useUser } from "../../lib/session";
import type { TaskPageTask } from "./task-page";
import type { useSheetDraft } from "./sheet-draft";

const Start = graphql(`
  mutation TaskActions_Start($id: ID!) {
    startTask(id: $id) {
      id
      status
      version
    }
  }
`);
const Submit = graphql(`
  mutation TaskActions_Submit($id: ID!, $input: SubmitTaskInput) {
    submitTask(id: $id, input: $input) {
      id
      status
      version
    }
  }
`);
const Review = graphql(`
  mutation TaskActions_Review($id: ID!, $approve: Boolean!, $comment: String) {
    reviewTask(id: $id, approve: $approve, comment: $comment) {
      id
      status
      version
    }
  }
`);
const Cancel = graphql(`
  mutation TaskActions_Cancel($id: ID!, $reason: String!) {
    cancelTask(id: $id, reason: $reason) {
      id
      status
      version
    }
  }
`);

type Draft = ReturnType<typeof useSheetDraft>;

interface SubmitForm {
  report: string;
  evidence: UploadedEvidence[];
  verdicts: Record<string, { resolved?: boolean; note: string }>;
}

/** What the signed-in user may do with the task now: start, submit, approve or return, cancel. */
export function TaskActions({
  task,
  draft,
  unexamined = [],
  onDone,
}: {
  task: TaskPageTask;
  draft: Draft;
  unexamined?: string[];
  onDone(): void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  // What is typed and picked for the submission is kept on this device until it is submitted.
  const user = useUser();
  const [form, setForm, clearForm] = useDeviceState<SubmitForm>(`task-form:${user.id}:${task.id}`, {
    report: "",
    evidence: [],
    verdicts: {},
  });
  const { report, evidence, verdicts } = form;
  const setReport = (r: string) => setForm((f) => ({ ...f, report: r }));
  const setEvidence = (fn: (es: UploadedEvidence[]) => UploadedEvidence[]) =>
    setForm((f) => ({ ...f, evidence: fn(f.evidence) }));
  const setVerdicts = (fn: (v: SubmitForm["verdicts"]) => SubmitForm["verdicts"]) =>
    setForm((f) => ({ ...f, verdicts: fn(f.verdicts) }));
  const [, start] = useMutation(Start);
  const [, submit] = useMutation(Submit);
  const [, review] = useMutation(Review);
  const [, cancel] = useMutation(Cancel);
  const scoring = Boolean(task.rubric);

  const run = async (op: () => Promise<{ error?: import("@urql/core").CombinedError | undefined }>, done: string) => {
    setBusy(true);
    const r = await op();
    setBusy(false);
    if (r.error) message.error(errorText(r.error));
    else {
      message.success(done);
      onDone();
    }
    return !r.error;
  };

  const doSubmit = async () => {
    // A sheet with indicators not examined is not submitted (the server would refuse it, naming them).
    if (unexamined.length) return void message.error(t("sheet.unexaminedSubmit", { codes: unexamined.join("、") }));
    if (scoring) {
      setBusy(true);
      await draft.flush();
      setBusy(false);
      // Submitted only as saved: say why not when it could not be.
      if (!draft.isClean()) {
        const s = draft.state;
        return void message.error(
          s.kind === "conflict" ? t("sheet.conflictShort") : s.kind === "error" ? s.message : t("sheet.offline"),
        );
      }
    }
    if (task.kind === "RECHECK" && task.problems.some((p) => verdicts[p.id]?.resolved === undefined))
      return void message.error(t("task.verdictMissing"));
    const sent = await run(
      () =>
        submit({
          id: task.id,
          input: scoring
            ? null
            : {
                report: report.trim() || null,
                evidenceIds: evidence.map((e) => e.id),
                verdicts:
                  task.kind === "RECHECK"
                    ? task.problems.map((p) => ({
                        problemId: p.id,
                        resolved: verdicts[p.id]!.resolved!,
                        note: verdicts[p.id]!.note || null,
                      }))
                    : null,
              },
        }),
      t("task.submitted"),
    );
    if (sent) clearForm();
  };

  const { start: canStart, submit: canSubmit, review: canReview, cancel: canCancel } = task.viewerCan;
  if (!canStart && !canSubmit && !canReview && !canCancel) return null;

  return (
    <Card title={t("common.actions")} size="small">
      <Flex vertical gap={12}>
        {canStart && (
          <Button
            type="primary"
            block
            loading={busy}
            onClick={() => run(() => start({ id: task.id }), t("task.started"))}
          >
            {t("task.start")}
          </Button>
        )}
        {canSubmit && !scoring && (
          <>
            {task.kind === "RECHECK" && (
              <div>
                <Typography.Title level={3} style={{ fontSize: 14 }}>
                  {t("task.verdicts")}
                </Typography.Title>
                {task.problems.map((p) => (
                  <div key={p.id} style={{ padding: "8px 0", borderTop: "1px solid #f0f0f0" }}>
                    <div id={`verdict-${p.id}`}>
                      {p.indicatorCode} {p.ruleCode} · {p.description}
                    </div>
                    <Radio.Group
                      aria-labelledby={`verdict-${p.id}`}
                      value={verdicts[p.id]?.resolved}
                      onChange={(e) =>
                        setVerdicts((v) => ({
                          ...v,
                          [p.id]: { note: v[p.id]?.note ?? "", resolved: e.target.value as boolean },
                        }))
                      }
                      options={[
                        { value: true, label: t("task.verdictResolved") },
                        { value: false, label: t("task.verdictNotResolved") },
                      ]}
                    />
                    <Input
                      aria-label={`${t("task.verdictNote")} ${p.indicatorCode} ${p.ruleCode}`}
                      placeholder={t("task.verdictNote")}
                      value={verdicts[p.id]?.note ?? ""}
                      onChange={(e) =>
                        setVerdicts((v) => ({ ...v, [p.id]: { resolved: v[p.id]?.resolved, note: e.target.value } }))
                      }
                    />
                  </div>
                ))}
              </div>
            )}
            <label htmlFor="task-report" style={{ fontWeight: 500 }}>
              {t("task.report")}
            </label>
            <Input.TextArea
              id="task-report"
              placeholder={t(`task.reportPlaceholder.${task.kind}` as MessageKey)}
              autoSize={{ minRows: 3, maxRows: 8 }}
              value={report}
              onChange={(e) => setReport(e.target.value)}
            />
            <EvidenceThumbs items={evidence} onRemove={(id) => setEvidence((es) => es.filter((e) => e.id !== id))} />
            <EvidenceUpload onUploaded={(e) => setEvidence((es) => [...es, e])} />
          </>
        )}
        {canSubmit && (
          <Popconfirm
            title={t("task.submitConfirm")}
            onConfirm={doSubmit}
            okText={t("common.confirm")}
            cancelText={t("common.cancel")}
          >
            <Button type="primary" block loading={busy}>
              {t("task.submit")}
            </Button>
          </Popconfirm>
        )}
        {canReview && (
          <Flex gap={8}>
            <Popconfirm
              title={t("task.approve")}
              onConfirm={() => run(() => review({ id: task.id, approve: true, comment: null }), t("task.approved"))}
            >
              <Button type="primary" loading={busy} style={{ flex: 1 }}>
                {t("task.approve")}
              </Button>
            </Popconfirm>
            <Button danger onClick={() => setReturning(true)} style={{ flex: 1 }}>
              {t("task.return")}
            </Button>
          </Flex>
        )}
        {canCancel && (
          <Button danger type="text" onClick={() => setCancelling(true)}>
            {t("task.cancel")}
          </Button>
        )}
      </Flex>
      <ReasonModal
        open={returning}
        title={t("task.return")}
        label={t("task.returnComment")}
        onClose={() => setReturning(false)}
        onOk={(comment) => run(() => review({ id: task.id, approve: false, comment }), t("task.returned"))}
      />
      <ReasonModal
        open={cancelling}
        title={t("task.cancel")}
        label={t("task.cancelPrompt")}
        onClose={() => setCancelling(false)}
        onOk={(reason) => run(() => cancel({ id: task.id, reason }), t("task.cancelled"))}
      />
    </Card>
  );
}

function ReasonModal({
  open,
  title,
  label,
  onClose,
  onOk,
}: {
  open: boolean;
  title: string;
  label: string;
  onClose(): void;
  onOk(text: string): Promise<boolean>;
}) {
  const [form] = Form.useForm<{ text: string }>();
  return (
    <Modal open={open} title={title} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          if (await onOk(v.text.trim())) onClose();
        }}
      >
        <Form.Item name="text" label={label} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
