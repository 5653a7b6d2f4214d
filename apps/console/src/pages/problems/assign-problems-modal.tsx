import { App, DatePicker, Form, Modal, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useNavigate } from "react-router";
import { useMutation } from "urql";
import { UserPicker } from "../../components/pickers";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useErrorText } from "../../lib/client";
import { dueAtEndOfDay } from "../../lib/dates";
import { AssignTaskMutation } from "../tasks/assign-task-modal";

export interface ProblemsToAssign {
  kind: "RECTIFICATION" | "RECHECK";
  campaignId: string;
  venue: { id: string; name: string; unit: { id: string } };
  problemIds: string[];
}

/** 下达整改 / 下达复检 for problems of one venue: the venue's staff rectify, an assessor re-checks. */
export function AssignProblemsModal({ what, onClose }: { what: ProblemsToAssign; onClose(): void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const label = useEnumLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ assigneeId: string; due: Dayjs | null }>();
  const [result, assign] = useMutation(AssignTaskMutation);

  const submit = async (v: { assigneeId: string; due: Dayjs | null }) => {
    const r = await assign({
      input: {
        campaignId: what.campaignId,
        kind: what.kind,
        assigneeId: v.assigneeId,
        venueId: what.venue.id,
        problemIds: what.problemIds,
        dueAt: dueAtEndOfDay(v.due),
      },
    });
    if (r.error) message.error(errorText(r.error));
    else {
      message.success(t("assign.done"));
      onClose();
      void navigate(`/tasks/${r.data!.assignTask.id}`);
    }
  };

  return (
    <Modal
      open
      title={`${label("TaskKind", what.kind)} · ${what.venue.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={result.fetching}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t("common.count", { n: what.problemIds.length })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ due: null }}>
        <Form.Item name="assigneeId" label={t("tasks.assignee")} rules={[{ required: true }]}>
          <UserPicker
            role={what.kind === "RECTIFICATION" ? "VENUE_STAFF" : "ASSESSOR"}
            unitId={what.kind === "RECTIFICATION" ? what.venue.unit.id : null}
          />
        </Form.Item>
        <Form.Item name="due" label={what.kind === "RECTIFICATION" ? t("task.rectificationDue") : t("bulk.due")}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
