/**
 * Node/V8 flags every service process is started with (by `newsflow up`, the benchmarks, and
 * NODE_OPTIONS in the container image). A larger young generation: the services allocate many
 * short-lived objects per message (decoded records, enriched records, encode buffers), and with
 * V8's default semi-space the scavenger ran often enough to be ~10% of enrich's CPU. With 64 MB,
 * `newsflow bench enrich-service --instances 0` went from 212–234 to 190–205 µs CPU an event.
 * The cost is memory: up to about 3 × 64 MB more per process under load.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
