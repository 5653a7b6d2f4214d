import { fork, type ChildProcess } from "node:child_process";

export interface Server {
  url: string;
  /** SQL statements the server has sent so far. */
  statements(): Promise<number>;
  stop(): Promise<void>;
}

/** Forks a server script that answers {port} when it listens and {count} when asked "count". */
export async function startServer(file: string, env: NodeJS.ProcessEnv): Promise<Server> {
  const child: ChildProcess = fork(file, [], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code} before listening`)));
    child.on("message", (m: { port?: number }) => m.port && resolve(m.port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    statements: () =>
      new Promise((resolve) => {
        const on = (m: { count?: number }) => {
          if (m.count === undefined) return;
          child.off("message", on);
          resolve(m.count);
        };
        child.on("message", on);
        child.send("count");
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

/** POST /graphql and the parsed answer. */
export async function gql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ data?: any; errors?: unknown[] }> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}
