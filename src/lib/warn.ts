const said = /* @__PURE__ */ new Set<string>();

/**
 * Prints a warning once per distinct message, so a page that calls the SDK wrongly in a loop
 * gets one line, not thousands. Never throws: a missing or broken console is ignored.
 */
export const warn = (message: string): void => {
  if (said.has(message) || said.size > 100) return;
  said.add(message);
  try {
    console.warn('[waymark] ' + message);
  } catch {
    // a host page may replace console with something that throws
  }
};

/** Like {@link warn}, for a configuration the SDK cannot work with. */
export const fail = (message: string): void => {
  try {
    console.error('[waymark] ' + message);
  } catch {
    // see warn
  }
};
