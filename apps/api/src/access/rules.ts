/** The visibility rules live in libs/data (the worker applies them too); the API reads them from here. */
export {
  FROM,
  evaluationScope,
  evidenceScope,
  isAll,
  jobRunScope,
  likePrefix,
  mayReadEvaluation,
  problemScope,
  subtreeOf,
  taskScope,
  unitScope,
  userScope,
  venueScope,
  type Sql,
  type Viewer,
} from "@assess/data";
