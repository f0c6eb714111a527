import type { Report } from './friction.js';
import { requestAnswers, type RequestAnswered } from '../requestAnswers.js';

type Obj = Record<string, any>;

/**
 * A platform's validation answer, as `[error, fields]`: Shopify's 422 `{ status,
 * description }` ("... is already sold out." is `sold_out`, "You can only add 2 ..." is
 * `quantity`), the Store API's error `code` (`woocommerce_rest_cart_product_no_stock`...) with
 * the fields `data.params` names, a WooCommerce AJAX add's `{ error: true }` (`cart_error`), a
 * classic WooCommerce checkout's `result: "failure"` with the fields its notices name
 * (`data-id="billing_email"`). Never the message, which may quote what was typed.
 */
export const platformError = (r: Obj): [string, string[]] | undefined => {
  const d = r?.status && r.description;
  return typeof d == 'string'
    ? [/sold.?out/i.test(d) ? 'sold_out' : /\d|quantity|more/i.test(d) ? 'quantity' : 'cart_error', []]
    : typeof r?.code == 'string'
      ? [r.code, Object.keys(r.data?.params || {})]
      : r?.error === true
        ? ['cart_error', []]
        : r?.result == 'failure'
          ? ['invalid', [...('' + r.messages).matchAll(/data-id="([\w-]+)"/g)].map((m) => m[1]!)]
          : undefined;
};

/**
 * Hears the answers to the commerce requests the captures watch (Shopify's AJAX cart,
 * WooCommerce's `?wc-ajax=` calls and Store API; see `observeRequests`): a platform's
 * validation answer (see {@link platformError}) is a "Form Error" (`form` `cart` or
 * `checkout`, `error`, one event per `field` it names); any other 4xx, a 5xx or no answer at
 * all is a "Request Failed" with the `url` (scrubbed like every URL the SDK sends) and the
 * `status` (0: no answer).
 */
export const requestErrors = (report: Report, scrub: (url: string) => string, forms: boolean, failures: boolean): (() => void) => {
  const heard: RequestAnswered = (url, status, r) => {
    const e = forms && status < 500 && platformError(r as Obj);
    if (e) for (const field of e[1].length ? e[1] : [undefined]) report('Form Error', { form: /checkout/.test(url) ? 'checkout' : 'cart', field, error: e[0] });
    else if (failures && !/^2/.test('' + status)) report('Request Failed', { url: scrub(new URL(url, location.href).href), status });
  };
  requestAnswers.add(heard);
  return () => requestAnswers.delete(heard);
};
