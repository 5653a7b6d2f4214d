import { WarningOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useRouteError } from "react-router";
import { useI18n } from "../i18n/i18n";

/** What a page that failed to load or to render shows: a sentence and a way out, never a stack trace. */
export default function ErrorPage() {
  const error = useRouteError();
  const { t } = useI18n();
  // A page of an older build asked for after a new one replaced it: a reload fetches the new one.
  const stale =
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
  return (
    <div role="alert" style={{ padding: "48px 16px", textAlign: "center" }}>
      <WarningOutlined aria-hidden style={{ fontSize: 40, color: "#b45309" }} />
      <p style={{ fontSize: 18, margin: "16px 0" }}>{stale ? t("error.newVersion") : t("error.page")}</p>
      <Button type="primary" onClick={() => location.reload()}>
        {t("common.reload")}
      </Button>
    </div>
  );
}
