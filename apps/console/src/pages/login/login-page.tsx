import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Typography } from "antd";
import { useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useMutation } from "urql";
import { useI18n } from "../../i18n/i18n";
import { SignIn } from "../../lib/account";
import { useErrorText } from "../../lib/client";
import { useSession, type SessionUser } from "../../lib/session";
import { AuthScreen } from "./auth-screen";

/** A safe place to go after signing in: a path of this app, never another site. */
function safeNext(next: string | null): string {
  if (!next) return "/";
  try {
    const url = new URL(next, location.origin);
    return url.origin === location.origin ? url.pathname + url.search + url.hash : "/";
  } catch {
    return "/";
  }
}

export default function LoginPage() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { token, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [result, login] = useMutation(SignIn);
  const [failure, setFailure] = useState<string | null>(null);
  const next = safeNext(params.get("next"));

  if (token) return <Navigate to={next} replace />;

  const onFinish = async (v: { username: string; password: string }) => {
    setFailure(null);
    const r = await login({ username: v.username.trim(), password: v.password });
    if (r.data) {
      signIn(r.data.login.token, r.data.login.user as SessionUser);
      void navigate(next, { replace: true });
    } else setFailure(errorText(r.error));
  };

  return (
    <AuthScreen>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0, marginBottom: 4 }}>
        {t("app.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
        {t("login.hint")}
      </Typography.Paragraph>
      {params.get("ended") && !failure && (
        <Alert type="info" showIcon title={t("login.ended")} style={{ marginBottom: 16 }} />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t("login.failed", { message: failure })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
        <Form.Item
          label={t("login.username")}
          name="username"
          rules={[{ required: true, whitespace: true, message: t("login.required", { field: t("login.username") }) }]}
        >
          <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item
          label={t("login.password")}
          name="password"
          rules={[{ required: true, message: t("login.required", { field: t("login.password") }) }]}
        >
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={result.fetching}>
          {t("login.submit")}
        </Button>
      </Form>
    </AuthScreen>
  );
}
