import { InitialSchema1764100000000 } from "./1764100000000-initial-schema";

/** Every migration, in order. A new one is added here and never edited after it has landed. */
export const MIGRATIONS: Function[] = [InitialSchema1764100000000];
