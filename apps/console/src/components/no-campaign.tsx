import { Skeleton, Typography } from "antd";
import { useI18n } from "../i18n/i18n";
import { useCampaign } from "../lib/campaign";

/** While the campaigns load, a placeholder; once loaded and there is none, the sentence saying so. */
export function NoCampaign() {
  const { t } = useI18n();
  const { fetching } = useCampaign();
  return fetching ? (
    <Skeleton active paragraph={{ rows: 6 }} />
  ) : (
    <Typography.Text>{t("common.noCampaign")}</Typography.Text>
  );
}
