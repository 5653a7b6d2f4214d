/**
 * How the console's GraphQL operations reach the bundle, in one place for the build (vite.config.ts) and the test
 * that sends each of them to the API as the browser will (tests/integration/console-operations.test.ts):
 * each graphql(`…`) call, typed at compile time by the generated src/gql/, becomes the operation's text.
 */
const CALL = /\bgraphql\(`([^`]*)`\)/g;
const IMPORT = /^import \{ graphql \} from "[./]+\/gql";$/m;

/** The text sent for an operation: its source with the whitespace collapsed. */
export const operationText = (body: string) => body.replace(/\s+/g, " ").trim();

/** A source file with its graphql(`…`) calls replaced by their texts (and the generated module no longer imported). */
export const inlineDocuments = (code: string) =>
  code.replace(IMPORT, "").replace(CALL, (_m, body: string) => JSON.stringify(operationText(body)));

/** The operation texts a source file sends. */
export const documentsOf = (code: string) => [...code.matchAll(CALL)].map((m) => operationText(m[1]!));
