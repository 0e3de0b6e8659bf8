/** BullMQ queue names of ingest, defined once. */
export const IngestQueues = {
  /** Repeating jobs (one job scheduler per feed) that fetch and parse a feed. */
  feedPoll: 'ingest-feed-poll',
  /** One job per article page to fetch (items that carry only a summary). */
  pageFetch: 'ingest-page-fetch',
} as const;
