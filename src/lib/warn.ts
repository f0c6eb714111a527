declare const process: { env: { NODE_ENV?: string } };

const said = /* @__PURE__ */ new Set<string>();

/**
 * Tells a developer what went wrong and how to fix it, once per distinct message, so a page
 * that calls the SDK wrongly in a loop gets one line. These are development aids: a bundler
 * that sets NODE_ENV to production drops the calls and their text (the script-tag build
 * keeps them). Never throws, whatever the console does.
 */
export const warn = (message: string): void => {
  try {
    if (process.env.NODE_ENV != 'production' && !said.has(message) && said.size < 100)
      said.add(message), console.warn('[waymark] ' + message);
  } catch {
    // no `process` (an unbundled ES module) or a console that throws
  }
};

let server = false;
/** On a server (no DOM): one console.info per process, in development only. */
export const onServer = (): void => {
  try {
    if (process.env.NODE_ENV != 'production' && !server)
      (server = true), console.info('[waymark] no page here (server rendering): this tracker does nothing. Events are tracked in the browser.');
  } catch {
    // see warn
  }
};

/** For a configuration the SDK cannot work with: printed in production builds too. */
export const fail = (message: string): void => {
  try {
    console.error('[waymark] ' + message + ' Tracking is off.');
  } catch {
    // see warn
  }
};
