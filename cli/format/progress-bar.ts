// The progress bar of the commands that read files (ingest, process): shown on a terminal only,
// and only when the input has a known size (files, not stdin).
import cliProgress from 'cli-progress';
import type { CommandIo } from '../io.ts';

export interface ProgressBar<P extends object> {
  update(done: number, payload: P): void;
  stop(): void;
}

const none = { update: () => undefined, stop: () => undefined };

/** A bar over `total` bytes, with `format`'s `{fields}` filled from each update's payload. */
export function fileProgressBar<P extends object>(
  io: CommandIo,
  show: boolean,
  total: number,
  format: string,
  initial: P,
): ProgressBar<P> {
  if (!show || (io.stderr as NodeJS.WriteStream).isTTY !== true) return none;
  const bar = new cliProgress.SingleBar(
    { stream: io.stderr, format: `{bar} {percentage}% | ${format}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0, initial);
  return {
    update: (done, payload) => bar.update(Math.min(done, total), payload),
    stop: () => bar.stop(),
  };
}
