/** Free-form event properties or user traits. Must be JSON-serialisable; anything else is made so. */
export type Properties = Record<string, unknown>;

/** Campaign parameters read from the page URL (`utm_*`), Segment's `context.campaign`. */
export interface Campaign {
  /** utm_source */
  source?: string;
  /** utm_medium */
  medium?: string;
  /** utm_campaign */
  name?: string;
  /** utm_term */
  term?: string;
  /** utm_content */
  content?: string;
}

/** Where an event happened. */
export interface PageContext {
  /** Path of the page, without query or hash. */
  path: string;
  /** Full URL of the page, query parameters scrubbed. */
  url: string;
  /** Query string, scrubbed, with its leading `?` (empty when none). */
  search: string;
  /** `document.title` */
  title: string;
  /** `document.referrer`, scrubbed. */
  referrer: string;
}

/**
 * The journey slot every message carries once the journey plugin is used.
 * The stage engine fills `stage` and `furthestStage`; the core fills `sessionId`.
 */
export interface JourneyContext {
  /** Stage of this event. */
  stage?: string;
  /** Furthest stage the visitor has reached in this journey. */
  furthestStage?: string;
  /** Session the event belongs to. */
  sessionId: string;
  [key: string]: unknown;
}

/** Segment-style `context`. */
export interface Context {
  page: PageContext;
  userAgent: string;
  locale: string;
  /** The visitor's IANA time zone (`Intl`), e.g. `Europe/Berlin`. */
  timezone?: string;
  library: { name: string; version: string };
  campaign?: Campaign;
  journey: JourneyContext;
  [key: string]: unknown;
}

/** One message in the Segment HTTP tracking API shape. */
export interface Message {
  type: 'track' | 'page' | 'identify' | 'group' | 'alias';
  /** Event name, for `track`. */
  event?: string;
  /** Page name, for `page`. */
  name?: string;
  properties?: Properties;
  traits?: Properties;
  context: Context;
  /** Unique per event, stable across retries: collectors drop duplicates by it. */
  messageId: string;
  anonymousId: string;
  userId: string | null;
  /** The account or company, for `group`. */
  groupId?: string;
  /** The id `userId` replaces, for `alias`. */
  previousId?: string;
  /** ISO 8601 time the event happened. */
  timestamp: string;
}

/** What a collector receives, as JSON. */
export interface Batch {
  batch: Message[];
  /** ISO 8601 time the batch was sent. */
  sentAt: string;
  /** Events the outbox dropped (bounds, oversize, rejected) since the last delivered batch. */
  dropped?: number;
  /** The tracker's `writeKey`, when set: in the body, so a batch needs no custom header. */
  writeKey?: string;
  /**
   * Names the batch by its content (first and last messageId, count): a retry of the same
   * batch carries the same key, so a collector can drop the replay.
   */
  idempotencyKey: string;
}

/** What a transport is asked to send. */
export interface TransportRequest {
  url: string;
  /** The JSON body of a {@link Batch}, already serialised. */
  body: string;
  headers: Record<string, string>;
  /** True when the page is being hidden or unloaded: the request must outlive the page. */
  keepalive: boolean;
  /** Aborted when the request has gone unanswered for `timeout` ms: it then counts as a network error. */
  signal?: AbortSignal;
}

/** What a transport answers: the HTTP status and the Retry-After header, if any. */
export interface TransportResponse {
  status: number;
  retryAfter?: string | null;
}

/** Sends one batch. Throw (or reject) for a network error; it is retried. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * Per-call options of `track()`, `page()`, `identify()`, `group()` and `alias()`, as in Segment's analytics.js.
 *
 * @example
 * // an event that happened earlier, sent now
 * waymark.track('Order Refunded', { order_id: 'o-1' }, { timestamp: '2026-11-23T10:00:00Z' });
 * // a non-interactive event: it keeps the visitor's session as it is and counts as no visit
 * waymark.track('Stock Alert Shown', { product_id: 'p1' }, { context: { active: false } });
 */
export interface CallOptions {
  /**
   * When the event happened: a Date, an ISO 8601 string or milliseconds since the epoch.
   * Default: the time of the call. The visitor's session is still reckoned at the call.
   */
  timestamp?: Date | string | number;
  /**
   * Merged into the message's `context`, key by key at every depth, over what the SDK built
   * (`page`, `campaign`, `journey`...); plugins then enrich it as usual. Segment's
   * `context.active: false` marks a non-interactive message: it neither starts nor extends
   * the session, carries no campaign of the page, and the journey counts it as no visit and
   * no touch (the abandonment events and Web Vitals are sent so).
   */
  context?: Properties;
  /** Sends this one message under another anonymous id; the visitor's own ids and journey are kept. */
  anonymousId?: string;
}

/** What a plugin is handed at setup. */
export interface PluginAPI {
  track(event: string, properties?: Properties, options?: CallOptions): void;
  page(name?: string, properties?: Properties, options?: CallOptions): void;
  /** The tracker's configuration, as given. */
  config: TrackerConfig;
  /** The tracker's name (default `waymark`): prefix plugin storage keys with it. */
  name: string;
  /** The visitor's consent now: a plugin stores nothing about the visitor unless `granted`. */
  consent(): Consent;
}

/**
 * A plain-object plugin. `setup` installs listeners and returns the function that removes
 * them (called by `shutdown()`); `enrich` sees every message before it is stored and may
 * change it, or return `false` to drop it.
 */
export interface Plugin {
  name: string;
  setup?(api: PluginAPI): void | (() => void);
  enrich?(message: Message): void | false;
}

/**
 * Configuration of {@link createTracker}: where to send, `endpoint` or `transport` (at least
 * one), plus any of the {@link TrackerOptions}.
 */
export type TrackerConfig = TrackerOptions &
  (
    | {
        /**
         * Collector URL batches are POSTed to: https, or http on localhost / 127.0.0.1, or a
         * path such as `/v1/batch` (a first-party proxy), resolved against the page.
         */
        endpoint: string;
        /** Replaces `fetch` for custom collectors. */
        transport?: Transport;
      }
    | {
        /** Handed to the transport as `request.url`. */
        endpoint?: string;
        /** Sends each batch instead of `fetch`, for custom collectors; no endpoint needed. */
        transport: Transport;
      }
  );

/** Everything {@link createTracker} takes besides where to send. */
export interface TrackerOptions {
  /**
   * Sent in the body of every batch (`writeKey`), as Segment's analytics.js does, so a
   * cross-origin collector needs no CORS preflight. A collector that wants HTTP Basic auth
   * instead: `headers: { Authorization: 'Basic ' + btoa(writeKey + ':') }`.
   */
  writeKey?: string;
  /**
   * Extra headers on every batch request (not on beacons, which cannot carry headers). Any
   * header but a plain-text Content-Type makes each cross-origin batch a CORS preflight.
   */
  headers?: Record<string, string>;
  /** Most events in one batch. Default 500 (each within `batchBytes`). */
  batchSize?: number;
  /** Most bytes in one batch request. Default 500,000; keepalive requests never exceed 64 KB. */
  batchBytes?: number;
  /** Milliseconds between scheduled flushes. Default 2,000. */
  flushInterval?: number;
  /** Most events the outbox keeps; the oldest are dropped (and counted) past it. Default 10,000. */
  maxEvents?: number;
  /** Most bytes the outbox keeps; the oldest are dropped (and counted) past it. Default 5,000,000. */
  maxBytes?: number;
  /** Events older than this many milliseconds are dropped (and counted) unsent. Default 7 days. */
  maxAge?: number;
  /**
   * Milliseconds a request may go unanswered before it is aborted and retried as a network
   * error (and the send lock passes to another tab). Default 10,000.
   */
  timeout?: number;
  /** Longest wait between retries, in milliseconds. Default 60,000. */
  maxRetryDelay?: number;
  /** Session idle timeout in milliseconds. Default 30 minutes. */
  sessionTimeout?: number;
  /** Names the IndexedDB database and storage keys, so several trackers can coexist. Default `waymark`. */
  name?: string;
  /** `memory` keeps the outbox in memory only (events are lost on close). Default `indexeddb`. */
  storage?: 'indexeddb' | 'memory';
  /** Query parameters removed from every URL the SDK sends. Defaults cover emails, tokens and passwords. */
  scrubParams?: string[];
  /** Plugins to install at start. */
  plugins?: Plugin[];
  /**
   * `pending`: events wait in memory (at most 1,000) and nothing is stored or sent until
   * `consent('granted')`; `denied`: nothing is kept. Default `granted`.
   */
  consent?: Consent;
  /** Treat Global Privacy Control and Do Not Track as a refusal. Default false. */
  honorGpc?: boolean;
  /**
   * Keep property values that look like email addresses or card numbers. By default they are
   * replaced by `[email]` and `[card]` (identify traits and the userId are never masked).
   */
  allowPii?: boolean;
}

/** The visitor's answer to the consent question. */
export type Consent = 'pending' | 'granted' | 'denied';

/** The tracker {@link createTracker} returns. Every method is safe to call at any time. */
export interface Tracker {
  /**
   * Records a custom or e-commerce event, e.g. `track('Product Added', { product_id: 'p1' })`.
   * `options` sets the timestamp, more context or the anonymous id of this call ({@link CallOptions}).
   */
  track(event: string, properties?: Properties, options?: CallOptions): void;
  /** Records a page view of the current page; `options` as for `track()`. */
  page(name?: string, properties?: Properties, options?: CallOptions): void;
  /** Attaches a user id (and traits) to this visitor and every later event; `options` as for `track()`. */
  identify(userId?: string | null, traits?: Properties, options?: CallOptions): void;
  /**
   * Ties this visitor to a group (an account, a company) with its traits, as Segment's
   * `group()`: `group('acme-gmbh', { name: 'ACME GmbH', plan: 'b2b' })`. Traits are masked
   * like event properties unless `allowPii` is set; `options` as for `track()`.
   */
  group(groupId: string, traits?: Properties, options?: CallOptions): void;
  /**
   * Tells the collector that `userId` and `previousId` (by default this visitor's user id,
   * else its anonymous id) are one person, as Segment's `alias()`: e.g. after sign-up, when
   * the shop's new customer id replaces a guest id. It does not change the ids this tracker
   * sends; call `identify()` for that. `options` as for `track()`.
   */
  alias(userId: string, previousId?: string | null, options?: CallOptions): void;
  /** Sends everything stored now; resolves when the outbox is empty or a send failed. */
  flush(): Promise<void>;
  /** Installs a plugin. */
  use(plugin: Plugin): void;
  /** Forgets the user id and starts a new anonymous visitor and session. */
  reset(): void;
  /** The visitor's anonymous id. */
  anonymousId(): string;
  /**
   * Records the visitor's consent. `granted` stores and sends what waited; `denied` discards
   * it, empties the outbox and removes the stored ids.
   */
  consent(state: Consent): void;
  /** Flushes, then removes every listener and timer. Later calls are ignored with a warning. */
  shutdown(): Promise<void>;
}
