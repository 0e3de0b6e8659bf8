// TypeScript shapes of the Avro records in schemas/ (timestamps are ms since the epoch). The
// .avsc files are the source of truth; tests/contract checks the fixtures against both.

export type ArticleOrigin = 'HTTP' | 'FEED' | 'FILE' | 'STDIN' | 'OTHER';

export interface ArticleRecord {
  id: string;
  url: string | null;
  canonicalUrl: string | null;
  source: string | null;
  title: string | null;
  text: string;
  language: string | null;
  publishedAt: number | null;
  ingestedAt: number;
  origin: ArticleOrigin;
  feedUrl: string | null;
  contentHash: string;
  metadata: Record<string, string>;
}

export interface ActorRecord {
  code: string;
  countryCode: string | null;
  knownGroupCode: string | null;
  type1Code: string | null;
  name: string;
  start: number;
  end: number;
  entityRef: string | null;
  resolvedBy: string | null;
}

interface PlaceMentionRecord {
  name: string;
  start: number;
  end: number;
  qualifier: string | null;
}

type ModalityRecord = 'ASSERTED' | 'INTENDED' | 'HYPOTHETICAL' | 'REPORTED';

export interface CodedEventRecord {
  eventId: string;
  articleId: string;
  sourceUrl: string | null;
  articleSource: string | null;
  publishedAt: number | null;
  ingestedAt: number;
  eventDate: string;
  dateText: string | null;
  eventCode: string;
  eventBaseCode: string;
  eventRootCode: string;
  quadClass: number;
  goldsteinScale: number;
  source: ActorRecord;
  target: ActorRecord | null;
  negated: boolean;
  modality: ModalityRecord;
  isRootEvent: boolean;
  pattern: string | null;
  confidence: number;
  places: PlaceMentionRecord[];
  sentence: { index: number; text: string; start: number; end: number };
  coderVersion: string;
  dictionaryVersion: string;
  codedAt: number;
}

type EntityTypeRecord = 'COUNTRY' | 'PERSON' | 'ORGANISATION' | 'SECTOR' | 'OTHER';

export interface EntityRecord {
  id: string;
  name: string;
  type: EntityTypeRecord;
  countryIso3: string | null;
  role: string | null;
  roleStart: string | null;
  roleEnd: string | null;
  confidence: number;
}

export interface GeoPlaceRecord {
  name: string;
  fullName: string;
  geoType: number;
  countryIso2: string | null;
  adm1Code: string | null;
  lat: number;
  lon: number;
  geonameId: number | null;
  featureType: string | null;
  qualifier: string | null;
  start: number;
  end: number;
}

export interface EnrichedEventRecord {
  event: CodedEventRecord;
  sourceEntity: EntityRecord | null;
  targetEntity: EntityRecord | null;
  places: GeoPlaceRecord[];
  actionGeo: GeoPlaceRecord | null;
  fingerprint: string;
  clusterId: string;
  numMentions: number;
  numSources: number;
  numArticles: number;
  firstSeenAt: number;
  kbVersion: string;
  enrichedAt: number;
}

export interface DeadLetterRecord {
  originalTopic: string;
  originalPartition: number;
  originalOffset: number;
  originalKey: Buffer | null;
  originalValue: Buffer | null;
  originalHeaders: Record<string, string>;
  errorType: string;
  errorMessage: string;
  retriable: boolean;
  attempts: number;
  service: string;
  failedAt: number;
}
