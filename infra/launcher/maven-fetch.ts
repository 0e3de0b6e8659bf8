import { runTool } from './run-tool.ts';

const mavenHint =
  'install it with `apt-get install -y maven` (and Java 17: `apt-get install -y openjdk-17-jdk-headless`)';

// Concurrent Maven runs share ~/.m2 without locking; on a cold cache two of them can download the
// same plugin at once and corrupt it. Kafka and the registry are fetched one after the other.
let queue: Promise<unknown> = Promise.resolve();

/** Runs one `mvn -q -B …` invocation, after any other started by this process. */
export function maven(args: string[], cwd?: string): Promise<string> {
  const next = queue.then(() =>
    runTool({ command: 'mvn', args: ['-q', '-B', ...args], cwd, installHint: mavenHint, timeoutMs: 900_000 }),
  );
  queue = next.catch(() => undefined);
  return next;
}
