// Reads a request body up to a limit. Past the limit the rest is drained, not buffered, so
// the client still reads the 413 answer (destroying the socket would show it a network
// error, which the SDK retries instead of halving the batch).

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit most bytes accepted
 * @returns {Promise<{ text: string } | { tooLarge: true }>}
 */
export const readBody = (req, limit) =>
  new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) {
      req.resume();
      return resolve({ tooLarge: true });
    }
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
    req.on('error', reject);
  });
