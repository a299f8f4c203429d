// The published JSON Schema (2020-12) of every event's data, generated from its io-ts codec:
// what integrators validate CloudEvents' `data` against. The $id names the type and its
// schema version, so a consumer can tell a changed shape from the same one.
import { EVENT_TYPES } from '../../domain/index.js';
import { toJsonSchema, type EventDefinition, type JsonSchema } from '../../domain/kernel/index.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export const eventSchemaId = (definition: EventDefinition): string =>
  `urn:kare:schema:event:${definition.type}:v${definition.schemaVersion}`;

export interface EventSchemaSummary {
  readonly type: string;
  readonly schemaVersion: number;
  readonly aggregate: string;
  readonly $id: string;
}

export const eventSchemaSummaries = (): readonly EventSchemaSummary[] =>
  EVENT_TYPES.map((definition) => ({
    type: definition.type,
    schemaVersion: definition.schemaVersion,
    aggregate: definition.aggregate,
    $id: eventSchemaId(definition),
  }));

export const eventDefinition = (type: string): EventDefinition | undefined =>
  EVENT_TYPES.find((definition) => definition.type === type);

/** The schema of one event's data, standalone: dialect, id and title first. */
export const eventSchema = (definition: EventDefinition): JsonSchema => ({
  $schema: JSON_SCHEMA_DIALECT,
  $id: eventSchemaId(definition),
  title: definition.type,
  description: `The data of a ${definition.type} event (${definition.aggregate}), schema version ${definition.schemaVersion}`,
  ...toJsonSchema(definition.data),
});
