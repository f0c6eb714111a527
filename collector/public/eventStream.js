// The live event stream: the latest events, newest first, each with its stage as a coloured
// pill. Rows not seen on the previous refresh get the class "new" so they flash in. An event
// timestamped after the collector's clock (`future`) is marked "client clock ahead".
import { html, stageClass, label } from './svg.js';

const time = (iso) => new Date(iso).toLocaleTimeString('en-GB', { hour12: false });

/**
 * @param {{ id: string, type: string, event: string | null, stage: string | null, furthestStage: string | null, channel: string | null, visitor: string, path: string | null, timestamp: string, future?: boolean }[]} events
 * @param {string[]} stages
 * @param {Set<string>} seen the ids (messageIds) shown on the previous refresh
 * @returns {HTMLLIElement[]}
 */
export const eventStream = (events, stages, seen) =>
  events.map((e) => {
    const i = e.stage ? stages.indexOf(e.stage) : -1;
    return html(
      'li',
      { class: seen.size && !seen.has(e.id) ? 'new' : undefined, 'data-id': e.id, 'data-future': e.future ? 'true' : undefined },
      html(
        'span',
        { class: 'when' },
        html('time', { datetime: e.timestamp }, time(e.timestamp)),
        ...(e.future
          ? [
              html(
                'span',
                {
                  class: 'ahead',
                  tabindex: 0,
                  title: `Client clock ahead: timestamped ${new Date(e.timestamp).toISOString()}, later than the collector's clock. Simulated visitors move their clocks (and the collector trusts them), so their events can be in the future.`,
                },
                'client clock ahead',
              ),
            ]
          : []),
      ),
      html(
        'span',
        { class: 'pill ' + (i >= 0 ? stageClass(i) : 'stage-none'), title: e.furthestStage ? 'furthest stage: ' + e.furthestStage : undefined },
        e.stage ? label(e.stage) : 'no stage',
      ),
      html('span', { class: 'what' }, e.type == 'track' ? (e.event ?? '') : (e.type == 'page' ? 'Page view' : 'Identify') + (e.event ? ' · ' + e.event : '')),
      html('span', { class: 'where' }, e.path ?? ''),
      html('span', { class: 'who', title: 'visitor ' + e.visitor }, e.visitor.slice(0, 12)),
      html('span', { class: 'channel' }, e.channel ?? ''),
    );
  });
