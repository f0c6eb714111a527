/**
 * A test on one value. A bare string, number, boolean or null means "equals"; an object
 * holds every test it names (all must pass).
 */
export type ValueTest =
  | string
  | number
  | boolean
  | null
  | {
      /** Equal to this value. */
      equals?: string | number | boolean | null;
      /** Equal to one of these values. */
      in?: (string | number | boolean | null)[];
      /** `true`: the value is present (not undefined or null); `false`: it is absent. */
      exists?: boolean;
      /** Greater than (numbers only). */
      gt?: number;
      /** Greater than or equal (numbers only). */
      gte?: number;
      /** Less than (numbers only). */
      lt?: number;
      /** Less than or equal (numbers only). */
      lte?: number;
    };

/** One pattern or a list of them (any may match). `*` matches any run of characters; case is ignored. */
export type Pattern = string | string[];

/**
 * A journey rule: plain JSON, so it can live in a script-tag attribute or a remote file.
 * Every condition present must hold; a rule with no conditions matches every event.
 * Rules are tried in order and the first match sets the event's stage.
 *
 * @example
 * { "id": "cart", "stage": "decision", "event": ["Product Added", "Checkout *"] }
 * { "id": "vip", "stage": "retention", "orders": { "gte": 3 }, "path": "/account*" }
 */
export interface Rule {
  /** Names the rule in `context.journey.rule` and in the debug panel (default: its index). */
  id?: string;
  /** The stage the event gets when the rule matches: one of the stage list. */
  stage: string;
  /** Message type: `track`, `page` or `identify`. */
  type?: Pattern;
  /** Event name of a track call: exact, list, or glob (`Checkout *`). */
  event?: Pattern;
  /** Event properties, by name: `{ "step": { "gte": 2 }, "coupon": { "exists": true } }`. */
  properties?: Record<string, ValueTest>;
  /** Full page URL (glob). */
  url?: Pattern;
  /** Page path (glob), e.g. `/products/*`. */
  path?: Pattern;
  /** `document.referrer` (glob), e.g. `*google.*`. */
  referrer?: Pattern;
  /** Campaign of the current session (utm_source, utm_medium, utm_campaign as `name`, utm_term, utm_content). */
  campaign?: { source?: Pattern; medium?: Pattern; name?: Pattern; term?: Pattern; content?: Pattern };
  /** Channel of the current session, e.g. `["paid search", "paid social"]`. */
  channel?: Pattern;
  /** Did the visitor order in an earlier visit (a returning customer)? */
  purchased?: boolean;
  /** Number of orders so far. */
  orders?: ValueTest;
  /** Number of visits (sessions), this one included. */
  visits?: ValueTest;
  /** Whole days since the last order (absent before a first order). */
  daysSinceOrder?: ValueTest;
  /** The visitor's furthest stage: a name or list, or `{ "gte": "decision" }` to compare by stage order. */
  furthest?: Pattern | { gt?: string; gte?: string; lt?: string; lte?: string };
}

/** Where a session came from. */
export interface Touch {
  /** direct, organic search, paid search, organic social, paid social, email, referral, affiliate or display. */
  channel: string;
  /** utm_source, or the referring host. */
  source?: string;
  /** utm_medium */
  medium?: string;
  /** utm_campaign */
  name?: string;
  /** utm_term */
  term?: string;
  /** utm_content */
  content?: string;
  /** Host of an external referrer. */
  referrer?: string;
  /** Name of the ad click id in the URL (gclid, fbclid, msclkid, ...). */
  clickId?: string;
  /** Path of the landing page. */
  path?: string;
  /** ISO 8601 time of the touch. */
  at?: string;
}

/** The visitor's journey, as persisted in localStorage under `<name>:journey`. */
export interface JourneyState {
  /** anonymousId of the visitor whose journey this is. */
  visitor?: string;
  /** Current stage: the stage of the last event a rule matched. */
  stage: string;
  /** Furthest stage reached; never goes back. */
  furthest: string;
  /** When each stage was first reached, ms since the epoch. */
  reached: Record<string, number>;
  /** Orders completed. */
  orders: number;
  /** Time of the last order, ms since the epoch. */
  lastOrder?: number;
  /** order_id of the last order, so a reloaded thank-you page is not counted twice. */
  lastOrderId?: unknown;
  /** Visits (sessions) so far. */
  visits: number;
  /** True when the visitor ordered in an earlier visit: this visit is a returning customer's. */
  customer?: boolean;
  /** Session id of the last event seen. */
  session?: string;
  /** First touch ever. */
  first?: Touch;
  /** Touch of the current session. */
  last?: Touch;
}

/** What {@link explain} says about one event. */
export interface Explanation {
  /** Stage of the event: the matching rule's, or the visitor's current stage. */
  stage: string;
  /** Index of the matching rule, or -1 when none matched. */
  index: number;
  /** The matching rule. */
  rule?: Rule;
  /** Why: each condition of the matching rule with the value it saw. */
  why: string[];
}

/** Options of the {@link journey} plugin. */
export interface JourneyOptions {
  /** Rules, or their JSON (an array, or `{ "rules": [...], "stages": [...] }`). Default: {@link DEFAULT_RULES}. */
  rules?: Rule[] | string;
  /** Stage names in order, or their JSON. Default: {@link DEFAULT_STAGES}. */
  stages?: string[] | string;
  /** URL of a rules file (same JSON as `rules`): fetched once per page, cached, never blocking tracking. */
  rulesUrl?: string;
  /** Event names that count as an order. Default: `Order Completed`. */
  orderEvents?: string[];
}
