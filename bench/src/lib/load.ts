import autocannon from "autocannon";
import { percentile } from "./report";

export interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
}

/**
 * Runs autocannon against one endpoint with a fixed body for `seconds`, keeping every latency so that the 95th
 * percentile is exact (autocannon's own summary has p90 and p97.5, not p95). Any error or non-2xx fails the run.
 */
export async function load(
  url: string,
  o: { body: string; token: string; connections: number; seconds: number },
): Promise<LoadResult> {
  const timedRun = await run(url, o, { duration: o.seconds });
  // A server too slow to answer each connection a few times within the time gets a fixed number of requests instead.
  return timedRun.requests >= 3 * o.connections ? timedRun : run(url, o, { amount: 3 * o.connections });
}

async function run(
  url: string,
  o: { body: string; token: string; connections: number },
  until: { duration: number } | { amount: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/graphql`,
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${o.token}` },
        body: o.body,
        connections: o.connections,
        ...until,
        // A slow server must show as slow, not as errors: autocannon's default is 10 s.
        timeout: 120,
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  const seconds = "duration" in until ? until.duration : (performance.now() - started) / 1000;
  if (result.errors || result.non2xx || result.timeouts)
    throw new Error(`load on ${url}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    requests: latencies.length,
  };
}
