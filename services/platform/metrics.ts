import client from 'prom-client';

export type { Registry } from 'prom-client';

export interface PipelineMetrics {
  registry: client.Registry;
  consumed: client.Counter<'topic'>;
  produced: client.Counter<'topic'>;
  deadLettered: client.Counter<'topic' | 'reason'>;
  retries: client.Counter<'topic'>;
  handlerSeconds: client.Histogram<'topic'>;
}

/** One registry per service with process metrics and the counters every consumer shares. */
export function createMetrics(service: string): PipelineMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry });
  const opts = { registers: [registry] };
  return {
    registry,
    consumed: new client.Counter({
      name: 'newsflow_messages_consumed_total',
      help: 'Messages read from a topic',
      labelNames: ['topic'],
      ...opts,
    }),
    produced: new client.Counter({
      name: 'newsflow_messages_produced_total',
      help: 'Messages written to a topic',
      labelNames: ['topic'],
      ...opts,
    }),
    deadLettered: new client.Counter({
      name: 'newsflow_messages_dead_lettered_total',
      help: 'Messages sent to a dead-letter topic',
      labelNames: ['topic', 'reason'],
      ...opts,
    }),
    retries: new client.Counter({
      name: 'newsflow_handler_retries_total',
      help: 'Retries of a retriable handler failure',
      labelNames: ['topic'],
      ...opts,
    }),
    handlerSeconds: new client.Histogram({
      name: 'newsflow_handler_seconds',
      help: 'Time to handle one message',
      labelNames: ['topic'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      ...opts,
    }),
  };
}

export function counter(
  registry: client.Registry,
  name: string,
  help: string,
  labelNames: string[] = [],
): client.Counter<string> {
  return new client.Counter({ name, help, labelNames, registers: [registry] });
}

export function histogram(
  registry: client.Registry,
  name: string,
  help: string,
  buckets: number[],
  labelNames: string[] = [],
): client.Histogram<string> {
  return new client.Histogram({ name, help, buckets, labelNames, registers: [registry] });
}
