// Entry of a `newsflow process` worker thread: TypeScript through tsx, as bin/newsflow.mjs does
// for the main thread (loader hooks are per thread).
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
