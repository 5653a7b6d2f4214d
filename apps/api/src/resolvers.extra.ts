/** Resolvers of the jobs and notifications (the worker issue) plug in here. */
export const EXTRA_RESOLVERS: Function[] = [];
