/**
 * Prints a journey configuration error (a bad rule, a broken rules file). Unlike the core's
 * `fail`, tracking goes on, so these messages say what is used instead. Kept in production
 * builds: a CRO team editing rules needs to see them on the live site. Never throws.
 */
export const report = (message: string): void => {
  try {
    console.error('[waymark] ' + message);
  } catch {
    // a host page may replace console with something that throws
  }
};
