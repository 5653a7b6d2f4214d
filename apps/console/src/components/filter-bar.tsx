import { FilterOutlined } from "@ant-design/icons";
import { Badge, Button, Card, Flex } from "antd";
import { useState, type ReactNode } from "react";
import { useI18n } from "../i18n/i18n";
import { useIsMobile } from "../lib/use-mobile";

/** A list's filters: a row on a desktop; on a phone folded behind one button that says how many are set. */
export function FilterBar({ active, children }: { active: number; children: ReactNode }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const bar = (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Flex gap={8} wrap align="center" role="search" aria-label={t("common.filter")}>
        {children}
      </Flex>
    </Card>
  );
  if (!mobile) return bar;
  return (
    <>
      <Badge count={active} offset={[-4, 4]}>
        <Button
          icon={<FilterOutlined aria-hidden />}
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          style={{ marginBottom: 12 }}
        >
          {t("common.filter")}
        </Button>
      </Badge>
      {open && bar}
    </>
  );
}
