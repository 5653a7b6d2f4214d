import type { Server } from "node:http";

/**
 * Stops accepting connections and lets the requests in flight finish; a request that still comes on an open
 * keep-alive connection is served and answered with "Connection: close". Idle connections are closed as they
 * become idle. After `graceMs`, whatever is left is cut. Resolves true when every request finished in time.
 */
export function drain(server: Server, graceMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let cut = false;
    server.prependListener("request", (_req, res) => res.setHeader("Connection", "close"));
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      cut = true;
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(deadline);
      resolve(!cut);
    });
    server.closeIdleConnections();
  });
}
