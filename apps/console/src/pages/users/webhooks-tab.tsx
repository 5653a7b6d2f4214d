import { App, Button, Flex, Form, Input, Popconfirm, Select, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { QueryState } from "../../components/query-state";
import { ShownOnce } from "../../components/shown-once";
import { graphql } from "../../gql";
import type { WebhookEvent } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useErrorText } from "../../lib/client";
import { formatDateTime } from "../../lib/format";

const EVENTS: WebhookEvent[] = [
  "TASK_ASSIGNED",
  "TASK_SUBMITTED",
  "TASK_RETURNED",
  "TASK_COMPLETED",
  "TASK_ESCALATED",
  "PROBLEM_CREATED",
  "PROBLEM_RESOLVED",
  "PROBLEM_REOPENED",
  "EVALUATION_COMPLETED",
];

const WebhooksQuery = graphql(`
  query WebhooksTab_Webhooks {
    webhooks {
      id
      url
      events
      createdAt
      deliveries(first: 10) {
        totalCount
        nodes {
          id
          event
          attempts
          lastStatus
          lastError
          deliveredAt
          failedAt
          createdAt
        }
      }
    }
  }
`);

const CreateWebhook = graphql(`
  mutation WebhooksTab_Create($url: String!, $events: [WebhookEvent!]!) {
    createWebhook(url: $url, events: $events) {
      secret
      webhook {
        id
      }
    }
  }
`);

const DeleteWebhook = graphql(`
  mutation WebhooksTab_Delete($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

/** Webhook 推送: the manager's webhooks, a new one (its secret shown once), their latest deliveries. */
export function WebhooksTab() {
  const { t, locale } = useI18n();
  const label = useEnumLabel();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebhooksQuery });
  const [creating, create] = useMutation(CreateWebhook);
  const [, remove] = useMutation(DeleteWebhook);
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ url: string; events: WebhookEvent[] }>();

  const submit = async (v: { url: string; events: WebhookEvent[] }) => {
    const r = await create({ url: v.url.trim(), events: v.events });
    if (r.error) return void message.error(errorText(r.error));
    setSecret(r.data!.createWebhook.secret);
    form.resetFields();
    refetch({ requestPolicy: "network-only" });
  };

  return (
    <>
      <Form
        form={form}
        name="new-webhook"
        layout="vertical"
        onFinish={submit}
        initialValues={{ events: ["TASK_COMPLETED", "PROBLEM_CREATED"] }}
      >
        <Flex gap={8} wrap align="end">
          <Form.Item
            name="url"
            label={t("hooks.url")}
            rules={[{ required: true, whitespace: true }]}
            style={{ flex: "1 1 280px", marginBottom: 12 }}
          >
            <Input placeholder="https://" inputMode="url" />
          </Form.Item>
          <Form.Item
            name="events"
            label={t("hooks.events")}
            rules={[{ required: true }]}
            style={{ flex: "2 1 320px", marginBottom: 12 }}
          >
            <Select mode="multiple" options={EVENTS.map((e) => ({ value: e, label: label("WebhookEvent", e) }))} />
          </Form.Item>
          <Form.Item style={{ marginBottom: 12 }}>
            <Button type="primary" htmlType="submit" loading={creating.fetching}>
              {t("hooks.new")}
            </Button>
          </Form.Item>
        </Flex>
      </Form>
      <ShownOnce intro={t("hooks.secretOnce")} value={secret} />
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} />
      {data && (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={data.webhooks}
          expandable={{
            expandedRowRender: (w) =>
              w.deliveries.nodes.length ? (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={w.deliveries.nodes}
                  columns={[
                    { title: t("hooks.events"), key: "e", render: (_: unknown, d) => label("WebhookEvent", d.event) },
                    {
                      title: t("users.createdAt"),
                      key: "c",
                      render: (_: unknown, d) => formatDateTime(d.createdAt, locale),
                    },
                    { title: t("hooks.attempts"), dataIndex: "attempts", key: "a" },
                    {
                      title: t("hooks.lastStatus"),
                      key: "s",
                      render: (_: unknown, d) => d.lastStatus ?? d.lastError ?? "—",
                    },
                    {
                      title: t("common.status"),
                      key: "st",
                      render: (_: unknown, d) =>
                        d.deliveredAt ? (
                          <Tag color="green">{t("hooks.delivered")}</Tag>
                        ) : d.failedAt ? (
                          <Tag color="red">{t("hooks.failed")}</Tag>
                        ) : (
                          <Tag>{t("hooks.pending")}</Tag>
                        ),
                    },
                  ]}
                />
              ) : (
                <Typography.Text type="secondary">{t("hooks.none")}</Typography.Text>
              ),
          }}
          columns={[
            {
              title: t("hooks.url"),
              dataIndex: "url",
              key: "u",
              render: (u: string) => <Typography.Text style={{ wordBreak: "break-all" }}>{u}</Typography.Text>,
            },
            {
              title: t("hooks.events"),
              key: "e",
              render: (_: unknown, w) => w.events.map((e) => <Tag key={e}>{label("WebhookEvent", e)}</Tag>),
            },
            { title: t("hooks.deliveries"), key: "n", render: (_: unknown, w) => w.deliveries.totalCount },
            { title: t("users.createdAt"), key: "c", render: (_: unknown, w) => formatDateTime(w.createdAt, locale) },
            {
              title: t("users.actions"),
              key: "x",
              render: (_: unknown, w) => (
                <Popconfirm
                  title={t("hooks.deleteConfirm")}
                  onConfirm={async () => {
                    const r = await remove({ id: w.id });
                    if (r.error) message.error(errorText(r.error));
                    refetch({ requestPolicy: "network-only" });
                  }}
                >
                  <Button size="small" danger>
                    {t("hooks.delete")}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
