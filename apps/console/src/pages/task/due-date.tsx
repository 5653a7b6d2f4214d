import { App, Button, Card, DatePicker, Flex, Form, Input, Modal, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useMutation } from "urql";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages";
import { useErrorText } from "../../lib/client";
import { dueAtEndOfDay } from "../../lib/dates";
import { formatDate, formatDateTime } from "../../lib/format";
import { useUser } from "../../lib/session";
import type { TaskPageTask } from "./task-page";

const Redate = graphql(`
  mutation DueDate_Redate($id: ID!, $dueAt: DateTime!, $reason: String!) {
    redateTask(id: $id, dueAt: $dueAt, reason: $reason) {
      id
      dueAt
      version
    }
  }
`);

const Ask = graphql(`
  mutation DueDate_Ask($taskId: ID!, $dueAt: DateTime!, $reason: String!) {
    requestExtension(taskId: $taskId, dueAt: $dueAt, reason: $reason) {
      id
      status
    }
  }
`);

const Decide = graphql(`
  mutation DueDate_Decide($id: ID!, $grant: Boolean!, $comment: String) {
    decideExtension(id: $id, grant: $grant, comment: $comment) {
      id
      status
    }
  }
`);

const STATUS_COLOR: Record<string, string> = { REQUESTED: "processing", GRANTED: "success", REFUSED: "error" };

type Dialog = "redate" | "ask" | { decide: string; grant: boolean } | null;

/**
 * The due date: re-dated by the level that assigned the task (a manager within the rectification period), moved
 * further by an extension a manager asks the city for (延期申请), which the city grants or refuses.
 */
export function DueDate({ task, onDone }: { task: TaskPageTask; onDone(): void }) {
  const { t, locale } = useI18n();
  const user = useUser();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{ due: Dayjs; text: string }>();
  const [, redate] = useMutation(Redate);
  const [, ask] = useMutation(Ask);
  const [, decide] = useMutation(Decide);
  const pending = task.extensions.find((e) => e.status === "REQUESTED");
  const city = user.role === "CITY_ADMIN";
  if (!task.viewerCan.redate && !task.viewerCan.requestExtension && !task.extensions.length) return null;

  const submit = async (v: { due?: Dayjs; text: string }) => {
    const reason = v.text.trim();
    const r =
      dialog === "redate"
        ? await redate({ id: task.id, dueAt: dueAtEndOfDay(v.due)!, reason })
        : dialog === "ask"
          ? await ask({ taskId: task.id, dueAt: dueAtEndOfDay(v.due)!, reason })
          : await decide({
              id: (dialog as { decide: string }).decide,
              grant: (dialog as { grant: boolean }).grant,
              comment: reason || null,
            });
    if (r.error) return void message.error(errorText(r.error));
    message.success(t("common.saved"));
    setDialog(null);
    form.resetFields();
    onDone();
  };

  return (
    <Card size="small" title={t("due.title")}>
      <Flex vertical gap={8}>
        {task.extensions.map((e) => (
          <div key={e.id} style={{ padding: 8, border: "1px solid #f0f0f0", borderRadius: 6 }}>
            <Flex justify="space-between" gap={8} wrap>
              <span>
                {t("due.extensionTo", { date: formatDate(e.requestedDueAt, locale) })}{" "}
                <Tag color={STATUS_COLOR[e.status]}>{t(`due.status.${e.status}` as MessageKey)}</Tag>
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.requestedBy?.displayName} · {formatDateTime(e.createdAt, locale)}
              </Typography.Text>
            </Flex>
            <div style={{ fontSize: 13 }}>{e.reason}</div>
            {e.comment && (
              <div style={{ fontSize: 13, color: "rgba(0,0,0,0.62)" }}>{t("due.comment", { text: e.comment })}</div>
            )}
            {city && e.status === "REQUESTED" && (
              <Flex gap={8} style={{ marginTop: 6 }}>
                <Button size="small" type="primary" onClick={() => setDialog({ decide: e.id, grant: true })}>
                  {t("due.grant")}
                </Button>
                <Button size="small" danger onClick={() => setDialog({ decide: e.id, grant: false })}>
                  {t("due.refuse")}
                </Button>
              </Flex>
            )}
          </div>
        ))}
        <Flex gap={8} wrap>
          {task.viewerCan.redate && <Button onClick={() => setDialog("redate")}>{t("due.redate")}</Button>}
          {task.viewerCan.requestExtension && !pending && (
            <Button onClick={() => setDialog("ask")}>{t("due.ask")}</Button>
          )}
        </Flex>
      </Flex>
      <Modal
        open={dialog !== null}
        title={
          dialog === "redate"
            ? t("due.redate")
            : dialog === "ask"
              ? t("due.ask")
              : dialog && dialog.grant
                ? t("due.grant")
                : t("due.refuse")
        }
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          {(dialog === "redate" || dialog === "ask") && (
            <Form.Item
              name="due"
              label={t("due.newDate")}
              rules={[{ required: true }]}
              extra={dialog === "redate" && !city ? t("due.redateHint") : undefined}
            >
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          )}
          <Form.Item
            name="text"
            label={dialog === "redate" || dialog === "ask" ? t("due.reason") : t("due.decisionComment")}
            rules={[{ required: dialog === "redate" || dialog === "ask", whitespace: true }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
