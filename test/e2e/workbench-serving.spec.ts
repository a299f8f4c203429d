// How the HTTP app serves the built workbench: its files at `/`, public and under a strict
// Content-Security-Policy, without shadowing any route of the API; a server whose workbench
// was never built says so instead of serving nothing.
import express from 'express';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../adapters/http/app.js';
import { parseApiKeys } from '../../adapters/http/auth.js';
import { removeDir, tempDir } from '../demo/demo-fixture.js';

let webRoot: string;

beforeAll(() => {
  webRoot = tempDir('web-root');
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>workbench</title>');
  writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1)');
});

afterAll(() => removeDir(webRoot));

/** An app with one keyed API route, GET /accounts, standing for the API. */
const appWith = (root: string | undefined, keys = '') => {
  const api = express.Router();
  api.get('/accounts', (_req, res) => {
    res.json({ items: [] });
  });
  return createApp({
    apiKeys: parseApiKeys(keys),
    logger: pino({ level: 'silent' }),
    routes: [api],
    ...(root === undefined ? {} : { webRoot: root }),
  });
};

describe('the workbench served by the HTTP app', () => {
  it('serves index.html at / without a key, never cached, under a CSP without inline scripts', async () => {
    const response = await request(appWith(webRoot, 'secret=analyst')).get('/').set('Host', 'kare.example');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<title>workbench</title>');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves hashed assets cacheable for good', async () => {
    const response = await request(appWith(webRoot)).get('/assets/index-abc123.js').set('Host', 'localhost');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('shadows no route of the API: API paths still ask for a key and answer JSON', async () => {
    const app = appWith(webRoot, 'secret=analyst');
    expect((await request(app).get('/accounts')).status).toBe(401);
    const answered = await request(app).get('/accounts').set('Authorization', 'Bearer secret');
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ items: [] });
  });

  it('answers a file that is not there, or a POST to /, as the API answers an unknown route', async () => {
    const app = appWith(webRoot);
    const missing = await request(app).get('/assets/nothing.js').set('Host', 'localhost');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const posted = await request(app).post('/').set('Host', 'localhost');
    expect(posted.status).toBe(404);
  });

  it('still refuses a foreign Host on an open server, for the workbench too', async () => {
    const response = await request(appWith(webRoot)).get('/').set('Host', 'rebound.example');
    expect(response.status).toBe(421);
  });

  it('says the workbench is not built when there is nothing to serve', async () => {
    const unbuilt = tempDir('web-root-empty');
    try {
      const response = await request(appWith(unbuilt)).get('/').set('Host', 'localhost');
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('WORKBENCH_NOT_BUILT');
    } finally {
      removeDir(unbuilt);
    }
  });

  it('adds no API route, built or not: the OpenAPI document describes the same routes either way', () => {
    const unbuilt = tempDir('web-root-empty');
    try {
      for (const root of [webRoot, unbuilt]) {
        const stack = (appWith(root) as unknown as { router: { stack: Layer[] } }).router.stack;
        expect(routesOf(stack), root).toEqual(['GET /accounts']);
      }
    } finally {
      removeDir(unbuilt);
    }
  });
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

const routesOf = (stack: readonly Layer[]): string[] =>
  stack.flatMap((layer) =>
    layer.route !== undefined
      ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`)
      : layer.handle?.stack === undefined
        ? []
        : routesOf(layer.handle.stack),
  );
