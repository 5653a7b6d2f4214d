import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";

const PROVIDER = "/usr/lib/galera/libgalera_smm.so";
const MARIADBD = "/usr/sbin/mariadbd";

/** Why a Galera cluster cannot be started on this machine, or null when it can. */
export function galeraMissing(): string | null {
  const which = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
  if (!existsSync(PROVIDER)) return `${PROVIDER} not found (apt-get install -y galera-4)`;
  if (!existsSync(MARIADBD)) return `${MARIADBD} not found (apt-get install -y mariadb-server)`;
  for (const cmd of ["mariadb-install-db", "rsync", "wsrep_sst_rsync"])
    if (!which(cmd)) return `${cmd} not found (apt-get install -y galera-4 rsync)`;
  return null;
}

interface Node {
  port: number;
  dir: string;
  process?: ChildProcess;
}

export interface Galera {
  /** mysql://root@127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3 (no database): the harness's server for startApi. */
  server: string;
  /** The MariaDB port of each node, in the order of `server`. */
  ports: number[];
  /** The ports of the nodes still running. */
  alive(): number[];
  /** SIGKILL of the node on this port, as a crash or a pulled plug would end it. */
  kill(port: number): void;
  /** Stops every node still running and removes the data directories. */
  stop(): Promise<void>;
}

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<import("node:net").Server>((ok) => {
          const s = createServer();
          s.listen(0, "127.0.0.1", () => ok(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import("node:net").AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The node's wsrep state ("Synced" when it serves), or null while it does not answer. */
async function stateOf(port: number): Promise<{ state: string; size: number } | null> {
  try {
    const c = await createConnection({ host: "127.0.0.1", port, user: "root", connectTimeout: 1000 });
    try {
      const [rows] = await c.query(
        "SHOW STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_cluster_size')",
      );
      const v = Object.fromEntries(
        (rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]),
      );
      return { state: v.wsrep_local_state_comment ?? "", size: Number(v.wsrep_cluster_size ?? 0) };
    } finally {
      await c.end();
    }
  } catch {
    return null;
  }
}

/** Waits until the nodes on these ports are synced members of a cluster of `size`. */
export async function waitSyncedPorts(ports: number[], size: number, ms: number): Promise<void> {
  await waitSynced(
    ports.map((port) => ({ port, dir: "" })),
    size,
    ms,
  );
}

async function waitSynced(nodes: Node[], size: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const states = await Promise.all(nodes.map((n) => stateOf(n.port)));
    if (states.every((s) => s?.state === "Synced" && s.size === size)) return;
    if (Date.now() > deadline) {
      const logs = nodes
        .map((n, i) => `node ${i}: ${JSON.stringify(states[i])}\n${n.dir ? tail(join(n.dir, "err.log")) : ""}`)
        .join("\n");
      throw new Error(`the Galera cluster did not reach ${size} synced nodes within ${ms / 1000} s\n${logs}`);
    }
    await sleep(300);
  }
}

const tail = (file: string) =>
  file && existsSync(file) ? readFileSync(file, "utf8").split("\n").slice(-15).join("\n") : "(no log)";

/**
 * Starts a three-node MariaDB Galera cluster on this machine, each node on ports of its own and with its own data
 * directory under a temporary directory: the first bootstraps the cluster (--wsrep-new-cluster), the other two join
 * it by rsync state transfer. Root may connect from 127.0.0.1 without a password, as on the machine's own MariaDB.
 */
export async function startGalera(): Promise<Galera> {
  const base = mkdtempSync(join(tmpdir(), "sa-galera-"));
  chmodSync(base, 0o755);
  const ports = await freePorts(12);
  const nodes: Node[] = [0, 1, 2].map((i) => ({ port: ports[i * 4]!, dir: join(base, `node${i}`) }));
  const gcomm = nodes.map((_, i) => `127.0.0.1:${ports[i * 4 + 1]}`).join(",");
  const asRoot = process.getuid?.() === 0;

  const seed = join(base, "seed");
  const install = spawnSync(
    "mariadb-install-db",
    [
      "--no-defaults",
      `--datadir=${seed}`,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
      ...(asRoot ? ["--user=root"] : []),
    ],
    { encoding: "utf8" },
  );
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);

  nodes.forEach((n, i) => {
    const data = join(n.dir, "data");
    mkdirSync(n.dir, { recursive: true });
    if (i === 0) cpSync(seed, data, { recursive: true });
    else mkdirSync(data);
    // Run as root, the joiner's rsync daemon writes as "nobody": the directory it receives into must be theirs.
    if (i > 0 && asRoot) chownSync(data, 65534, 65534);
    const [port, gm, ist, sst] = ports.slice(i * 4, i * 4 + 4);
    writeFileSync(
      join(n.dir, "my.cnf"),
      `[mariadbd]
datadir=${data}
socket=${join(n.dir, "sock")}
pid-file=${join(n.dir, "pid")}
log-error=${join(n.dir, "err.log")}
port=${port}
bind-address=127.0.0.1
${asRoot ? "user=root" : ""}
skip-name-resolve
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_log_file_size=16M
wsrep_on=ON
wsrep_provider=${PROVIDER}
wsrep_cluster_name=sa_test
wsrep_cluster_address=gcomm://${gcomm}
wsrep_node_address=127.0.0.1:${gm}
wsrep_node_name=node${i}
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${gm};ist.recv_addr=127.0.0.1:${ist};gcache.size=32M"
wsrep_sst_receive_address=127.0.0.1:${sst}
wsrep_sst_method=rsync
`,
    );
  });

  const start = (i: number) => {
    const n = nodes[i]!;
    n.process = spawn(
      MARIADBD,
      [`--defaults-file=${join(n.dir, "my.cnf")}`, ...(i === 0 ? ["--wsrep-new-cluster"] : [])],
      { stdio: "ignore" },
    );
  };
  const cluster: Galera = {
    server: `mysql://root@${nodes.map((n) => `127.0.0.1:${n.port}`).join(",")}`,
    ports: nodes.map((n) => n.port),
    alive: () =>
      nodes.filter((n) => n.process && n.process.exitCode === null && n.process.signalCode === null).map((n) => n.port),
    kill(port) {
      nodes.find((n) => n.port === port)?.process?.kill("SIGKILL");
    },
    async stop() {
      await Promise.all(
        nodes.map((n) => {
          const p = n.process;
          if (!p || p.exitCode !== null || p.signalCode !== null) return;
          return new Promise((r) => {
            p.once("exit", r);
            p.kill("SIGKILL");
          });
        }),
      );
      rmSync(base, { recursive: true, force: true });
    },
  };
  try {
    start(0);
    await waitSynced([nodes[0]!], 1, 30_000);
    start(1);
    start(2);
    await waitSynced(nodes, 3, 90_000);
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}
