/**
 * Node/V8 flags every service process is started with (by `newsflow up`, the benchmarks, and
 * NODE_OPTIONS in the container image). A larger young generation: the services allocate many
 * short-lived objects per message (decoded records, enriched records, encode buffers), and with
 * V8's default semi-space the scavenger ran often enough to be ~10% of enrich's CPU. With 64 MB,
 * `newsflow bench enrich-service --instances 0` went from 212–234 to 190–205 µs CPU an event.
 * The cost is memory: up to about 3 × 64 MB more per process under load.
 *
 * extract keeps it too: with V8's default young generation its coder promoted more garbage to the
 * old generation and the full collections showed in the latency at a fixed 200 articles/s (stack
 * bench p50 330–1810 ms, p99 2.8–2.9 s against p50 131 ms, p99 844 ms with 64 MB), while its peak
 * RSS in the same bench hardly moved (757–841 MB against 870 MB).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
