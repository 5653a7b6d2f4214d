import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import { useDeferredValue, useState } from "react";
import { useMutation, useQuery } from "urql";
import { PageHeader } from "../../components/page-header";
import { UnitPicker, VenuePicker } from "../../components/pickers";
import { QueryState } from "../../components/query-state";
import { ShownOnce } from "../../components/shown-once";
import { graphql } from "../../gql";
import type { Role } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useErrorText } from "../../lib/client";
import { ROLES } from "../../lib/enums";
import { formatDateTime } from "../../lib/format";
import { can, useUser } from "../../lib/session";
import { WebhooksTab } from "./webhooks-tab";

const UsersQuery = graphql(`
  query UsersPage_Users($search: String, $role: Role) {
    users(search: $search, role: $role, first: 100) {
      totalCount
      nodes {
        id
        username
        displayName
        role
        active
        unit {
          id
          name
        }
        venue {
          id
          name
        }
      }
    }
  }
`);

const CreateUser = graphql(`
  mutation UsersPage_CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      username
    }
  }
`);

const DeactivateUser = graphql(`
  mutation UsersPage_Deactivate($id: ID!) {
    deactivateUser(id: $id) {
      id
      active
    }
  }
`);

const ResetPassword = graphql(`
  mutation UsersPage_ResetPassword($id: ID!) {
    resetPassword(id: $id)
  }
`);

const UpdateUser = graphql(`
  mutation UsersPage_UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      displayName
      role
      unit {
        id
        name
      }
      venue {
        id
        name
      }
    }
  }
`);

const TokensQuery = graphql(`
  query UsersPage_Tokens {
    apiTokens {
      id
      name
      createdAt
      revokedAt
    }
  }
`);

const CreateToken = graphql(`
  mutation UsersPage_CreateToken($name: String!) {
    createApiToken(name: $name)
  }
`);

const RevokeToken = graphql(`
  mutation UsersPage_RevokeToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      revokedAt
    }
  }
`);

interface Placement {
  displayName: string;
  role: Role;
  unitId?: string | null;
  venueId?: string | null;
}

interface NewUser extends Placement {
  username: string;
  password: string;
}

/** Role, and the venue (VENUE_STAFF) or unit the user belongs to: the same fields to create a user and to move one. */
function PlacementFields({ role, roles }: { role: Role | undefined; roles: readonly Role[] }) {
  const { t } = useI18n();
  const label = useEnumLabel();
  return (
    <>
      <Form.Item name="role" label={t("users.role")} rules={[{ required: true }]}>
        <Select options={roles.map((r) => ({ value: r, label: label("Role", r) }))} />
      </Form.Item>
      {role === "VENUE_STAFF" ? (
        <Form.Item name="venueId" label={t("users.venue")} rules={[{ required: true }]}>
          <VenuePicker />
        </Form.Item>
      ) : (
        <Form.Item name="unitId" label={t("users.unit")}>
          <UnitPicker />
        </Form.Item>
      )}
    </>
  );
}

function UsersTab() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const label = useEnumLabel();
  const user = useUser();
  const { message } = App.useApp();
  const [search, setSearch] = useState("");
  const [role, setRole] = useState<Role | null>(null);
  const deferred = useDeferredValue(search.trim());
  const [{ data, fetching, error }, refetch] = useQuery({
    query: UsersQuery,
    variables: { search: deferred || null, role },
  });
  const [creating, setCreating] = useState(false);
  const [result, create] = useMutation(CreateUser);
  const [, deactivate] = useMutation(DeactivateUser);
  const [, reset] = useMutation(ResetPassword);
  const [updating, update] = useMutation(UpdateUser);
  const [editing, setEditing] = useState<{ id: string; displayName: string } | null>(null);
  const [editForm] = Form.useForm<Placement>();
  const editedRole = Form.useWatch("role", editForm);
  const [temporary, setTemporary] = useState<{ name: string; password: string } | null>(null);
  // The server decides (the city: anyone else; a manager: their unit's users, not city admins); offered accordingly.
  const manages = (u: { id: string; role: string; active: boolean }) =>
    u.active && u.id !== user.id && u.role !== "INTEGRATOR" && (user.role === "CITY_ADMIN" || u.role !== "CITY_ADMIN");
  const [form] = Form.useForm<NewUser>();
  const newRole = Form.useWatch("role", form);
  // A manager creates users of their own subtree; INTEGRATORs are API tokens, not accounts.
  const roles = ROLES.filter((r) => r !== "INTEGRATOR" && (user.role === "CITY_ADMIN" || r !== "CITY_ADMIN"));

  const submit = async (v: NewUser) => {
    const r = await create({
      input: {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        role: v.role,
        unitId: v.unitId ?? null,
        venueId: v.venueId ?? null,
      },
    });
    if (r.error) return void message.error(errorText(r.error));
    message.success(t("users.created", { name: r.data!.createUser.username }));
    setCreating(false);
    form.resetFields();
    refetch({ requestPolicy: "network-only" });
  };

  const saveEdit = async (v: Placement) => {
    const staff = v.role === "VENUE_STAFF";
    const r = await update({
      id: editing!.id,
      input: {
        displayName: v.displayName.trim(),
        role: v.role,
        unitId: staff ? null : (v.unitId ?? null),
        venueId: staff ? (v.venueId ?? null) : null,
      },
    });
    if (r.error) return void message.error(errorText(r.error));
    message.success(t("users.updated", { name: r.data!.updateUser.displayName }));
    setEditing(null);
  };

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t("users.search")}
          placeholder={t("users.search")}
          allowClear
          onChange={(e) => setSearch(e.target.value)}
          style={{ maxWidth: 280 }}
        />
        <Select
          aria-label={t("users.role")}
          placeholder={t("users.role")}
          allowClear
          value={role ?? undefined}
          onChange={(r) => setRole(r ?? null)}
          options={ROLES.map((r) => ({ value: r, label: label("Role", r) }))}
          style={{ width: 180 }}
        />
        <Button type="primary" onClick={() => setCreating(true)}>
          {t("users.new")}
        </Button>
      </Flex>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} />
      {data && data.users.totalCount > data.users.nodes.length && (
        <Typography.Paragraph type="secondary">
          {t("users.more", { shown: data.users.nodes.length, total: data.users.totalCount })}
        </Typography.Paragraph>
      )}
      {data && (
        <Table
          rowKey="id"
          size="small"
          dataSource={data.users.nodes}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          scroll={{ x: true }}
          columns={[
            { title: t("users.username"), dataIndex: "username", key: "u" },
            { title: t("users.displayName"), dataIndex: "displayName", key: "d" },
            { title: t("users.role"), key: "r", render: (_: unknown, u) => <Tag>{label("Role", u.role)}</Tag> },
            { title: t("users.unit"), key: "un", render: (_: unknown, u) => u.venue?.name ?? u.unit?.name ?? "—" },
            {
              title: t("common.status"),
              key: "a",
              render: (_: unknown, u) => (u.active ? t("common.active") : t("common.inactive")),
            },
            {
              title: t("users.actions"),
              key: "x",
              render: (_: unknown, u) =>
                manages(u) && (
                  <Flex gap={4} wrap>
                    <Button
                      size="small"
                      onClick={() => {
                        editForm.setFieldsValue({
                          displayName: u.displayName,
                          role: u.role,
                          unitId: u.unit?.id ?? null,
                          venueId: u.venue?.id ?? null,
                        });
                        setEditing({ id: u.id, displayName: u.displayName });
                      }}
                    >
                      {t("users.edit")}
                    </Button>
                    <Popconfirm
                      title={t("users.resetConfirm")}
                      onConfirm={async () => {
                        const r = await reset({ id: u.id });
                        if (r.error) message.error(errorText(r.error));
                        else setTemporary({ name: u.displayName, password: r.data!.resetPassword });
                      }}
                    >
                      <Button size="small">{t("users.resetPassword")}</Button>
                    </Popconfirm>
                    <Popconfirm
                      title={t("users.deactivateConfirm")}
                      onConfirm={async () => {
                        const r = await deactivate({ id: u.id });
                        if (r.error) message.error(errorText(r.error));
                        else message.success(t("users.deactivated", { name: u.displayName }));
                      }}
                    >
                      <Button size="small" danger>
                        {t("users.deactivate")}
                      </Button>
                    </Popconfirm>
                  </Flex>
                ),
            },
          ]}
        />
      )}
      <Modal
        open={temporary !== null}
        title={temporary ? t("users.temporaryPassword", { name: temporary.name }) : ""}
        onCancel={() => setTemporary(null)}
        footer={null}
        destroyOnHidden
      >
        <Typography.Paragraph copyable={{ text: temporary?.password ?? "" }} style={{ fontSize: 20 }}>
          <span className="num">{temporary?.password}</span>
        </Typography.Paragraph>
      </Modal>
      <Modal
        open={creating}
        title={t("users.new")}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={result.fetching}
        destroyOnHidden
        forceRender
      >
        <Form<NewUser>
          name="new-user"
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ role: "ASSESSOR", unitId: user.unit?.id ?? null }}
        >
          <Form.Item name="username" label={t("users.username")} rules={[{ required: true, whitespace: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t("users.displayName")} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t("users.password")} rules={[{ required: true, min: 8 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <PlacementFields role={newRole} roles={roles} />
        </Form>
      </Modal>
      <Modal
        open={editing !== null}
        title={editing ? t("users.editTitle", { name: editing.displayName }) : ""}
        onCancel={() => setEditing(null)}
        onOk={() => editForm.submit()}
        confirmLoading={updating.fetching}
        destroyOnHidden
        forceRender
      >
        <Form<Placement> name="edit-user" form={editForm} layout="vertical" onFinish={saveEdit}>
          <Typography.Paragraph type="secondary">{t("users.moveNote")}</Typography.Paragraph>
          <Form.Item name="displayName" label={t("users.displayName")} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <PlacementFields role={editedRole} roles={roles} />
        </Form>
      </Modal>
    </>
  );
}

function TokensTab() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: TokensQuery });
  const [, create] = useMutation(CreateToken);
  const [, revoke] = useMutation(RevokeToken);
  const [name, setName] = useState("");
  const [shown, setShown] = useState<string | null>(null);

  const add = async () => {
    const r = await create({ name: name.trim() });
    if (r.error) return void message.error(errorText(r.error));
    setShown(r.data!.createApiToken);
    setName("");
    refetch({ requestPolicy: "network-only" });
  };

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input
          aria-label={t("users.tokenName")}
          placeholder={t("users.tokenName")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          style={{ maxWidth: 280 }}
        />
        <Button type="primary" disabled={!name.trim()} onClick={add}>
          {t("users.newToken")}
        </Button>
      </Flex>
      <ShownOnce intro={t("users.tokenOnce")} value={shown} />
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} />
      {data && (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data.apiTokens}
          columns={[
            { title: t("users.tokenName"), dataIndex: "name", key: "n" },
            { title: t("users.createdAt"), key: "c", render: (_: unknown, k) => formatDateTime(k.createdAt, locale) },
            {
              title: t("common.status"),
              key: "s",
              render: (_: unknown, k) =>
                k.revokedAt ? (
                  <Tag>{t("users.revoked")}</Tag>
                ) : (
                  <Popconfirm
                    title={t("users.revoke")}
                    onConfirm={async () =>
                      void (await revoke({ id: k.id }), refetch({ requestPolicy: "network-only" }))
                    }
                  >
                    <Button size="small" danger>
                      {t("users.revoke")}
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

/** 用户与令牌: the users of your scope and new accounts; read-only API tokens for integrators. */
export default function UsersPage() {
  const { t } = useI18n();
  const user = useUser();
  if (!can.manage(user)) return <Result status="403" title="403" subTitle={t("common.forbiddenPage")} />;
  return (
    <>
      <PageHeader title={t("users.title")} />
      <Card size="small">
        <Tabs
          items={[
            { key: "users", label: t("users.tab"), children: <UsersTab /> },
            { key: "tokens", label: t("users.tokens"), children: <TokensTab /> },
            { key: "webhooks", label: t("hooks.tab"), children: <WebhooksTab /> },
          ]}
        />
      </Card>
    </>
  );
}
