// A TCP relay in front of a real server that a test can hold: while held, nothing a client sends
// is passed on (the bytes wait in the relay), so the server looks hung to the client without
// being touched. Used to make Redis slow for one client only, not for every test sharing it.
import { connect, createServer, type Socket } from 'node:net';

export interface PausableRelay {
  /** host:port of the relay */
  address: string;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function pausableRelay(targetHost: string, targetPort: number): Promise<PausableRelay> {
  let held = false;
  // Per connection: the upstream socket and what the client sent while the relay was held.
  const links = new Map<Socket, { upstream: Socket; waiting: Buffer[] }>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    const link = { upstream, waiting: [] as Buffer[] };
    links.set(client, link);
    client.on('data', (chunk: Buffer) => (held ? link.waiting.push(chunk) : upstream.write(chunk)));
    upstream.pipe(client);
    const end = () => {
      links.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    hold() {
      held = true;
    },
    release() {
      held = false;
      for (const link of links.values())
        for (const chunk of link.waiting.splice(0)) link.upstream.write(chunk);
    },
    async close() {
      for (const c of links.keys()) c.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
