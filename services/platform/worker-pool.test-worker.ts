// The worker of worker-pool.test.ts: doubles numbers, throws on request, or dies.
import { serveRequests } from './worker-pool.ts';

type Request = { double: number } | { throw: 'TypeError' | 'Error' } | { exit: number };

serveRequests<Request, number>((data) => {
  const { factor } = data as { factor: number };
  return (r) => {
    if ('double' in r) return r.double * factor;
    if ('throw' in r)
      throw r.throw === 'TypeError' ? new TypeError('bad input type') : new Error('plain failure');
    process.exit(r.exit);
  };
});
