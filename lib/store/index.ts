/** The history store (server-only): what was seen and when, in embedded PGlite or PostgreSQL. */
import 'server-only';
export { DEFAULT_DATA_DIR, DEFAULT_HISTORY_DAYS, StoreError, parseStoreConfig, redactUrl } from './config';
export type { StoreConfig } from './config';
export { CHANGE_KINDS, factsOfRead } from './facts';
export type { ChangeKind, ReadFacts, ScopeRead } from './facts';
export type { StoredChange, StoredGraph } from './queries';
export type { RecordSummary } from './record';
export { HistoryStore } from './store';
export type { CollectorLease } from './store';
export type { StoredTrailEvent, TrailCursor } from './trail';
