import { UserOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, Form, Input, Modal } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useEnumLabel, useI18n } from "../i18n/i18n";
import { useErrorText } from "../lib/client";
import { useChangePassword } from "../lib/account";
import { forgetSavedDrafts } from "../lib/drafts";
import { useSession, useUser } from "../lib/session";
import { useIsMobile } from "../lib/use-mobile";

/** Who is signed in, and their account: change password, sign out. */
export function UserMenu() {
  const user = useUser();
  const { signOut } = useSession();
  const { t } = useI18n();
  const errorText = useErrorText();
  const label = useEnumLabel();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [changing, setChanging] = useState(false);
  const change = useChangePassword();
  const [form] = Form.useForm();

  const submit = async (v: { currentPassword: string; newPassword: string }) => {
    const error = await change.run(v.currentPassword, v.newPassword);
    if (error) message.error(errorText(error));
    else {
      message.success(t("users.passwordChanged"));
      setChanging(false);
      form.resetFields();
    }
  };

  return (
    <>
      <Dropdown
        trigger={["click"]}
        menu={{
          items: [
            {
              key: "who",
              label: `${user.displayName} · ${label("Role", user.role)}${user.unit ? ` · ${user.unit.name}` : ""}`,
              disabled: true,
            },
            { type: "divider" },
            { key: "password", label: t("users.changePassword"), onClick: () => setChanging(true) },
            {
              key: "out",
              label: t("nav.signOut"),
              onClick: () => {
                void forgetSavedDrafts(user.id);
                signOut();
                void navigate("/login", { replace: true });
              },
            },
          ],
        }}
      >
        <Button
          type="text"
          aria-label={mobile ? t("nav.account") : undefined}
          icon={<UserOutlined aria-hidden />}
          style={{ color: "#fff" }}
        >
          {!mobile && user.displayName}
        </Button>
      </Dropdown>
      <Modal
        open={changing}
        title={t("users.changePassword")}
        onCancel={() => setChanging(false)}
        onOk={() => form.submit()}
        confirmLoading={change.fetching}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="currentPassword" label={t("users.currentPassword")} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t("users.newPassword")} rules={[{ required: true, min: 8 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
