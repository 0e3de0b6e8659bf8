// One JSON object per line. Avro `bytes` (a dead letter's original key and value) decode to
// Buffers, which JSON.stringify would spell out as arrays of numbers; they are written as base64.
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (isSerialisedBuffer(v) ? Buffer.from(v.data).toString('base64') : v))}\n`;
}

// JSON.stringify calls Buffer#toJSON before the replacer sees the value.
function isSerialisedBuffer(v: unknown): v is { type: 'Buffer'; data: number[] } {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((v as { data?: unknown }).data)
  );
}
