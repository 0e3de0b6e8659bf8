import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import { loadSchemas, validationErrors, SCHEMA_DIR } from '../../services/platform/schemas.ts';
import type { SchemaName } from '../../services/platform/topics.ts';

const fixtures = fileURLToPath(new URL('../fixtures/avro/', import.meta.url));
const names: SchemaName[] = ['article', 'coded-event', 'enriched-event', 'dead-letter'];

/** Parses one released version of a schema, with the named types it may refer to. */
function historic(name: SchemaName, file: string): avro.Type {
  const registry: Record<string, avro.Type> = {};
  // EnrichedEvent refers to CodedEvent: give it the CodedEvent of the same release number or the first.
  if (name === 'enriched-event') {
    const coded = readdirSync(`${SCHEMA_DIR}/history/coded-event`).sort()[0]!;
    avro.Type.forSchema(JSON.parse(readFileSync(`${SCHEMA_DIR}/history/coded-event/${coded}`, 'utf8')), {
      registry,
    });
  }
  return avro.Type.forSchema(JSON.parse(readFileSync(file, 'utf8')), { registry });
}

test('every schema parses and every field has a doc', () => {
  const schemas = loadSchemas();
  for (const name of names) {
    const raw = JSON.parse(readFileSync(`${SCHEMA_DIR}/${name}.avsc`, 'utf8'));
    assert.ok(raw.doc, `${name} has a record doc`);
    const undocumented: string[] = [];
    const walk = (rec: { fields?: { name: string; doc?: string; type: unknown }[] }, path: string) => {
      for (const f of rec.fields ?? []) {
        if (!f.doc) undocumented.push(`${path}.${f.name}`);
        const types = Array.isArray(f.type) ? f.type : [f.type];
        for (const t of types) {
          if (t && typeof t === 'object') {
            const o = t as { type?: string; items?: unknown; fields?: unknown };
            if (o.type === 'record') walk(o as never, `${path}.${f.name}`);
            if (o.type === 'array' && o.items && typeof o.items === 'object')
              walk(o.items as never, `${path}.${f.name}[]`);
          }
        }
      }
    };
    walk(raw, name);
    assert.deepEqual(undocumented, [], `fields without doc in ${name}`);
    assert.ok(schemas.get(name)?.type, `${name} loads`);
  }
});

test('the fixtures validate and round-trip through Avro binary', () => {
  const schemas = loadSchemas();
  for (const name of names) {
    const type = schemas.get(name)!.type;
    const value = JSON.parse(readFileSync(`${fixtures}/${name}.json`, 'utf8'));
    assert.deepEqual(validationErrors(type, value), [], `${name} fixture is valid`);
    const back = type.fromBuffer(type.toBuffer(value));
    assert.equal(JSON.stringify(type.toString(back)), JSON.stringify(type.toString(value)));
  }
});

test('an invalid value is reported with the path of the bad field', () => {
  const type = loadSchemas().get('article')!.type;
  const value = JSON.parse(readFileSync(`${fixtures}/article.json`, 'utf8'));
  value.ingestedAt = 'yesterday';
  const errors = validationErrors(type, value);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /^ingestedAt:/);
});

test('the current reader resolves every released writer, and every released reader resolves the current writer', () => {
  const schemas = loadSchemas();
  for (const name of names) {
    const dir = `${SCHEMA_DIR}/history/${name}`;
    const versions = readdirSync(dir).filter((f) => f.endsWith('.avsc'));
    assert.ok(versions.length >= 1, `${name} has at least one released version`);
    const current = schemas.get(name)!.type;
    for (const v of versions) {
      const old = historic(name, `${dir}/${v}`);
      assert.doesNotThrow(() => current.createResolver(old), `current ${name} reads history ${v}`);
      assert.doesNotThrow(
        () => old.createResolver(current),
        `history ${v} of ${name} reads the current writer`,
      );
    }
  }
});

test('a breaking change is caught: a new field without a default cannot read old data', () => {
  const raw = JSON.parse(readFileSync(`${SCHEMA_DIR}/article.avsc`, 'utf8'));
  raw.fields.push({ name: 'mandatoryNew', type: 'string', doc: 'a new field without default' });
  const broken = avro.Type.forSchema(raw);
  const old = historic('article', `${SCHEMA_DIR}/history/article/1.avsc`);
  assert.throws(() => broken.createResolver(old));
});
