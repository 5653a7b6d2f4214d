import helmet from "helmet";

/**
 * The Content-Security-Policy of every response: the console's own content, no more — its scripts, styles and the API
 * on this origin; images also as blob: and data: URLs (evidence is fetched with the bearer token); inline styles,
 * which Ant Design's CSS-in-JS writes; nothing from another site; never framed. No upgrade-insecure-requests: an
 * intranet may serve plain HTTP.
 */
export const CSP_DIRECTIVES = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "blob:", "data:"],
  "connect-src": ["'self'"],
  "font-src": ["'self'", "data:"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

export const CSP = Object.entries(CSP_DIRECTIVES)
  .map(([k, v]) => `${k} ${v.join(" ")}`)
  .join("; ");

/** Security headers on every response (helmet): the CSP above, nosniff, no referrer, no framing, and the rest of helmet's defaults. */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    referrerPolicy: { policy: "no-referrer" },
    frameguard: { action: "deny" },
  });
