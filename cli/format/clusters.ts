// Folds the enriched topic (one record per mention, with counts "so far") into one record per
// event cluster, the shape of GDELT's event table: the cluster's first mention (its actors,
// sentence and SOURCEURL), carrying the highest counts any of its mentions reported.
import type { EnrichedEventRecord } from '../../services/contracts/records.ts';

export interface ClusterMerger {
  add(record: EnrichedEventRecord): void;
  /** One record per cluster, in the order the clusters were first seen. */
  records(): EnrichedEventRecord[];
}

export function mergeClusters(): ClusterMerger {
  const byCluster = new Map<string, EnrichedEventRecord>();
  return {
    add(r) {
      const seen = byCluster.get(r.clusterId);
      if (!seen) {
        byCluster.set(r.clusterId, { ...r });
        return;
      }
      // The cluster's own first event (eventId === clusterId) is its representative, even when a
      // later mention happened to be read first (different partitions).
      const base = r.event.eventId === r.clusterId && seen.event.eventId !== r.clusterId ? { ...r } : seen;
      base.numMentions = Math.max(seen.numMentions, r.numMentions);
      base.numSources = Math.max(seen.numSources, r.numSources);
      base.numArticles = Math.max(seen.numArticles, r.numArticles);
      base.firstSeenAt = Math.min(seen.firstSeenAt, r.firstSeenAt);
      byCluster.set(r.clusterId, base);
    },
    records: () => [...byCluster.values()],
  };
}
