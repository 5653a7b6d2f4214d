import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";

export const REPO_ROOT = join(__dirname, "..", "..");
export const INFRA_DIR = join(REPO_ROOT, "infra");

export interface YamlDocument {
  /** Path relative to the repository, e.g. infra/k8s/api.yaml. */
  file: string;
  doc: any;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/**
 * Every document of every YAML file under infra/, parsed; a syntax error throws, naming the file. Merge keys (`<<:`)
 * are read as Docker Compose reads them.
 */
export function infraDocuments(): YamlDocument[] {
  return yamlFiles(INFRA_DIR).flatMap((path) => {
    const file = relative(REPO_ROOT, path);
    return parseAllDocuments(readFileSync(path, "utf8"), { merge: true }).map((d) => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors[0]!.message}`);
      return { file, doc: d.toJS() };
    });
  });
}

/** The Kubernetes objects under infra/ (documents with a `kind`). */
export const kubernetesObjects = () => infraDocuments().filter((d) => d.doc && typeof d.doc.kind === "string");

/** The Compose file's services. */
export const composeServices = (): Record<string, any> =>
  infraDocuments().find((d) => d.file === "infra/docker-compose.yml")!.doc.services;

/** Every container of a Deployment or StatefulSet. */
export const containersOf = (object: any): any[] => object.spec?.template?.spec?.containers ?? [];

/** The scripts `node <file>` runs in Compose services and Kubernetes containers, relative to the image's WORKDIR. */
export function nodeEntries(): string[] {
  const commands = [
    ...Object.values(composeServices()).map((s) => s.command),
    ...kubernetesObjects().flatMap((o) => containersOf(o.doc).map((c) => c.command)),
  ];
  return [...new Set(commands.filter((c): c is string[] => Array.isArray(c) && c[0] === "node").map((c) => c[1]!))];
}
