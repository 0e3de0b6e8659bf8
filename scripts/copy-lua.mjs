// After `tsc -p tsconfig.build.json`: copies the Lua scripts under services/ next to their
// compiled modules in dist/, where `new URL('./x.lua', import.meta.url)` looks for them.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

for (const entry of readdirSync('services', { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.lua')) continue;
  const from = join(entry.parentPath ?? entry.path, entry.name);
  cpSync(from, join('dist', from));
}
