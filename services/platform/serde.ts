import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { DecodeError, UnavailableError, ValidationError } from './errors.ts';
import { parseSchema, schemaOf, validationErrors, type AvroType } from './schemas.ts';
import { subjectOf, type SchemaName } from './topics.ts';

const MAGIC = 0;
const HEADER = 5;

/**
 * Avro values in the Confluent framing (magic byte 0, 4-byte big-endian schema id, Avro binary),
 * so that consumers in any language decode them with stock tools. Schema ids come from the
 * registry and are cached; writer schemas seen while decoding are fetched once per id and
 * resolved into the reader schema this process was built with.
 */
export interface Serde {
  /** Registers the schema under `<topic>-value` (idempotent) and remembers the id for the topic. */
  register(topic: string, schema: SchemaName): Promise<number>;
  encode(topic: string, value: unknown): Buffer;
  /**
   * Like encode, for a record whose first field is a record this process consumed and passes on
   * unchanged (EnrichedEvent's `event` is the CodedEvent it was made from): that field's bytes
   * are copied from the consumed message instead of being encoded again. Only when the consumed
   * message was written with the very schema of that field (by registry id); otherwise, and
   * whenever in doubt, the whole value is encoded as usual, so `value` must still hold the field.
   */
  encodeAfterFirst(topic: string, first: { schemaId: number; body: Buffer }, value: unknown): Buffer;
  decode(buffer: Buffer | null, reader: SchemaName): Promise<unknown>;
  schemaIdOf(topic: string): number | undefined;
}

export interface SerdeOptions {
  registryUrl: string;
}

// Values are encoded into one scratch buffer behind the 5-byte header, then copied out once.
// (avsc's toBuffer() encodes into a 1 KB buffer and, for anything larger — every article and
// enriched event — encodes the whole value a second time.) Encoding is synchronous, so one
// buffer per process is safe; it grows to the largest value seen.
let scratch = Buffer.allocUnsafe(64 * 1024);

function encodeInto(type: AvroType, value: unknown, first?: Buffer): number {
  const at = HEADER + (first?.length ?? 0);
  if (scratch.length < at) scratch = Buffer.allocUnsafe(2 * at);
  for (;;) {
    first?.copy(scratch, HEADER);
    const end = type.encode(value, scratch, at);
    if (end >= 0) return end;
    // A negative position is the number of bytes that did not fit.
    scratch = Buffer.allocUnsafe(Math.max(2 * scratch.length, scratch.length - end + at));
  }
}

/** The first `end` bytes of the scratch buffer, copied out, with the Confluent header for `id`. */
function framed(id: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end);
  scratch.copy(out, 0, 0, end);
  out.writeUInt8(MAGIC, 0);
  out.writeInt32BE(id, 1);
  return out;
}

// A record's binary form is its fields' forms one after another, so a record type minus its
// first field encodes exactly the bytes that follow that field.
function splitFirst(type: AvroType): { first: AvroType; rest: AvroType } | null {
  const fields = (type as unknown as { fields?: { name: string; type: AvroType }[] }).fields;
  if (!fields || fields.length < 2) return null;
  return {
    first: fields[0]!.type,
    // avsc takes Type instances inside a schema as they are
    rest: avro.Type.forSchema({
      type: 'record',
      name: 'RecordAfterFirstField',
      fields: fields.slice(1).map((f) => ({ name: f.name, type: f.type as unknown as avro.Schema })),
    }),
  };
}

/** The writer type of a schema id, asked of the registry (5 s at most). */
async function fetchWriter(registry: SchemaRegistry, id: number): Promise<AvroType> {
  let found: unknown;
  try {
    // The registry client has no request timeout: a registry that accepts the connection but
    // does not answer (while it restarts) would hang every decode waiting on this lookup.
    let timer: NodeJS.Timeout | undefined;
    found = await Promise.race([
      registry.getSchema(id),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
      }),
    ]).finally(() => clearTimeout(timer));
  } catch (err) {
    // Only a 404 says the id is unknown: the client reports a refused connection as a 400.
    const status = (err as { status?: number }).status;
    if (status === 404) throw new DecodeError(`schema id ${id} is not known to the registry`, { cause: err });
    throw new UnavailableError(`schema registry did not answer for id ${id}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  // The id may name a JSON or Protobuf schema: the message is not ours to read, whatever the
  // registry's state, so it is a decode failure (retrying it would stall the partition).
  const avroLike = found as { schema?: unknown; createResolver?: unknown } | null;
  if (typeof avroLike?.schema !== 'function' || typeof avroLike.createResolver !== 'function')
    throw new DecodeError(
      `schema id ${id} is not an Avro schema (the registry returned ${(found as object | null)?.constructor?.name ?? typeof found})`,
    );
  try {
    // The client returns an avsc Type for Avro schemas; re-parse its JSON to own the instance.
    return parseSchema(JSON.stringify((found as AvroType).schema()));
  } catch (err) {
    throw new DecodeError(`schema id ${id} is not an Avro schema we can read: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/**
 * Registers a schema under the topic's subject. Two processes registering the same new subject
 * at once can make the registry refuse one of them (Apicurio answers 409 while the subject is
 * being created): ask again.
 */
async function registerSchema(
  registry: SchemaRegistry,
  topic: string,
  name: string,
  text: string,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { id } = await registry.register(
        { type: SchemaType.AVRO, schema: text },
        { subject: subjectOf(topic) },
      );
      return id;
    } catch (err) {
      if (attempt < 4) {
        await new Promise((r) => setTimeout(r, 150 * attempt));
        continue;
      }
      throw new UnavailableError(
        `could not register ${name} under ${subjectOf(topic)}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }
}

/** Reads bodies written with `writer` (schema `id`) as `reader`, the schema `readerName`. */
function readerOf(
  reader: AvroType,
  writer: AvroType,
  id: number,
  readerName: string,
): (buf: Buffer) => unknown {
  let resolve: ReturnType<AvroType['createResolver']>;
  try {
    resolve = reader.createResolver(writer);
  } catch (err) {
    throw new DecodeError(`writer schema ${id} cannot be read as ${readerName}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return (buf: Buffer) => reader.fromBuffer(buf, resolve, false);
}

export function createSerde({ registryUrl }: SerdeOptions): Serde {
  const registry = new SchemaRegistry({ host: registryUrl, retry: { retries: 3 } });
  const writers = new Map<string, { id: number; type: AvroType }>();
  /** Types of the schema ids this process registered (what its own messages are written with). */
  const byId = new Map<number, AvroType>();
  /** Per writer type and schema id of a consumed first field: the type of the rest, or null. */
  const rests = new WeakMap<AvroType, Map<number, AvroType | null>>();

  // The consumed bytes are usable only when they were written with the first field's own type;
  // decided once per (writer, schema id).
  function restAfter(type: AvroType, schemaId: number): AvroType | null {
    let known = rests.get(type);
    if (!known) rests.set(type, (known = new Map()));
    let rest = known.get(schemaId);
    if (rest === undefined) {
      const split = splitFirst(type);
      const source = byId.get(schemaId);
      rest = split && source && (source === split.first || source.equals(split.first)) ? split.rest : null;
      known.set(schemaId, rest);
    }
    return rest;
  }
  const resolvers = new Map<string, Promise<(buf: Buffer) => unknown>>();

  return {
    async register(topic, name) {
      const { type, text } = schemaOf(name);
      const id = await registerSchema(registry, topic, name, text);
      writers.set(topic, { id, type });
      byId.set(id, type);
      return id;
    },

    encode(topic, value) {
      const writer = writers.get(topic);
      if (!writer) throw new Error(`no schema registered for topic ${topic}; call register() at start`);
      let end: number;
      try {
        end = encodeInto(writer.type, value);
      } catch (err) {
        const problems = validationErrors(writer.type, value);
        throw new ValidationError(
          `value does not match the ${topic} schema: ${problems.slice(0, 5).join('; ') || (err as Error).message}`,
          { cause: err },
        );
      }
      return framed(writer.id, end);
    },

    encodeAfterFirst(topic, first, value) {
      const writer = writers.get(topic);
      const rest = writer ? restAfter(writer.type, first.schemaId) : null;
      if (!writer || !rest) return this.encode(topic, value);
      let end: number;
      try {
        end = encodeInto(rest, value, first.body);
      } catch {
        return this.encode(topic, value); // names the bad field
      }
      return framed(writer.id, end);
    },

    async decode(buffer, readerName) {
      if (!buffer || buffer.length < HEADER)
        throw new DecodeError(
          `message of ${buffer?.length ?? 0} bytes is too short for the Confluent framing`,
        );
      if (buffer.readUInt8(0) !== MAGIC)
        throw new DecodeError(
          `unknown magic byte ${buffer.readUInt8(0)} (expected 0: Confluent Avro framing)`,
        );
      const id = buffer.readInt32BE(1);
      const key = `${id}:${readerName}`;
      let resolver = resolvers.get(key);
      if (!resolver) {
        const reader = schemaOf(readerName).type;
        resolver = fetchWriter(registry, id).then((writer) => readerOf(reader, writer, id, readerName));
        resolvers.set(key, resolver);
        // A failed lookup must not poison the cache: the next message tries again.
        resolver.catch(() => resolvers.delete(key));
      }
      const read = await resolver;
      try {
        return read(buffer.subarray(HEADER));
      } catch (err) {
        throw new DecodeError(`corrupt Avro body for schema id ${id}: ${(err as Error).message}`, {
          cause: err,
        });
      }
    },

    schemaIdOf(topic) {
      return writers.get(topic)?.id;
    },
  };
}
