// Every figure the summary (and so the dashboard) shows, defined once. The dashboard prints
// these sentences beside its tiles and charts; the README quotes them; both engines compute
// exactly this (collector/test/store.test.js asserts the two agree on the same events).

/** The definition of each figure, keyed as in the summary. */
export const DEFINITIONS = {
  events: 'Messages stored, each messageId once (a replayed or duplicate message is not counted again).',
  visitors: 'Distinct anonymousIds among the stored messages (with a range or segment: of its visits).',
  visits:
    'Distinct sessions (context.journey.sessionId) among all messages except "Cart Abandoned" and "Checkout Abandoned": an abandonment belongs to the session it closes and never counts as a visit.',
  funnel:
    'Visitors who reached each stage: a message at that stage or a later one, or a furthest stage at or beyond it (the furthest stage never goes back), so no step is wider than the one before. Every visitor has reached the first stage, so the top of the funnel equals the visitors tile, including visitors whose messages carry no stage (a tracker without the journey plugin).',
  channels:
    'The visitors of each funnel stage (the same visitors, so each bar adds up to its funnel step), each counted once, under the channel of their first visit at that stage or beyond ("unknown" when it carried none).',
  checkoutSteps:
    'Per checkout step: visitors who viewed it ("Checkout Step Viewed") and who completed it ("Checkout Step Completed"); drop-off = viewed minus completed; abandoned = abandoned checkouts whose last step was this one.',
  abandonedCarts:
    'Carts with items, no checkout started and no order, after the abandonment window without any activity of that visitor: one per cart_id, whether the browser (in-page timer, next visit) or the collector (sweep) noticed it first. Value: the cart value at its last activity.',
  abandonedCheckouts:
    'Checkouts started, with items, and no order, after the abandonment window without any activity of that visitor: one per cart_id, whichever side noticed it first, counted at the last checkout step reached. Value: the cart value at its last activity.',
  abandonedByChannel: "Abandoned carts and checkouts by the channel of the session they close (the channel of the cart's last activity).",
  friction:
    'Friction signals ("Rage Click", "Dead Click", "Form Error", "Request Failed", "Script Error", "Slow Page"): events, and distinct visitors who had any, by kind, by the journey stage the event was tagged with ("unknown" without one) and by the checkout step it happened at (only those tagged with a step).',
  frictionAtAbandonment:
    'Of the counted abandoned checkouts, those whose session (the one the abandonment closes) had a friction signal at the checkout step where the checkout ended.',
  cancelled:
    'A collector-derived abandonment is not counted when a message of that visitor arrives later, timestamped inside its window (a late order or beacon): the visitor was not silent.',
  range:
    'A date range keeps the visits that started in it (visit figures: visitors, visits, funnel, channel mix, sales, trends, segments) and the events timestamped in it (checkout steps, abandonments, friction, products, paths). The previous period has the same length and ends where the range starts.',
  segments:
    'A visit belongs to the channel, campaign (utm_campaign), device class (from the user agent: tablet, mobile, else desktop), landing page and new or returning (returning: the visitor had a visit before it) of its first message; a filter keeps those visits and the events they hold. The breakdown counts each visitor under every segment value they had a visit in.',
  revenue: 'The summed value (properties.value, else revenue) of "Order Completed" events, in the visits of the range.',
  orders: 'Count of "Order Completed" events in the visits of the range.',
  conversionRate: 'Buyers (visitors with an order in a visit of the range) divided by visitors.',
  aov: 'Average order value: revenue divided by orders.',
  trends:
    'Per hour or day (UTC), the visit figures of the visits that started in it (visitors, visitors who reached each stage, buyers, conversion rate, revenue) and the value of the abandonments counted then.',
  customFunnel:
    'Visitors who did step 1 in the range, then each later step within the conversion window of that step 1: strict order, each step after the one before (other events may come between); any order, each step within the window of step 1, before or after it. A stage step happens when a visit at that stage or beyond starts; an event step may require properties equal to values; a page step matches page paths by a pattern (* any characters). Each visitor counts at the furthest step of their best attempt; times between steps are the median over visitors.',
  products:
    'Per product_id: visitors who viewed it ("Product Viewed"), visitors who added it ("Product Added"), orders whose lines hold it and the revenue of those lines (price times quantity), and counted abandoned carts and checkouts whose cart held it.',
  paths:
    'After each "Product Added" and each "Checkout Step Viewed", the next page view or journey step of that visit (product viewed, added or removed, cart viewed, checkout started, a checkout step viewed, order completed; the completion of a step is left out, since shops send it with the next step), or "Left" when nothing followed in the visit.',
  timeToConvert:
    "From a buyer's first stored event to their first order, for buyers whose first order falls in the range and who ordered in a visit of the segment; the median and the distribution.",
};
