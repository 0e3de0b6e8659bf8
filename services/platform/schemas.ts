import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import type { SchemaName } from './topics.ts';

export type AvroType = avro.Type;

/** Files are parsed in this order so that later schemas can refer to earlier named types. */
const ORDER: SchemaName[] = ['dead-letter', 'article', 'coded-event', 'enriched-event'];

export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export interface LoadedSchema {
  name: SchemaName;
  type: AvroType;
  /** The expanded schema (named references inlined), as registered in the registry. */
  text: string;
}

let cache: Map<SchemaName, LoadedSchema> | undefined;

/**
 * Loads every schema in schemas/, resolving references between files (EnrichedEvent embeds
 * CodedEvent), once per process.
 */
export function loadSchemas(dir: string = SCHEMA_DIR): Map<SchemaName, LoadedSchema> {
  if (dir === SCHEMA_DIR && cache) return cache;
  const registry: Record<string, AvroType> = {};
  const out = new Map<SchemaName, LoadedSchema>();
  for (const name of ORDER) {
    const json = JSON.parse(readFileSync(`${dir}/${name}.avsc`, 'utf8'));
    const type = avro.Type.forSchema(json, { registry });
    out.set(name, { name, type, text: JSON.stringify(type.schema({ exportAttrs: true })) });
  }
  if (dir === SCHEMA_DIR) cache = out;
  return out;
}

export function schemaOf(name: SchemaName): LoadedSchema {
  const s = loadSchemas().get(name);
  if (!s) throw new Error(`no schema named ${name}`);
  return s;
}

/** Parses a standalone schema text (a writer schema fetched from the registry or history/). */
export function parseSchema(text: string): AvroType {
  return avro.Type.forSchema(JSON.parse(text));
}

/** Lists the problems of a value against a schema, as 'path: got value' strings. */
export function validationErrors(type: AvroType, value: unknown): string[] {
  const errors: string[] = [];
  type.isValid(value, {
    errorHook: (path: string[], got: unknown) => {
      const shown = JSON.stringify(got);
      errors.push(
        `${path.join('.') || '(root)'}: invalid value ${shown === undefined ? 'undefined' : shown.slice(0, 80)}`,
      );
    },
  });
  return errors;
}
