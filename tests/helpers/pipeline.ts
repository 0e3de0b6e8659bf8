// Test helper (not a test): ingest, extract and enrich built from their own config on topics,
// groups and keys of one test's prefix, started in this process against the real servers.
import { loadConfig as loadEnrichConfig } from '../../services/enrich/config.ts';
import { createEnrichService } from '../../services/enrich/service.ts';
import { loadConfig as loadExtractConfig } from '../../services/extract/config.ts';
import { createExtractService } from '../../services/extract/service.ts';
import { loadConfig as loadIngestConfig } from '../../services/ingest/config.ts';
import { createIngestService } from '../../services/ingest/service.ts';
import { serverEnv, testLogger, type TestStack } from './stack.ts';

export interface RunningPipeline {
  /** The settings every service of the test shares (servers, prefix, logging). */
  base: Record<string, string>;
  ingestUrl: string;
  /** Stops ingest, extract and enrich, in that order. */
  stops: (() => Promise<unknown>)[];
}

export async function startPipeline(stack: TestStack, prefix: string): Promise<RunningPipeline> {
  const base = {
    ...serverEnv(stack),
    TOPIC_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HEALTH_PORT: '0',
  };
  const onFatal = (err: unknown) => {
    throw err;
  };
  const extract = createExtractService(loadExtractConfig({ ...base, GROUP_ID: `${prefix}extract` }), onFatal);
  const enrich = createEnrichService(loadEnrichConfig({ ...base, GROUP_ID: `${prefix}enrich` }), onFatal);
  const ingest = createIngestService(
    loadIngestConfig({
      ...base,
      INGEST_HTTP_HOST: '127.0.0.1',
      INGEST_HTTP_PORT: '0',
      INGEST_REDIS_PREFIX: `${prefix}ingest`,
      INGEST_QUEUE_PREFIX: prefix.replace(/[^\w.-]/g, '_'),
      INGEST_FEEDS_ENABLED: 'false',
    }),
    { logger: testLogger() },
  );
  // ingest creates the topics and registers the schemas it writes; extract and enrich the rest
  await extract.start();
  await enrich.start();
  const ingestUrl = (await ingest.start()).url;
  return { base, ingestUrl, stops: [() => ingest.stop(), () => extract.stop(), () => enrich.stop()] };
}
