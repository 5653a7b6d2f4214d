import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { OutageWatch } from "@assess/data";
import { DomainError } from "@assess/domain";
import { createLogger, type Logger } from "@assess/log";
import express, { NextFunction, Request, Response } from "express";
import type { Server } from "node:http";
import { createLoaders } from "./common/loaders";
import type { Context } from "./common/context";
import { formatError, originalOf, SERVICE_UNAVAILABLE_MESSAGE, serviceUnavailable } from "./common/errors";
import { jitGateway } from "./common/jit-executor";
import type { Principal } from "./common/principal";
import { auditPlugin } from "./audit/audit.plugin";
import { armor, costLimit, tokenLimit } from "./common/query-limits";
import { securityHeaders } from "./common/security-headers";
import { requireSignIn } from "./common/require-sign-in";
import { logUnexpectedErrors } from "./common/log-errors.plugin";
import { requestContext, requestLog, signedInLog } from "./common/request-context";
import { consoleRouter } from "./console/console.routes";
import { evidenceRouter } from "./evidence/evidence.routes";
import { schema } from "./schema";
import { Services } from "./services";

export interface Health {
  db(): Promise<boolean>;
  redis(): Promise<boolean>;
}

export interface AppOptions {
  services: Services;
  health: Health;
  /** Extra HTTP routes (exports), mounted before GraphQL. */
  routes?: (app: express.Express, principalOf: (req: Request) => Promise<Principal | null>) => void;
  /** Default: JSON lines at info on stdout. */
  log?: Logger;
}

/** /healthz waits this long for the database (and Redis) before it says "down". */
export const HEALTH_TIMEOUT_MS = 1000;

const within = (ms: number, check: () => Promise<boolean>) =>
  Promise.race([
    check().catch(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref()),
  ]);

const bearer = (req: Request) => {
  const h = req.headers.authorization;
  return h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, "").trim() : null;
};

/** The HTTP app: /graphql, /healthz, /evidence. */
export async function createApp(options: AppOptions): Promise<{ app: express.Express; apollo: ApolloServer<Context> }> {
  const { services, health } = options;
  const log = options.log ?? createLogger({ app: "api" });
  const outage = new OutageWatch(log, () => services.deps.ds.query("SELECT 1"), {
    meanwhile: "answering 503 SERVICE_UNAVAILABLE",
  });
  const built = await schema();
  // Limits before any resolver runs: tokens while parsing, depth, aliases and directives while validating, then the
  // cost (with the variables) and the sign-in check once the operation is known.
  const guard = armor();
  const apollo = new ApolloServer<Context>({
    // The schema, with queries executed by graphql-jit (common/jit-executor.ts).
    gateway: jitGateway(built),
    formatError,
    // The process drains and stops Apollo itself on SIGTERM (main.ts); Apollo's own handler would stop it mid-request.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // Signed-in users only (requireSignIn refuses every anonymous request but a sign-in).
    introspection: true,
    allowBatchedHttpRequests: false,
    validationRules: guard.validationRules,
    // No HTTP cache hints are given, and the cache-control plugin would wrap every field resolver of every request.
    // No landing page: Apollo's loads scripts from an outside CDN, useless on a government intranet.
    plugins: [
      ...guard.plugins,
      costLimit(built),
      requireSignIn,
      auditPlugin(
        (e, requestLog) =>
          outage.report(e) || requestLog.error(`audit log not written: ${e instanceof Error ? e.message : String(e)}`),
      ),
      logUnexpectedErrors,
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      {
        // An unreachable database answers 503 (formatError gives the code and the sentence); the outage is logged once.
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors, response }) {
              if (errors.some((e) => outage.report(originalOf(e)))) response.http.status = 503;
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // Signing in reads the database before any resolver runs: an outage there is a 503 too, not "context creation failed".
  const unavailableAs503 = (e: unknown): never => {
    throw outage.report(e) ? serviceUnavailable() : e;
  };

  const principalOf = async (req: Request): Promise<Principal | null> => {
    const token = bearer(req);
    const principal = token ? await services.auth.principal(token) : null;
    if (principal && req.res) signedInLog(req.res, principal.userId);
    return principal;
  };

  const app = express();
  app.disable("x-powered-by");
  app.use(requestContext(log));
  // The client's address (sign-in throttling per address, the audit log): behind a reverse proxy, the one it forwards.
  const trust = services.deps.config.TRUST_PROXY;
  if (trust) app.set("trust proxy", /^\d+$/.test(trust) ? Number(trust) : trust.split(",").map((s) => s.trim()));
  app.use(securityHeaders());
  app.get("/healthz", async (_req, res) => {
    const [db, redis] = await Promise.all([
      within(HEALTH_TIMEOUT_MS, health.db),
      within(HEALTH_TIMEOUT_MS, health.redis),
    ]);
    res.status(db && redis ? 200 : 503).json({ db: db ? "ok" : "down", redis: redis ? "ok" : "down" });
  });
  app.use("/evidence", evidenceRouter(services, principalOf));
  options.routes?.(app, principalOf);
  app.use(
    "/graphql",
    express.json({ limit: "2mb" }),
    tokenLimit,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const token = bearer(req);
        const auth = token ? await services.auth.authenticate(token).catch(unavailableAs503) : null;
        return {
          principal: auth && "principal" in auth ? auth.principal : null,
          authFailure: auth && "failure" in auth ? auth.failure : null,
          address: req.ip ?? req.socket.remoteAddress ?? null,
          services,
          loaders: createLoaders(services.deps.ds),
          log: auth && "principal" in auth ? signedInLog(res, auth.principal.userId) : requestLog(res),
        };
      },
    }),
  );
  // The web console, when it is built: its assets, and index.html for every page route (deep links).
  const web = consoleRouter();
  if (web) app.use(web);
  // Whatever slipped through: a JSON error without internals.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (outage.report(err)) {
      res.status(503).json({ code: "SERVICE_UNAVAILABLE", message: SERVICE_UNAVAILABLE_MESSAGE });
      return;
    }
    if (err instanceof DomainError) {
      res
        .status(
          err.code === "UNAUTHENTICATED" ? 401 : err.code === "FORBIDDEN" ? 403 : err.code === "NOT_FOUND" ? 404 : 400,
        )
        .json({ code: err.code, message: err.message });
      return;
    }
    const status = (err as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ code: "BAD_USER_INPUT", message: (err as Error).message });
      return;
    }
    requestLog(res).error({ err }, "unexpected error");
    res.status(500).json({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
  });
  return { app, apollo };
}

export function listen(app: express.Express, port: number, host = "0.0.0.0"): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}
