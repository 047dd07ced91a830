/**
 * JSON columns come back as text from SQLite and already parsed from PostgreSQL
 * (JSONB); row mappers shared by both stores take one of these decoders.
 */
export type JsonDecoder = (value: unknown) => unknown;

/** JSON text (SQLite) → value. */
export const fromJsonText: JsonDecoder = (value) => JSON.parse(value as string) as unknown;

/** JSONB (PostgreSQL) arrives parsed. */
export const asParsed: JsonDecoder = (value) => value;
