// The cross-article counts of services/enrich/event-clusters.ts kept in process, for
// `newsflow process` (no Redis): the same rules (the first mention names the cluster and its
// first-seen time; a mention, source or article counts once), with no expiry, since one batch
// run is one window.
import type { ClusterCounts, ClusterStore, Mention } from './event-clusters.ts';

interface Cluster {
  clusterId: string;
  firstSeenAt: number;
  mentions: Set<string>;
  sources: Set<string>;
  articles: Set<string>;
}

export function createMemoryClusterStore(): ClusterStore & { readonly size: number } {
  const clusters = new Map<string, Cluster>();
  const recordOne = (m: Mention): ClusterCounts => {
    let c = clusters.get(m.fingerprint);
    if (!c) {
      c = {
        clusterId: m.eventId,
        firstSeenAt: m.at,
        mentions: new Set(),
        sources: new Set(),
        articles: new Set(),
      };
      clusters.set(m.fingerprint, c);
    }
    c.mentions.add(m.eventId);
    c.sources.add(m.source);
    c.articles.add(m.articleId);
    return {
      clusterId: c.clusterId,
      firstSeenAt: c.firstSeenAt,
      numMentions: c.mentions.size,
      numSources: c.sources.size,
      numArticles: c.articles.size,
    };
  };
  return {
    get size() {
      return clusters.size;
    },
    record: async (m) => recordOne(m),
    recordMany: async (ms) => ms.map(recordOne),
  };
}
