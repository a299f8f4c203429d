// The webhook settings of the environment: private targets refused unless KARE_WEBHOOKS_ALLOW_PRIVATE
// is true, a target's timeout and the retry window in whole seconds, a wrong value named.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/app/config.js';

describe('webhook configuration', () => {
  it('refuses private targets, waits 10 s for an answer and retries for 24 h by default', () => {
    expect(loadConfig({}).webhooks).toEqual({
      allowPrivate: false,
      timeoutMs: 10_000,
      giveUpAfterMs: 24 * 60 * 60 * 1000,
    });
  });

  it('reads KARE_WEBHOOKS_ALLOW_PRIVATE, _TIMEOUT_SECONDS and _RETRY_SECONDS', () => {
    const env = {
      KARE_WEBHOOKS_ALLOW_PRIVATE: 'true',
      KARE_WEBHOOKS_TIMEOUT_SECONDS: '3',
      KARE_WEBHOOKS_RETRY_SECONDS: '600',
    };
    expect(loadConfig(env).webhooks).toEqual({ allowPrivate: true, timeoutMs: 3000, giveUpAfterMs: 600_000 });
  });

  it.each([
    ['KARE_WEBHOOKS_ALLOW_PRIVATE', 'yes', /KARE_WEBHOOKS_ALLOW_PRIVATE must be true or false, not "yes"/],
    ['KARE_WEBHOOKS_TIMEOUT_SECONDS', '0', /KARE_WEBHOOKS_TIMEOUT_SECONDS must be a whole number ≥ 1/],
    ['KARE_WEBHOOKS_RETRY_SECONDS', '1.5', /KARE_WEBHOOKS_RETRY_SECONDS must be a whole number ≥ 1/],
  ])('names %s when it is wrong (%s)', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
