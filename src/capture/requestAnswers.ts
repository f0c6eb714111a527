/**
 * Told of every answer to a request a capture watches (see `observeRequests`): its URL, the
 * HTTP status (0 when no answer came: a network error, a timeout; an aborted request, the
 * page's own choice, is not told) and the JSON answer, if any; successful or not.
 */
export type RequestAnswered = (url: string, status: number, response: unknown) => void;

/**
 * Who hears of the watched requests' answers: the friction signals (a cart add refused, a
 * checkout failing). A plain set, so a bundle with the friction signals and no capture
 * watching requests carries none of the request watching.
 */
export const requestAnswers = /* @__PURE__ */ new Set<RequestAnswered>();
