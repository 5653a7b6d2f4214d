import { DownloadOutlined } from "@ant-design/icons";
import { App, Button } from "antd";
import { useState } from "react";
import { download } from "../lib/files";

/** A document of the API (an export) downloaded with the bearer token under a name; the server's refusal shown if any. */
export function DownloadButton({
  url,
  fileName,
  children,
}: {
  url: string;
  fileName: string;
  children: React.ReactNode;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined aria-hidden />}
      loading={busy}
      onClick={() => {
        setBusy(true);
        download(url, fileName)
          .catch((e: Error) => message.error(e.message))
          .finally(() => setBusy(false));
      }}
    >
      {children}
    </Button>
  );
}
