/** Redis could not be reached in time: the job was not queued. */
export class QueueUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueueUnavailableError";
  }
}

/** A payload that does not match its job's schema, when queued or when run. */
export class PayloadError extends Error {
  constructor(
    readonly jobName: string,
    readonly issues: string,
  ) {
    super(`the payload of job "${jobName}" is invalid: ${issues}`);
    this.name = "PayloadError";
  }
}
