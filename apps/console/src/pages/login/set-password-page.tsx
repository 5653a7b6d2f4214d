import { Alert, Button, Form, Input, Typography } from "antd";
import { useI18n } from "../../i18n/i18n";
import { useChangePassword } from "../../lib/account";
import { useErrorText } from "../../lib/client";
import { useSession } from "../../lib/session";
import { AuthScreen } from "./auth-screen";
import { useState } from "react";

/** After a password reset: the temporary password is replaced by the user's own before anything else. */
export default function SetPasswordPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { user, signOut } = useSession();
  const change = useChangePassword();
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (v: { currentPassword: string; newPassword: string }) => {
    setFailure(null);
    const error = await change.run(v.currentPassword, v.newPassword);
    if (error) setFailure(errorText(error));
  };

  return (
    <AuthScreen>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t("account.setPassword")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t("account.setPasswordHint", { name: user?.displayName ?? "" })}
      </Typography.Paragraph>
      {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="currentPassword" label={t("account.temporaryPassword")} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t("users.newPassword")}
          rules={[{ required: true, min: 8 }]}
          extra={t("account.policy")}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={change.fetching}>
          {t("account.setPasswordSubmit")}
        </Button>
        <Button type="link" block onClick={signOut} style={{ marginTop: 8 }}>
          {t("nav.signOut")}
        </Button>
      </Form>
    </AuthScreen>
  );
}
