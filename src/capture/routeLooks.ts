/**
 * For captures that read the page: runs `look` again after each page view of a single-page
 * app, at once and then while the app renders the new route (0.3, 1 and 3 s later), until it
 * returns true. `again` starts a round (cancelling one under way), `stop` cancels it.
 */
export const routeLooks = (look: () => boolean | void) => {
  let timers: ReturnType<typeof setTimeout>[] = [];
  const stop = () => timers.forEach(clearTimeout);
  return {
    again() {
      stop();
      timers = [0, 300, 1000, 3000].map((ms) => setTimeout(() => look() && stop(), ms));
    },
    stop,
  };
};
