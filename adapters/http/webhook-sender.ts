// The HTTP POST of a webhook delivery, with node:http(s): connected through the guarded lookup
// (webhook-target.ts), so the address checked is the address called; no redirect is followed (a
// 3xx is a failed attempt, and could point anywhere); the answer's body is read and dropped; no
// answer within the timeout is a failure.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SendWebhook } from '../../src/consumers/webhooks/webhook-consumer.js';
import { checkLiteral, guardedLookup, hostOf } from './webhook-target.js';

export interface WebhookSenderOptions {
  /** Allows loopback and private targets (KARE_WEBHOOKS_ALLOW_PRIVATE: tests, a private network). */
  readonly allowPrivate: boolean;
}

export const createWebhookSender = (options: WebhookSenderOptions): SendWebhook => {
  const lookup = guardedLookup(options.allowPrivate);
  return ({ url, headers, body, timeoutMs, signal }) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      try {
        checkLiteral(hostOf(target), options.allowPrivate);
      } catch (error) {
        reject(error as Error);
        return;
      }
      const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(target, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup,
        signal,
      });
      const timer = setTimeout(
        () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      req.on('response', (res: IncomingMessage) => {
        clearTimeout(timer);
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      });
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
};
