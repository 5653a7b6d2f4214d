import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "@assess/config";
import { composeServices, containersOf, INFRA_DIR, infraDocuments, kubernetesObjects } from "../support/infra-yaml";

/**
 * infra/'s Compose file and Kubernetes manifests, read as data (no engine or cluster runs here): they parse, they
 * set only variables the configuration reads, probes ask /healthz, and Redis keeps jobs (AOF, noeviction).
 */
const API = "apps/api/dist/main.js";
const WORKER = "apps/worker/dist/main.js";
const runs = (entry: string) => (command: unknown) => Array.isArray(command) && command[1] === entry;

const objects = () => kubernetesObjects().map((o) => o.doc);
const deploymentRunning = (entry: string) =>
  objects().find((o) => o.kind === "Deployment" && containersOf(o).some((c) => runs(entry)(c.command)));

/** Redis started so that BullMQ keeps its jobs: append-only file on, keys never evicted. */
function keepsJobs(args: string[]): boolean {
  const value = (flag: string) => args[args.indexOf(flag) + 1];
  return value("--appendonly") === "yes" && value("--maxmemory-policy") === "noeviction";
}

describe("infra/ manifests", () => {
  it("every YAML file under infra/ parses", () => {
    const files = new Set(infraDocuments().map((d) => d.file));
    expect([...files]).toEqual(
      expect.arrayContaining(["infra/docker-compose.yml", "infra/k8s/api.yaml", "infra/k8s/worker.yaml"]),
    );
  });

  it("sets no variable the configuration does not read", () => {
    const known = new Set<string>(CONFIG_VARIABLES);
    const names: { where: string; name: string }[] = [];
    for (const [service, s] of Object.entries(composeServices())) {
      if (s.build)
        names.push(...Object.keys(s.environment ?? {}).map((name) => ({ where: `compose ${service}`, name })));
    }
    for (const o of objects()) {
      const data = o.kind === "ConfigMap" ? o.data : o.kind === "Secret" ? o.stringData : undefined;
      names.push(...Object.keys(data ?? {}).map((name) => ({ where: `${o.kind} ${o.metadata.name}`, name })));
      for (const c of containersOf(o))
        names.push(
          ...(c.env ?? []).map((e: { name: string }) => ({ where: `${o.kind} ${o.metadata.name}`, name: e.name })),
        );
    }
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !known.has(n.name))).toEqual([]);
  });

  it("Kubernetes: two APIs with readiness and liveness on /healthz, two workers, every reference resolved", () => {
    const api = deploymentRunning(API);
    const worker = deploymentRunning(WORKER);
    expect(api?.spec.replicas).toBe(2);
    expect(worker?.spec.replicas).toBe(2);
    const container = containersOf(api)[0];
    expect(container.readinessProbe?.httpGet?.path).toBe("/healthz");
    expect(container.livenessProbe?.httpGet?.path).toBe("/healthz");

    const probes = objects()
      .flatMap((o) => containersOf(o))
      .flatMap((c) => [c.startupProbe, c.readinessProbe, c.livenessProbe]);
    expect(probes.filter((p) => p?.httpGet && p.httpGet.path !== "/healthz")).toEqual([]);

    const named = (kind: string) =>
      new Set(
        objects()
          .filter((o) => o.kind === kind)
          .map((o) => o.metadata.name),
      );
    const refs = objects()
      .flatMap((o) => containersOf(o))
      .flatMap((c) => c.envFrom ?? []);
    expect(refs.filter((r: any) => r.configMapRef && !named("ConfigMap").has(r.configMapRef.name))).toEqual([]);
    expect(refs.filter((r: any) => r.secretRef && !named("Secret").has(r.secretRef.name))).toEqual([]);

    const services = objects().filter((o) => o.kind === "Service");
    const backends = objects()
      .filter((o) => o.kind === "Ingress")
      .flatMap((i) => i.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service)));
    expect(backends.length).toBeGreaterThan(0);
    for (const b of backends)
      expect(services.find((s) => s.metadata.name === b.name)?.spec.ports.map((p: any) => p.name)).toContain(
        b.port.name,
      );

    const redis = objects().find((o) => o.kind === "StatefulSet" && o.metadata.name === "redis");
    expect(keepsJobs(containersOf(redis)[0].args)).toBe(true);
  });

  it("Compose: MariaDB with a volume, Redis keeping jobs, two APIs checked on /healthz behind nginx, two workers", () => {
    const services = composeServices();
    expect(services.mariadb.volumes).toEqual(expect.arrayContaining([expect.stringMatching(/:\/var\/lib\/mysql$/)]));
    expect(keepsJobs(services.redis.command)).toBe(true);

    const apis = Object.keys(services).filter((name) => runs(API)(services[name].command));
    expect(apis).toHaveLength(2);
    for (const name of apis) expect(services[name].healthcheck.test.join(" ")).toMatch(/\/healthz\b/);
    const workers = Object.values(services).filter((s) => runs(WORKER)(s.command));
    expect(workers.reduce((n, s) => n + (s.deploy?.replicas ?? 1), 0)).toBe(2);

    // nginx balances over exactly the API services, on the port the API listens on by default.
    const upstream = [
      ...readFileSync(join(INFRA_DIR, "nginx.conf"), "utf8").matchAll(/^\s*server\s+([\w-]+):4000\b/gm),
    ].map((m) => m[1]);
    expect(upstream.sort()).toEqual(apis.sort());
    expect(services.proxy.volumes.join(" ")).toMatch(/nginx\.conf:/);
  });
});
