import client from 'prom-client';

export type { Registry } from 'prom-client';

export interface PipelineMetrics {
  registry: client.Registry;
  consumed: client.Counter<'topic'>;
  produced: client.Counter<'topic'>;
  deadLettered: client.Counter<'topic' | 'reason'>;
  retries: client.Counter<'topic'>;
  handlerSeconds: client.Histogram<'topic'>;
  transactionSeconds: client.Histogram<'topic'>;
  batchMessages: client.Histogram<'topic'>;
}

/** One registry per service with process metrics and the counters every consumer shares. */
export function createMetrics(service: string): PipelineMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry });
  const opts = { registers: [registry] };
  const topicCounter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new client.Counter<L>({ name, help, labelNames, ...opts });
  const topicHistogram = (name: string, help: string, buckets: number[]) =>
    new client.Histogram<'topic'>({ name, help, labelNames: ['topic'], buckets, ...opts });
  return {
    registry,
    consumed: topicCounter('newsflow_messages_consumed_total', 'Messages read from a topic', ['topic']),
    produced: topicCounter('newsflow_messages_produced_total', 'Messages written to a topic', ['topic']),
    deadLettered: topicCounter(
      'newsflow_messages_dead_lettered_total',
      'Messages sent to a dead-letter topic',
      ['topic', 'reason'],
    ),
    retries: topicCounter('newsflow_handler_retries_total', 'Retries of a retriable handler failure', [
      'topic',
    ]),
    handlerSeconds: topicHistogram(
      'newsflow_handler_seconds',
      'Time to handle one message',
      [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    ),
    transactionSeconds: topicHistogram(
      'newsflow_transaction_seconds',
      'Time to write and commit one output transaction (outputs and consumed offsets)',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    ),
    batchMessages: topicHistogram(
      'newsflow_batch_messages',
      'Messages in one fetched batch of a partition',
      [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    ),
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
