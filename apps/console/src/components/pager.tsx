import { Button, Flex, Typography } from "antd";
import { useI18n } from "../i18n/i18n";

/** Cursor pages: previous, the page number, next; and how many there are in all. */
export function Pager({
  pageNumber,
  hasNext,
  total,
  onPrev,
  onNext,
}: {
  pageNumber: number;
  hasNext: boolean;
  total?: number;
  onPrev(): void;
  onNext(): void;
}) {
  const { t } = useI18n();
  return (
    <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">{total !== undefined ? t("tasks.total", { n: total }) : null}</Typography.Text>
      <Flex gap={8} align="center">
        <Button onClick={onPrev} disabled={pageNumber <= 1}>
          {t("common.prev")}
        </Button>
        <span aria-live="polite">{t("common.page", { n: pageNumber })}</span>
        <Button onClick={onNext} disabled={!hasNext}>
          {t("common.next")}
        </Button>
      </Flex>
    </Flex>
  );
}
