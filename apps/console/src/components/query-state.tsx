import { Alert, Result, Skeleton } from "antd";
import type { CombinedError } from "@urql/core";
import { useI18n } from "../i18n/i18n";
import { errorCode, useErrorText } from "../lib/client";

/** What a page shows while its query is loading or after it failed; null when there is data to show. */
export function QueryState({
  fetching,
  error,
  hasData,
}: {
  fetching: boolean;
  error?: CombinedError;
  hasData: boolean;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (hasData)
    return error ? (
      <Alert
        type="warning"
        showIcon
        title={t("common.error", { message: errorText(error) })}
        style={{ marginBottom: 12 }}
      />
    ) : null;
  if (fetching) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (error) {
    const code = errorCode(error);
    if (code === "NOT_FOUND") return <Result status="404" title="404" subTitle={t("common.notFound")} />;
    if (code === "FORBIDDEN") return <Result status="403" title="403" subTitle={t("common.forbidden")} />;
    return <Alert type="error" showIcon role="alert" title={t("common.error", { message: errorText(error) })} />;
  }
  return null;
}
