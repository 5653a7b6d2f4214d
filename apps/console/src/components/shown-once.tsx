import { Card, Typography } from "antd";

/** A secret the server shows only once (an API token, a webhook's signing secret), with a copy button. */
export function ShownOnce({ intro, value }: { intro: string; value: string | null }) {
  if (!value) return null;
  return (
    <Card size="small" style={{ marginBottom: 12, borderColor: "#f59e0b" }}>
      <Typography.Paragraph>{intro}</Typography.Paragraph>
      <Typography.Paragraph copyable code style={{ wordBreak: "break-all" }}>
        {value}
      </Typography.Paragraph>
    </Card>
  );
}
