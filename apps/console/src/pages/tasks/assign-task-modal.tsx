import { App, DatePicker, Form, Modal, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useNavigate } from "react-router";
import { useMutation } from "urql";
import { UnitPicker, UserPicker, VenuePicker } from "../../components/pickers";
import { graphql } from "../../gql";
import type { TaskKind } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useErrorText } from "../../lib/client";
import { dueAtEndOfDay } from "../../lib/dates";
import { assignableKinds } from "../../lib/assignable";
import { SCORING_KINDS } from "../../lib/enums";
import { useUser } from "../../lib/session";

export const AssignTaskMutation = graphql(`
  mutation AssignTask_Assign($input: AssignTaskInput!) {
    assignTask(input: $input) {
      id
    }
  }
`);

interface Values {
  kind: TaskKind;
  venueId?: string | null;
  unitId?: string | null;
  assigneeId: string;
  due: Dayjs | null;
}

/** One task: an assessment or inspection of a venue, or a unit's annual report. */
export function AssignTaskModal({ campaignId, onClose }: { campaignId: string; onClose(): void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const label = useEnumLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form);
  const [result, assign] = useMutation(AssignTaskMutation);

  const submit = async (v: Values) => {
    const r = await assign({
      input: {
        campaignId,
        kind: v.kind,
        assigneeId: v.assigneeId,
        venueId: v.venueId ?? null,
        unitId: v.unitId ?? null,
        dueAt: dueAtEndOfDay(v.due),
      },
    });
    if (r.error) message.error(errorText(r.error));
    else {
      message.success(t("assign.done"));
      void navigate(`/tasks/${r.data!.assignTask.id}`);
    }
  };

  return (
    <Modal
      open
      title={t("assign.title")}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={result.fetching}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: assignableKinds(user, ["UNANNOUNCED_INSPECTION", ...SCORING_KINDS])[0], due: null }}
        onFinish={submit}
      >
        <Form.Item name="kind" label={t("bulk.kind")} rules={[{ required: true }]}>
          <Select
            options={assignableKinds(user, [...SCORING_KINDS, "ANNUAL_REPORT"]).map((k) => ({
              value: k,
              label: label("TaskKind", k),
            }))}
          />
        </Form.Item>
        {kind === "ANNUAL_REPORT" ? (
          <Form.Item name="unitId" label={t("tasks.unit")} rules={[{ required: true }]}>
            <UnitPicker />
          </Form.Item>
        ) : (
          <Form.Item name="venueId" label={t("assign.venue")} rules={[{ required: true }]}>
            <VenuePicker />
          </Form.Item>
        )}
        <Form.Item name="assigneeId" label={t("tasks.assignee")} rules={[{ required: true }]}>
          <UserPicker />
        </Form.Item>
        <Form.Item name="due" label={t("bulk.due")}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
