export { DEFAULT_RUBRICS_DIR, loadRubrics } from "./load-rubrics";
export { RubricCatalog } from "./rubric-catalog";
export { RubricFileError, type RubricIssue } from "./rubric-file-error";
export { VENUE_SLUGS } from "./semantic-checks";
