// The hub's door: live streams with keyframe cache and bounded per-consumer queues.
export { lengthPrefixed, releaseUnit, retainUnit, type AccessUnit, type SampleStorage, type TrackInfo, type VideoCodec } from './access-unit.js';
export type { StopReason, StreamConsumer, StreamSource, SubscribeOptions, Subscription, SubscriptionStats } from './stream-consumer.js';
export { Hub, type HubOptions, type HubStreamStats, type OnDemandSource, type StreamPublisher } from './hub.js';
export { sameTrack } from './live-stream.js';
export { accessUnitBytes } from './unit-size.js';
export { HUB_ERRORS } from './errors.js';
