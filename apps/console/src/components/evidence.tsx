import { CameraOutlined, FileOutlined, PaperClipOutlined } from "@ant-design/icons";
import { App, Button, Flex, Image, Spin } from "antd";
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n/i18n";
import { download, fetchBlobUrl, uploadEvidence, type UploadedEvidence } from "../lib/files";
import { useIsMobile } from "../lib/use-mobile";

type Evidence = Pick<UploadedEvidence, "id" | "fileName" | "contentType" | "url">;

/**
 * What the file picker offers: what POST /evidence accepts (it judges by content). Photos, PDF, Word and Excel, by
 * type and by extension (WPS's .wps and .et have no registered type).
 */
const ACCEPT = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/msword",
  "application/vnd.ms-excel",
  ".docx",
  ".xlsx",
  ".doc",
  ".xls",
  ".wps",
  ".et",
].join(",");

/** A photo fetched with the bearer token (an <img src> cannot send it). */
function Thumb({ e, onRemove }: { e: Evidence; onRemove?: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [src, setSrc] = useState<string | null>(null);
  const image = e.contentType.startsWith("image/");
  useEffect(() => {
    if (!image) return;
    let url: string | null = null;
    let gone = false;
    fetchBlobUrl(e.url)
      .then((u) => {
        // Gone before the photo arrived: let go of it at once.
        if (gone) URL.revokeObjectURL(u);
        else setSrc((url = u));
      })
      .catch(() => setSrc(null));
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [e.url, image]);
  return (
    <Flex vertical align="center" gap={2} style={{ width: 88 }}>
      {image ? (
        src ? (
          <Image src={src} alt={e.fileName} width={80} height={80} style={{ objectFit: "cover", borderRadius: 4 }} />
        ) : (
          <Flex
            align="center"
            justify="center"
            style={{ width: 80, height: 80, background: "#f3f4f6", borderRadius: 4 }}
          >
            <Spin size="small" />
          </Flex>
        )
      ) : (
        <Button
          icon={<FileOutlined aria-hidden />}
          style={{ width: 80, height: 80 }}
          onClick={() => download(e.url, e.fileName).catch((err: Error) => message.error(err.message))}
          aria-label={e.fileName}
        />
      )}
      <span
        style={{ fontSize: 12, maxWidth: 88, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
        title={e.fileName}
      >
        {e.fileName}
      </span>
      {onRemove && (
        <Button size="small" type="link" danger onClick={onRemove} aria-label={`${t("common.remove")} ${e.fileName}`}>
          {t("common.remove")}
        </Button>
      )}
    </Flex>
  );
}

/** Thumbnails of photos and files; removable while editable. */
export function EvidenceThumbs({ items, onRemove }: { items: readonly Evidence[]; onRemove?: (id: string) => void }) {
  if (!items.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap>
        {items.map((e) => (
          <Thumb key={e.id} e={e} onRemove={onRemove ? () => onRemove(e.id) : undefined} />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}

/** Adds a photo (the phone's camera where there is one) or a file; answers the stored evidence. */
export function EvidenceUpload({ onUploaded, label }: { onUploaded: (e: UploadedEvidence) => void; label?: string }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const camera = useRef<HTMLInputElement>(null);
  const file = useRef<HTMLInputElement>(null);

  const take = async (files: FileList | null) => {
    const f = files?.[0];
    if (!f) return;
    setBusy(true);
    try {
      onUploaded(await uploadEvidence(f, f.name));
    } catch (e) {
      message.error(t("sheet.uploadFailed", { message: (e as Error).message }));
    } finally {
      setBusy(false);
      if (camera.current) camera.current.value = "";
      if (file.current) file.current.value = "";
    }
  };

  return (
    <Flex gap={8} wrap>
      {mobile && (
        <>
          <input
            ref={camera}
            type="file"
            accept="image/*"
            capture="environment"
            hidden
            onChange={(e) => void take(e.target.files)}
            data-testid="camera-input"
          />
          <Button icon={<CameraOutlined aria-hidden />} loading={busy} onClick={() => camera.current?.click()}>
            {t("sheet.photo")}
          </Button>
        </>
      )}
      <input
        ref={file}
        type="file"
        accept={ACCEPT}
        hidden
        onChange={(e) => void take(e.target.files)}
        data-testid="file-input"
      />
      <Button icon={<PaperClipOutlined aria-hidden />} loading={busy} onClick={() => file.current?.click()}>
        {label ?? t(mobile ? "sheet.fromFiles" : "task.attach")}
      </Button>
    </Flex>
  );
}
