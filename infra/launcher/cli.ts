// `npm run infra -- up|down|status|logs|env`: the same command as `newsflow infra`, without the dispatcher.
import { run } from './command.ts';

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
