// Proves that the registry speaks enough of the Confluent API for @kafkajs/confluent-schema-registry:
// register → id, encode with that id → Confluent frame, decode with a fresh client (so the schema
// is fetched by id, not taken from a cache), plus the id rules the serde relies on.
//   node --import tsx infra/launcher/verify-registry.ts [schemaRegistryUrl]
// Default URL: the local stack's. Exit code 0 when every check holds.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import assert from 'node:assert/strict';
import { endpointsOf, loadLauncherConfig } from './launcher-config.ts';

const host = process.argv[2] ?? endpointsOf(loadLauncherConfig(process.env)).schemaRegistryUrl;
const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const subject = `verify-${suffix}-value`;
const otherSubject = `verify-other-${suffix}-value`;
const name = `Probe${suffix.replace(/[^a-z0-9]/gi, '')}`;

const v1 = {
  type: 'record',
  name,
  namespace: 'newsflow.verify',
  fields: [{ name: 'headline', type: 'string' }],
};
const v2 = { ...v1, fields: [...v1.fields, { name: 'words', type: ['null', 'int'], default: null }] };

const writer = new SchemaRegistry({ host });
const { id: id1 } = await writer.register({ type: SchemaType.AVRO, schema: JSON.stringify(v1) }, { subject });
const { id: id2 } = await writer.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject });
assert.notEqual(id1, id2, 'a new version of a subject gets a new id');

// re-registering the same schema (even formatted differently) must give back its id, not a new version
const { id: again } = await writer.register(
  { type: SchemaType.AVRO, schema: JSON.stringify(v1, null, 2) },
  { subject },
);
assert.equal(again, id1, 'the same schema registered again keeps its id');

// Confluent ids are per schema content: the same schema under another subject has the same id
const { id: shared } = await writer.register(
  { type: SchemaType.AVRO, schema: JSON.stringify(v2) },
  { subject: otherSubject },
);
assert.equal(shared, id2, 'one schema, one id across subjects');

const frame = await writer.encode(id2, { headline: 'ministers met', words: 2 });
assert.equal(frame[0], 0, 'magic byte');
assert.equal(frame.readInt32BE(1), id2, 'schema id in the frame');

const reader = new SchemaRegistry({ host });
assert.deepEqual({ ...(await reader.decode(frame)) }, { headline: 'ministers met', words: 2 });
const fetched = (await new SchemaRegistry({ host }).getSchema(id1)) as { name?: string };
assert.equal(fetched.name, `newsflow.verify.${name}`);
assert.equal(await reader.getLatestSchemaId(subject), id2);

process.stdout.write(
  `ok: ${host} registered ids ${id1} and ${id2} under ${subject} and round-tripped a record\n`,
);
