export * from "./config";
export * from "./database-url";
