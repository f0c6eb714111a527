declare const process: { env: { NODE_ENV?: string } };

/**
 * False in production builds: a bundler that sets NODE_ENV to production (Vite, webpack,
 * esbuild, Parcel, Rollup's replace) turns this into `false`, and every `DEV && warn(...)`
 * with its message text goes. Each warning is guarded at its call, as nanostores does, because
 * only terser inlines a function well enough to drop the text behind a guard inside it.
 */
export const DEV = process.env.NODE_ENV != 'production';

const said = /* @__PURE__ */ new Set<string>();

/**
 * Tells a developer what went wrong and how to fix it, once per distinct message, so a page
 * that calls the SDK wrongly in a loop gets one line. These are development aids: a bundler
 * that sets NODE_ENV to production drops the calls and their text (the script-tag build
 * keeps them). Never throws, whatever the console does.
 */
export const warn = (message: string): void => {
  // Every call is already behind DEV; this one lets esbuild, which keeps a function still
  // referenced by a call it has yet to fold away, ship it empty in a production build.
  if (DEV)
    try {
      if (!said.has(message) && said.size < 100) said.add(message), console.warn('[waymark] ' + message);
    } catch {
      // a console that throws
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
