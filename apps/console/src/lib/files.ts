import { currentToken } from "./session";

export interface UploadedEvidence {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  url: string;
}

const auth = (): Record<string, string> => {
  const token = currentToken();
  return token ? { authorization: `Bearer ${token}` } : {};
};

/** POST /evidence: a photo or PDF; the server judges the type by content and answers 400 with a sentence. */
export async function uploadEvidence(file: Blob, fileName: string): Promise<UploadedEvidence> {
  const body = new FormData();
  body.append("file", file, fileName);
  const res = await fetch("/evidence", { method: "POST", body, headers: auth() });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.message ?? `HTTP ${res.status}`);
  return json as UploadedEvidence;
}

/** Evidence and exports need the bearer token, which an <img src> cannot send: fetched as a blob URL instead. */
export async function fetchBlobUrl(url: string): Promise<string> {
  const res = await fetch(url, { headers: auth() });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}

/** Downloads a document (an export) under the given name. */
export async function download(url: string, fileName: string): Promise<void> {
  const res = await fetch(url, { headers: auth() });
  if (!res.ok) {
    const json = await res.json().catch(() => null);
    throw new Error(json?.message ?? `HTTP ${res.status}`);
  }
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
