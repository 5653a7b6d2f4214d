/**
 * The database's clock, to the millisecond, as the migrations declare every created_at and updated_at default:
 * entities say the same, so that the schema the entities describe is the one the migrations make (schema-drift test).
 */
export const DB_NOW = () => "CURRENT_TIMESTAMP(3)";
export const DB_NOW_ON_UPDATE = "CURRENT_TIMESTAMP(3)";
