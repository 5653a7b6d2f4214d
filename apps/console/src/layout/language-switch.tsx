import { GlobalOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useI18n } from "../i18n/i18n";

/** 中文 ⇄ English; the choice stays in this browser. */
export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Button
      type="text"
      icon={<GlobalOutlined aria-hidden />}
      title={t("lang.label")}
      lang={locale === "zh" ? "en" : "zh-CN"}
      style={dark ? { color: "#fff" } : undefined}
      onClick={() => setLocale(locale === "zh" ? "en" : "zh")}
    >
      {t("lang.switch")}
    </Button>
  );
}
