import { connect } from 'node:net';

// Each probe answers "does this server serve requests now?" and never throws: readiness waits,
// `status` and provisioning all ask the same question.

/** Redis: PING over a raw socket (RESP inline command), so the launcher needs no Redis client. */
export function redisAnswers(port: number, host = '127.0.0.1', timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    let reply = '';
    let settled = false;
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    // something else on the port may hang up on a PING without a word
    socket.once('close', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** Registry: the Confluent-compatible subject list answers 200. */
export async function registryAnswers(schemaRegistryUrl: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const response = await fetch(`${schemaRegistryUrl}/subjects`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Kafka: a metadata request lists at least one broker. A KRaft broker only shows up in metadata
 * once it is registered and unfenced, i.e. once it can host partitions; an open port is not enough.
 */
async function kafkaBrokerCount(brokers: string, timeoutMs = 3000): Promise<number> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    clientId: 'newsflow-launcher-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length;
  } catch {
    return 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function kafkaAnswers(brokers: string, timeoutMs = 3000): Promise<boolean> {
  return (await kafkaBrokerCount(brokers, timeoutMs)) > 0;
}

/** Something accepts TCP connections on the port (used to refuse ports taken by other programs). */
export function portTaken(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
