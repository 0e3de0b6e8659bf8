/**
 * Node/V8 flags each service process is started with (by `newsflow up`, the benchmarks, and
 * NODE_OPTIONS in the container image, which the compose file clears for extract).
 *
 * ingest, enrich, web: a larger young generation. They allocate many short-lived objects per
 * message (decoded records, enriched records, encode buffers), and with V8's default semi-space
 * the scavenger ran often enough to be ~10% of enrich's CPU. With 64 MB, `newsflow bench
 * enrich-service --instances 0` went from 212–234 to 190–205 µs CPU an event. The cost is memory:
 * up to about 3 × 64 MB more per process under load.
 *
 * extract: V8's default. Its coder keeps ~250 MB of dictionaries and gazetteer live, and the
 * larger young generation bought it no CPU: `newsflow code` over GeoWebNews ×5 peaked at 422 MB
 * with the default and 573 MB with 64 MB, in the same user time (9.5 vs 10.0 s).
 */
export function serviceNodeFlags(service: string): string[] {
  return service === 'extract' ? [] : ['--max-semi-space-size=64'];
}
