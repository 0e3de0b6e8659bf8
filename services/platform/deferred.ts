/**
 * A promise with its resolve and reject at hand (Promise.withResolvers arrives with Node 22). Its
 * rejection may come before anyone awaits it: that does not count as an unhandled rejection.
 */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
