/** One problem in a rubric file: the indicator it is inside (when it is), the field, and what is wrong. */
export interface RubricIssue {
  indicator?: string;
  field: string;
  message: string;
}

export const formatIssue = (issue: RubricIssue) =>
  [issue.indicator === undefined ? undefined : `indicator ${issue.indicator}`, issue.field, issue.message]
    .filter((part) => part !== undefined)
    .join(": ");

/**
 * A rubric file that cannot be used. A rubric is the law of the assessment, so a bad file stops the
 * start rather than being skipped; the message names the file, the indicator and the field to mend.
 */
export class RubricFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly RubricIssue[],
  ) {
    super(issues.map((issue) => `${file}: ${formatIssue(issue)}`).join("\n"));
    this.name = "RubricFileError";
  }
}
