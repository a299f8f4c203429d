// pino JSON logs. Keys must never reach a log: the authorization header (and any field named
// like it) is redacted wherever a request's headers get logged, now or by a later change.
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  '*.authorization',
  'apiKey',
  '*.apiKey',
];

export const createLogger = (level: string, destination?: DestinationStream): Logger => {
  const options = {
    level,
    base: { service: 'kare' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
};
