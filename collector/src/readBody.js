// Reads a request body up to a limit. Past the limit the rest is drained, not buffered, so
// the client still reads the 413 answer (destroying the socket would show it a network
// error, which the SDK retries instead of halving the batch).

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit most bytes accepted
 * @returns {Promise<{ text: string } | { tooLarge: true } | { aborted: true }>}
 *   `aborted` when the client went away before the body was complete.
 */
export const readBody = (req, limit) =>
  new Promise((resolve) => {
    if (Number(req.headers['content-length']) > limit) {
      req.resume();
      return resolve({ tooLarge: true });
    }
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return resolve({ tooLarge: true });
      }
      chunks.push(chunk);
    });
    req.on('end', () => over || resolve({ text: Buffer.concat(chunks).toString('utf8') }));
    // 'close' without a complete body: the client aborted (a tab closed mid-upload). Settling
    // here keeps the handler from waiting forever; a promise settles once, so after 'end'
    // this does nothing.
    req.on('close', () => req.complete || resolve({ aborted: true }));
    req.on('error', () => resolve({ aborted: true }));
  });
