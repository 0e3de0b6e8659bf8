// Test helper (not a test): fast-check generators of malformed Kafka record values, for the
// raw-topic and coded-topic fuzz (tests/integration/topic-fuzz.test.ts). Each case carries what
// the consuming stage must do with it: dead-letter it with a reason matching `reason`, or (for
// odd but valid records) handle it without a dead letter.
import fc from 'fast-check';
import type { SchemaName } from '../../services/platform/topics.ts';
import { schemaOf } from '../../services/platform/schemas.ts';

export interface FuzzCase {
  kind: string;
  value: Buffer | null;
  /** What the dead letter's errorMessage must say; null: the record is valid and must not be dead-lettered. */
  reason: RegExp | null;
}

/** The Confluent framing: magic byte 0, 4-byte big-endian schema id, then the Avro body. */
function framed(id: number, body: Buffer, magic = 0): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(magic, 0);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, body]);
}

export interface FramingIds {
  /** The registry id of the reader's own schema (what valid records are written with). */
  own: number;
  /** Ids of other registered Avro schemas the reader cannot resolve. */
  foreign: { id: number; schema: SchemaName; sample: unknown }[];
  /** Id of a registered schema that is not Avro. */
  notAvro: number;
}

const TOO_SHORT = /too short for the Confluent framing/;
const MAGIC = /unknown magic byte/;
const UNKNOWN_ID = /schema id -?\d+ is not known to the registry/;
const CORRUPT = /corrupt Avro body for schema id \d+/;

/**
 * Framing and encoding faults, whatever the reader schema: empty and short values, wrong magic
 * byte, unknown and non-Avro schema ids, truncated Avro, random bodies under the right id, valid
 * Avro of a schema the reader cannot resolve.
 */
export function framingFaults(reader: SchemaName, ids: FramingIds, valid: Buffer): fc.Arbitrary<FuzzCase> {
  const type = schemaOf(reader).type;
  // A random body that happens to decode is not malformed: left out.
  const undecodable = (body: Uint8Array) => {
    try {
      type.fromBuffer(Buffer.from(body));
      return false;
    } catch {
      return true;
    }
  };
  const unknownId = fc.oneof(
    fc.integer({ min: 10_000_000, max: 2 ** 31 - 1 }),
    fc.integer({ min: -(2 ** 31), max: -1 }),
  );
  return fc.oneof(
    fc.constant<FuzzCase>({ kind: 'null value', value: null, reason: TOO_SHORT }),
    fc
      .uint8Array({ minLength: 0, maxLength: 4 })
      .map((b): FuzzCase => ({ kind: 'short value', value: Buffer.from(b), reason: TOO_SHORT })),
    fc
      .tuple(fc.integer({ min: 1, max: 255 }), fc.uint8Array({ minLength: 4, maxLength: 200 }))
      .map(([magic, rest]): FuzzCase => ({
        kind: 'wrong magic byte',
        value: Buffer.concat([Buffer.from([magic]), Buffer.from(rest)]),
        reason: MAGIC,
      })),
    fc.tuple(fc.integer({ min: 1, max: 255 }), fc.boolean()).map(([magic, realId]): FuzzCase => ({
      kind: 'valid record, wrong magic byte',
      value: framed(realId ? ids.own : 7, valid.subarray(5), magic),
      reason: MAGIC,
    })),
    fc.tuple(unknownId, fc.uint8Array({ maxLength: 200 })).map(([id, body]): FuzzCase => ({
      kind: 'unknown schema id',
      value: framed(id, Buffer.from(body)),
      reason: UNKNOWN_ID,
    })),
    unknownId.map((id): FuzzCase => ({
      kind: 'valid body, unknown id',
      value: framed(id, valid.subarray(5)),
      reason: UNKNOWN_ID,
    })),
    fc
      .integer({ min: 5, max: valid.length - 1 })
      .map((end): FuzzCase => ({ kind: 'truncated Avro', value: valid.subarray(0, end), reason: CORRUPT })),
    fc
      .tuple(fc.integer({ min: 5, max: valid.length - 1 }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([at, junk]) => Buffer.concat([valid.subarray(0, at), Buffer.from(junk), valid.subarray(at)]))
      .filter((v) => undecodable(v.subarray(5)))
      .map((value): FuzzCase => ({ kind: 'bytes inserted into Avro', value, reason: CORRUPT })),
    fc
      .uint8Array({ minLength: 0, maxLength: 300 })
      .filter(undecodable)
      .map((body): FuzzCase => ({
        kind: 'random body',
        value: framed(ids.own, Buffer.from(body)),
        reason: CORRUPT,
      })),
    fc.uint8Array({ minLength: 5, maxLength: 300 }).map((bytes): FuzzCase => {
      const value = Buffer.from(bytes);
      // random bytes; when they start like the framing, with an id no registry has
      if (value[0] === 0) value.writeInt32BE(20_000_000 + (value.readInt32BE(1) & 0xffffff), 1);
      return { kind: 'random bytes', value, reason: value[0] === 0 ? UNKNOWN_ID : MAGIC };
    }),
    fc.constantFrom(...ids.foreign).map((f): FuzzCase => ({
      kind: `valid ${f.schema} Avro`,
      value: framed(f.id, schemaOf(f.schema).type.toBuffer(f.sample)),
      reason: new RegExp(`writer schema ${f.id} cannot be read as ${reader}`),
    })),
    fc.uint8Array({ maxLength: 100 }).map((body): FuzzCase => ({
      kind: 'id of a JSON schema',
      value: framed(ids.notAvro, Buffer.from(body)),
      reason: new RegExp(`schema id ${ids.notAvro} is not an Avro schema`),
    })),
  );
}
