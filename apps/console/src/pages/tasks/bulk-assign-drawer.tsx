import { Alert, App, Button, Checkbox, DatePicker, Drawer, Form, Radio, Select, Spin } from "antd";
import type { Dayjs } from "dayjs";
import { defaultDueAt } from "@assess/domain";
import { useDeferredValue, useMemo } from "react";
import { useMutation, useQuery } from "urql";
import { UnitPicker, UserPicker } from "../../components/pickers";
import { graphql } from "../../gql";
import type { TaskKind, VenueType } from "../../gql/graphql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import { useErrorText } from "../../lib/client";
import { useCampaign } from "../../lib/campaign";
import { dueAtEndOfDay } from "../../lib/dates";
import { formatDate } from "../../lib/format";
import { assignableKinds } from "../../lib/assignable";
import { SCORING_KINDS, VENUE_TYPES } from "../../lib/enums";
import { useUser } from "../../lib/session";
import { useIsMobile } from "../../lib/use-mobile";

const Preview = graphql(`
  query BulkAssign_Preview($input: AssignTasksInput!) {
    previewAssignTasks(input: $input) {
      tasks
      venues
      skippedOpen
      withoutStaff
    }
  }
`);

const Assign = graphql(`
  mutation BulkAssign_Assign($input: AssignTasksInput!) {
    assignTasks(input: $input)
  }
`);

interface Values {
  kind: TaskKind;
  unitId: string | null;
  venueTypes: VenueType[];
  mode: "own" | "one";
  assigneeId: string | null;
  due: Dayjs | null;
}

/** 批量下达: a kind of task for every venue under a unit, with the count it will create shown before it does. */
export function BulkAssignDrawer({ campaignId, onClose }: { campaignId: string; onClose(): void }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const label = useEnumLabel();
  const user = useUser();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) as Values | undefined;
  const input =
    values?.kind && values.unitId && (values.mode === "own" || values.assigneeId)
      ? {
          campaignId,
          kind: values.kind,
          unitId: values.unitId,
          venueTypes: values.venueTypes?.length ? values.venueTypes : null,
          assigneeId: values.mode === "one" ? values.assigneeId : null,
          dueAt: dueAtEndOfDay(values.due),
        }
      : null;
  const deferred = useDeferredValue(input);
  // Left empty, the due date is the plan's for the kind and venue type; if that day has passed, the new tasks
  // would be overdue at once: a date is asked for instead.
  const { campaign } = useCampaign();
  const planDue = useMemo(() => {
    if (!campaign || !values?.kind) return null;
    const c = {
      ...campaign,
      selfCheckDue: new Date(campaign.selfCheckDue),
      unifiedAssessmentDue: new Date(campaign.unifiedAssessmentDue),
      convenienceAssessmentDue: new Date(campaign.convenienceAssessmentDue),
      recheckDue: new Date(campaign.recheckDue),
      annualReportDue: new Date(campaign.annualReportDue),
    };
    const types = values.venueTypes?.length ? values.venueTypes : VENUE_TYPES;
    return new Date(Math.min(...types.map((vt) => defaultDueAt(c, values.kind, vt, new Date()).getTime())));
  }, [campaign, values?.kind, values?.venueTypes]);
  const pastPlan = Boolean(planDue && !values?.due && planDue.getTime() < Date.now());
  const [preview] = useQuery({
    query: Preview,
    variables: { input: deferred! },
    pause: !deferred,
    requestPolicy: "network-only",
  });
  const [assigning, assign] = useMutation(Assign);
  const count = preview.data?.previewAssignTasks.tasks ?? 0;

  const submit = async () => {
    if (!input) return;
    const r = await assign({ input });
    if (r.error) message.error(errorText(r.error));
    else {
      message.success(r.data!.assignTasks ? t("bulk.done", { n: r.data!.assignTasks }) : t("bulk.nothing"));
      onClose();
    }
  };

  const p = preview.data?.previewAssignTasks;
  return (
    <Drawer open onClose={onClose} title={t("bulk.title")} size={mobile ? "100%" : 480} destroyOnHidden>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: assignableKinds(user, SCORING_KINDS)[0],
          unitId: user.unit?.id ?? null,
          venueTypes: [],
          mode: "own",
          assigneeId: null,
          due: null,
        }}
        onFinish={submit}
      >
        <Form.Item name="kind" label={t("bulk.kind")} rules={[{ required: true }]}>
          <Select
            options={assignableKinds(user, SCORING_KINDS).map((k) => ({ value: k, label: label("TaskKind", k) }))}
          />
        </Form.Item>
        <Form.Item name="unitId" label={t("bulk.unit")} rules={[{ required: true }]}>
          <UnitPicker allowClear={false} />
        </Form.Item>
        <Form.Item name="venueTypes" label={t("bulk.types")}>
          <Checkbox.Group options={VENUE_TYPES.map((v) => ({ value: v, label: label("VenueType", v) }))} />
        </Form.Item>
        <Form.Item name="mode" label={t("bulk.assignee")}>
          <Radio.Group
            options={[
              { value: "own", label: t("bulk.ownStaff") },
              { value: "one", label: t("bulk.oneUser") },
            ]}
          />
        </Form.Item>
        {values?.mode === "one" && (
          <Form.Item name="assigneeId" label={t("bulk.pickUser")} rules={[{ required: true }]}>
            <UserPicker />
          </Form.Item>
        )}
        <Form.Item
          name="due"
          label={t("bulk.due")}
          validateStatus={pastPlan ? "warning" : undefined}
          help={
            pastPlan && planDue ? t("bulk.planPassed", { date: formatDate(planDue.toISOString(), locale) }) : undefined
          }
        >
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
        <div aria-live="polite" style={{ marginBottom: 16 }}>
          {preview.fetching && <Spin size="small" description={t("bulk.previewing")} />}
          {preview.error && <Alert type="error" showIcon title={errorText(preview.error)} />}
          {p && !preview.error && (
            <Alert
              type={p.tasks ? "info" : "warning"}
              showIcon
              title={t("bulk.preview", {
                tasks: p.tasks,
                venues: p.venues,
                open: p.skippedOpen,
                nostaff: p.withoutStaff,
              })}
            />
          )}
        </div>
        <Button
          type="primary"
          htmlType="submit"
          block
          disabled={!input || !count || preview.fetching || pastPlan}
          loading={assigning.fetching}
        >
          {count ? t("bulk.submit", { n: count }) : t("bulk.nothing")}
        </Button>
      </Form>
    </Drawer>
  );
}
