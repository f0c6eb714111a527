// Every figure the summary (and so the dashboard) shows, defined once. The dashboard prints
// these sentences beside its tiles and charts; the README quotes them; both engines compute
// exactly this (collector/test/store.test.js asserts the two agree on the same events).

/** The definition of each figure, keyed as in the summary. */
export const DEFINITIONS = {
  events: 'Messages stored, each messageId once (a replayed or duplicate message is not counted again).',
  visitors: 'Distinct anonymousIds among all stored messages.',
  visits:
    'Distinct sessions (context.journey.sessionId) among all messages except "Cart Abandoned" and "Checkout Abandoned": an abandonment belongs to the session it closes and never counts as a visit.',
  funnel:
    'Visitors who reached each stage: a message at that stage, or a furthest stage at or beyond it (the furthest stage never goes back). Every visitor has reached the first stage, so the top of the funnel equals the visitors tile, including visitors whose messages carry no stage (a tracker without the journey plugin).',
  channels:
    'The visitors of each funnel stage (the same visitors, so each bar adds up to its funnel step), each counted once, under the channel of their first message that reached that stage ("unknown" when it carried none).',
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
};
