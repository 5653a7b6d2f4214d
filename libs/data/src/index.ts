export * from "./data-source";
export * from "./entities";
export { MIGRATIONS } from "./migrations";
export * from "./rows";
export * from "./lateness";
export * from "./secret";
export * from "./access-rules";
export * from "./webhooks";
export * from "./retryable";
