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
const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

/**
 * Each service's own flags, and why.
 *
 * extract: its live heap is ~200 MB once the dictionaries and the gazetteer are loaded, yet under
 * a steady load its old generation grew to ~480 MB used before V8 collected it (its metrics,
 * polled through a stack bench at 200 articles/s): garbage, not data (it fell back to ~190 MB as
 * soon as the load stopped). V8 sets the next collection's limit from the allocation rate, so a
 * busy process keeps raising it; a cap makes it collect sooner instead. Stack bench on GeoWebNews,
 * quiet machine, extract's peak RSS / articles/s at max rate / p99 at 200 articles/s:
 * no cap 818–895 MB / 444 / 646–656 ms; 384 MB 500–544 MB / 362–394 / 778–841 ms (collects too
 * often); 448 MB 539–553 MB / 410–447 / 599–783 ms.
 *
 * enrich: back to V8's usual 16 MB semi-space. Its peak RSS at max rate was 423–512 MB with the
 * common 64 MB young generation and 365–391 MB with 16 MB (stack bench, 60 s on GeoWebNews, three
 * alternating pairs), while the stack's rate did not move beyond the noise (397–399, 360 against
 * 381, 381, 398 articles/s): extract is the bottleneck, and enrich's extra scavenges (the reason
 * for 64 MB, ~10% of its CPU) come out of the other core's slack.
 *
 * ingest: the same young generation as enrich, and its old generation capped at 128 MB. Its live
 * heap is ~45–60 MB, yet under load the old generation filled with promoted request garbage to
 * ~180 MB before V8 collected it, and the 64 MB young generation held up to ~130 MB more. Ingest
 * alone under `newsflow bench ingest` (GeoWebNews, 30 s of NDJSON batches, two runs each), peak
 * RSS: 363–401 MB as before, 335–364 with the 16 MB young generation alone, 263–287 with the cap
 * alone, 215–221 with both. 32 concurrent 4.5 MB batches (more than the 3 s answer deadline lets
 * it hold) kept it at 329 MB, answering 202/207/503. In the stack bench at max rate (three
 * alternating pairs) its peak fell from 286/290/350 to 225/227/224 MB, the stack's rate not lower
 * (243/321/440 against 271/449/476 articles/s).
 */
const OWN_FLAGS: Readonly<Record<string, readonly string[]>> = {
  ingest: ['--max-semi-space-size=16', '--max-old-space-size=128'],
  extract: ['--max-old-space-size=448'],
  enrich: ['--max-semi-space-size=16'],
};

/**
 * The Node flags service `name` is started with: the common ones, each replaced by the service's
 * own value of it if it has one, then its other own flags (no name: the common ones alone, for the
 * benchmarks' helper processes). An operator replaces a service's own
 * with `NEWSFLOW_<NAME>_NODE_FLAGS` (space-separated, e.g.
 * NEWSFLOW_EXTRACT_NODE_FLAGS='--max-old-space-size=768' for much larger dictionaries).
 */
export function serviceNodeFlags(name: string | undefined, env: NodeJS.ProcessEnv): string[] {
  if (name === undefined) return [...SERVICE_NODE_FLAGS];
  const override = env[`NEWSFLOW_${name.toUpperCase()}_NODE_FLAGS`];
  const own = override !== undefined ? override.split(/\s+/).filter(Boolean) : (OWN_FLAGS[name] ?? []);
  const flags = [...SERVICE_NODE_FLAGS, ...own];
  // A service's own value of a common flag replaces it rather than following it.
  const key = (flag: string) => flag.split('=')[0];
  return flags.filter((flag, i) => !flags.slice(i + 1).some((later) => key(later) === key(flag)));
}
