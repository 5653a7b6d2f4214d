import { App, Breadcrumb, Button, Card, Flex, Form, Input, Modal, Popconfirm, Select, Table, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { DownloadButton } from "../../components/download-button";
import { QueryState } from "../../components/query-state";
import { graphql } from "../../gql";
import type { UnitKind, VenueType } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useErrorText } from "../../lib/client";
import { UNIT_KINDS, VENUE_TYPES } from "../../lib/enums";
import { useCampaign } from "../../lib/campaign";
import { can, useUser } from "../../lib/session";

const UnitQuery = graphql(`
  query UnitDetail_Unit($id: ID!) {
    unit(id: $id) {
      id
      code
      name
      kind
      active
      parent {
        id
      }
      ancestors {
        id
        name
      }
      children {
        id
        code
        name
        kind
        active
      }
      venues {
        id
        code
        name
        type
        active
      }
    }
  }
`);

const CreateUnit = graphql(`
  mutation UnitDetail_CreateUnit($input: CreateUnitInput!) {
    createUnit(input: $input) {
      id
    }
  }
`);
const UpdateUnit = graphql(`
  mutation UnitDetail_UpdateUnit($id: ID!, $input: UpdateUnitInput!) {
    updateUnit(id: $id, input: $input) {
      id
      name
      active
    }
  }
`);
const CreateVenue = graphql(`
  mutation UnitDetail_CreateVenue($input: CreateVenueInput!) {
    createVenue(input: $input) {
      id
    }
  }
`);
const UpdateVenue = graphql(`
  mutation UnitDetail_UpdateVenue($id: ID!, $input: UpdateVenueInput!) {
    updateVenue(id: $id, input: $input) {
      id
      active
    }
  }
`);

/** Which kinds of unit may stand under a unit of this kind. */
const CHILD_KINDS: Record<UnitKind, UnitKind[]> = {
  CITY: ["DISTRICT", "DEPARTMENT"],
  DISTRICT: ["TOWNSHIP"],
  DEPARTMENT: [],
  TOWNSHIP: ["VILLAGE"],
  VILLAGE: [],
};

type Dialog = { kind: "unit" } | { kind: "venue" } | { kind: "rename" } | null;

/** One unit: where it stands, its own venues, the units under it, and (for managers) changes to them. */
export function UnitDetail({
  id,
  onChanged,
  onSelect,
}: {
  id: string;
  onChanged(parentId: string | null): void;
  onSelect(id: string): void;
}) {
  const { t, locale } = useI18n();
  const { campaign } = useCampaign();
  const errorText = useErrorText();
  const label = useEnumLabel();
  const user = useUser();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: UnitQuery, variables: { id } });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [, createUnit] = useMutation(CreateUnit);
  const [, updateUnit] = useMutation(UpdateUnit);
  const [, createVenue] = useMutation(CreateVenue);
  const [, updateVenue] = useMutation(UpdateVenue);
  const [form] = Form.useForm();
  const unit = data?.unit;
  if (!unit) return <QueryState fetching={fetching} error={error} hasData={false} />;
  const manage = can.manage(user);
  // A manager changes the units below their own, not their own (the server's rule).
  const changeThis = manage && (user.role === "CITY_ADMIN" || unit.id !== user.unit?.id);

  const done = (
    r: { error?: import("@urql/core").CombinedError | undefined },
    text: string,
    parentOf: string | null = unit.id,
  ) => {
    if (r.error) return void message.error(errorText(r.error));
    message.success(text);
    setDialog(null);
    refetch({ requestPolicy: "network-only" });
    onChanged(parentOf);
  };

  const submit = async (v: { code: string; name: string; kind: UnitKind; type: VenueType }) => {
    if (dialog?.kind === "unit")
      done(
        await createUnit({ input: { code: v.code.trim(), name: v.name.trim(), kind: v.kind, parentId: unit.id } }),
        t("units.created"),
      );
    else if (dialog?.kind === "venue")
      done(
        await createVenue({ input: { code: v.code.trim(), name: v.name.trim(), type: v.type, unitId: unit.id } }),
        t("units.created"),
      );
    else if (dialog?.kind === "rename")
      done(
        await updateUnit({ id: unit.id, input: { name: v.name.trim() } }),
        t("units.updated"),
        unit.parent?.id ?? null,
      );
  };

  return (
    <Card
      size="small"
      title={
        <Flex vertical gap={2} style={{ padding: "6px 0", whiteSpace: "normal" }}>
          <Breadcrumb items={unit.ancestors.map((a) => ({ title: <a onClick={() => onSelect(a.id)}>{a.name}</a> }))} />
          <span>
            {unit.name} <Tag>{label("UnitKind", unit.kind)}</Tag> <Tag>{unit.code}</Tag>
            {!unit.active && <Tag>{t("common.inactive")}</Tag>}
          </span>
        </Flex>
      }
      extra={<Link to={`/tasks?unitId=${unit.id}`}>{t("units.tasksOf")}</Link>}
    >
      {campaign && (manage || user.role === "INTEGRATOR") && (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <DownloadButton
            url={`/exports/summary/${campaign.id}.xlsx?unitId=${unit.id}`}
            fileName={
              locale === "zh"
                ? `${campaign.year}年度汇总评分表（${unit.name}）.xlsx`
                : `score-summary-${campaign.year}-${unit.code}.xlsx`
            }
          >
            {t("units.summary")}
          </DownloadButton>
        </Flex>
      )}
      {manage && (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {CHILD_KINDS[unit.kind].length > 0 && (
            <Button onClick={() => (form.resetFields(), setDialog({ kind: "unit" }))}>{t("units.newUnit")}</Button>
          )}
          <Button onClick={() => (form.resetFields(), setDialog({ kind: "venue" }))}>{t("units.newVenue")}</Button>
          {changeThis && (
            <>
              <Button onClick={() => (form.setFieldsValue({ name: unit.name }), setDialog({ kind: "rename" }))}>
                {t("units.rename")}
              </Button>
              <Popconfirm
                title={unit.active ? t("units.deactivate") : t("units.activate")}
                onConfirm={async () =>
                  done(
                    await updateUnit({ id: unit.id, input: { active: !unit.active } }),
                    t("units.updated"),
                    unit.parent?.id ?? null,
                  )
                }
              >
                <Button danger={unit.active}>{unit.active ? t("units.deactivate") : t("units.activate")}</Button>
              </Popconfirm>
            </>
          )}
        </Flex>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        title={() => t("units.venues")}
        dataSource={unit.venues}
        locale={{ emptyText: t("common.none") }}
        columns={[
          {
            title: t("common.name"),
            key: "n",
            render: (_: unknown, v) => <Link to={`/tasks?venueId=${v.id}`}>{v.name}</Link>,
          },
          { title: t("units.venueType"), key: "t", render: (_: unknown, v) => label("VenueType", v.type) },
          { title: t("common.code"), dataIndex: "code", key: "c" },
          {
            title: t("common.status"),
            key: "a",
            render: (_: unknown, v) => (
              <Flex gap={4} align="center">
                <Tag color={v.active ? "green" : "default"}>{v.active ? t("common.active") : t("common.inactive")}</Tag>
                {manage && (
                  <Popconfirm
                    title={`${v.active ? t("units.deactivate") : t("units.activate")} ${v.name}`}
                    onConfirm={async () =>
                      done(await updateVenue({ id: v.id, input: { active: !v.active } }), t("units.updated"))
                    }
                  >
                    <Button size="small" type="link">
                      {v.active ? t("units.deactivate") : t("units.activate")}
                    </Button>
                  </Popconfirm>
                )}
              </Flex>
            ),
          },
        ]}
        scroll={{ x: true }}
      />
      {unit.children.length > 0 && (
        <Table
          style={{ marginTop: 16 }}
          rowKey="id"
          size="small"
          title={() => t("units.children")}
          pagination={unit.children.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          dataSource={unit.children}
          columns={[
            {
              title: t("common.name"),
              key: "n",
              render: (_: unknown, c) => <a onClick={() => onSelect(c.id)}>{c.name}</a>,
            },
            { title: t("units.kind"), key: "k", render: (_: unknown, c) => label("UnitKind", c.kind) },
            { title: t("common.code"), dataIndex: "code", key: "c" },
            {
              title: t("common.status"),
              key: "a",
              render: (_: unknown, c) => (c.active ? t("common.active") : t("common.inactive")),
            },
          ]}
          scroll={{ x: true }}
        />
      )}
      <Modal
        open={dialog !== null}
        title={
          dialog?.kind === "unit"
            ? t("units.newUnit")
            : dialog?.kind === "venue"
              ? t("units.newVenue")
              : t("units.rename")
        }
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnHidden
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          {dialog?.kind !== "rename" && (
            <Form.Item name="code" label={t("common.code")} rules={[{ required: true, whitespace: true }]}>
              <Input />
            </Form.Item>
          )}
          <Form.Item name="name" label={t("common.name")} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          {dialog?.kind === "unit" && (
            <Form.Item
              name="kind"
              label={t("units.kind")}
              rules={[{ required: true }]}
              initialValue={CHILD_KINDS[unit.kind][0]}
            >
              <Select
                options={UNIT_KINDS.filter((k) => CHILD_KINDS[unit.kind].includes(k)).map((k) => ({
                  value: k,
                  label: label("UnitKind", k),
                }))}
              />
            </Form.Item>
          )}
          {dialog?.kind === "venue" && (
            <Form.Item name="type" label={t("units.venueType")} rules={[{ required: true }]}>
              <Select options={VENUE_TYPES.map((k) => ({ value: k, label: label("VenueType", k) }))} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
