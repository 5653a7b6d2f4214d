import { App, Button, Card, Col, Form, InputNumber, Row } from "antd";
import { useEffect } from "react";
import { useMutation, useQuery } from "urql";
import { graphql } from "../../gql";
import { useEnumLabel, useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages";
import { useErrorText } from "../../lib/client";
import { VENUE_TYPES } from "../../lib/enums";

const PolicyQuery = graphql(`
  query PolicyForm_Policy($id: ID!) {
    campaign(id: $id) {
      id
      version
      evaluationPolicy
    }
  }
`);

const SetPolicy = graphql(`
  mutation PolicyForm_Set($campaignId: ID!, $policy: JSON!, $expectedVersion: Int) {
    setEvaluationPolicy(campaignId: $campaignId, policy: $policy, expectedVersion: $expectedVersion) {
      id
      version
      evaluationPolicy
    }
  }
`);

const PENALTIES = [
  "overdueRectification",
  "failedRecheck",
  "recurringProblem",
  "unannouncedProblem",
  "inflatedSelfCheck",
] as const;

interface Policy {
  weights: Record<string, number>;
  penalties: Record<string, number>;
  penaltyCap: number;
  graceDays: number;
  selfCheckGap: number;
}

/** 评价口径: weights per venue type, points per case, the cap; checked here and by the server (which names the field). */
export function PolicyForm({ campaignId, editable }: { campaignId: string; editable: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const label = useEnumLabel();
  const { message } = App.useApp();
  const [{ data }] = useQuery({ query: PolicyQuery, variables: { id: campaignId } });
  const [saving, save] = useMutation(SetPolicy);
  const [form] = Form.useForm<Policy>();
  const campaign = data?.campaign;

  // The policy as stored, when it is read or changed; never over what the admin is typing.
  useEffect(() => {
    if (campaign && !form.isFieldsTouched()) form.setFieldsValue(campaign.evaluationPolicy as Policy);
  }, [campaign?.version, form]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async (policy: Policy) => {
    const r = await save({ campaignId, policy, expectedVersion: campaign?.version ?? null });
    if (r.error) message.error(errorText(r.error));
    else {
      message.success(t("eval.policySaved"));
      // Saved: what is stored is shown, and later changes of it may show again.
      form.resetFields();
      form.setFieldsValue(r.data!.setEvaluationPolicy.evaluationPolicy as Policy);
    }
  };
  const number = (max: number) => (
    <InputNumber min={0} max={max} step={0.05} style={{ width: "100%" }} disabled={!editable} />
  );

  return (
    <Card size="small" title={t("eval.policy")}>
      <Form<Policy> form={form} layout="vertical" onFinish={submit} size="small" className="policy-form">
        <div style={{ fontWeight: 500, margin: "4px 0 2px" }}>{t("eval.weights")}</div>
        <div style={{ fontSize: 12, color: "rgba(0,0,0,0.62)", marginBottom: 8 }}>{t("eval.weightsHint")}</div>
        <Row gutter={8}>
          {VENUE_TYPES.map((v) => (
            <Col span={12} key={v}>
              <Form.Item
                name={["weights", v]}
                label={label("VenueType", v)}
                rules={[{ required: true, type: "number", min: 0, max: 100 }]}
              >
                {number(100)}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <div style={{ fontWeight: 500, margin: "4px 0 8px" }}>{t("eval.penalties")}</div>
        <Row gutter={8}>
          {PENALTIES.map((p) => (
            <Col span={24} key={p}>
              <Form.Item
                name={["penalties", p]}
                label={t(`eval.${p}` as MessageKey)}
                rules={[{ required: true, type: "number", min: 0, max: 100 }]}
              >
                {number(100)}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item
          name="penaltyCap"
          label={t("eval.penaltyCap")}
          rules={[{ required: true, type: "number", min: 0, max: 100 }]}
        >
          {number(100)}
        </Form.Item>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item
              name="graceDays"
              label={t("eval.graceDays")}
              rules={[{ required: true, type: "integer", min: 0, max: 365 }]}
            >
              <InputNumber min={0} max={365} step={1} precision={0} style={{ width: "100%" }} disabled={!editable} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="selfCheckGap"
              label={t("eval.selfCheckGap")}
              rules={[{ required: true, type: "number", min: 0, max: 100 }]}
            >
              {number(100)}
            </Form.Item>
          </Col>
        </Row>
        {editable ? (
          <Button type="primary" htmlType="submit" block loading={saving.fetching}>
            {t("eval.savePolicy")}
          </Button>
        ) : (
          <div style={{ color: "#6b7280", fontSize: 12 }}>{t("eval.readOnlyPolicy")}</div>
        )}
      </Form>
    </Card>
  );
}
