// Data that lives outside the repository (the team's seed article and its hand coding in
// ../shared/data). Tests that need it take the folder from NEWSFLOW_SHARED_DIR, else ../shared
// beside the clone when it exists; without either they are reported as skipped with the reason,
// never as passed. A NEWSFLOW_SHARED_DIR that is set but missing fails instead (CI sets it).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BESIDE_CLONE = fileURLToPath(new URL('../../../shared', import.meta.url));

export type SharedData = { dir: string; skip?: undefined } | { dir?: undefined; skip: string };

/** Where the shared folder is, or why tests that need it are skipped. */
export function sharedData(env: NodeJS.ProcessEnv = process.env, besideClone = BESIDE_CLONE): SharedData {
  const configured = env.NEWSFLOW_SHARED_DIR;
  if (configured) {
    const dir = resolve(configured);
    if (!existsSync(join(dir, 'data'))) {
      throw new Error(`NEWSFLOW_SHARED_DIR=${configured}: ${join(dir, 'data')} does not exist`);
    }
    return { dir };
  }
  if (existsSync(join(besideClone, 'data'))) return { dir: besideClone };
  return {
    skip: `needs the shared seed data: set NEWSFLOW_SHARED_DIR (no ${besideClone}/data beside this clone)`,
  };
}

/** Path of a file under <shared>/data; only call it when sharedData() gave a dir. */
export function sharedDataFile(shared: SharedData, name: string): string {
  if (!shared.dir) throw new Error(shared.skip);
  return join(shared.dir, 'data', name);
}
