import { describe, expect, it } from 'vitest';
import { ENV_SETTINGS, loadConfig } from '../src/config.js';
import { isAppError } from '../src/errors.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!isAppError(error, 'CONFIG_INVALID')) throw error;
    return error.details?.['problems'] as string[];
  }
}

describe('configuration', () => {
  it('starts on the documented defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databasePath: './data/jwks-monitor.db',
      host: '127.0.0.1',
      port: 8080,
      concurrency: 32,
      perHostConcurrency: 2,
    });
    expect(config.apiToken).toBeUndefined();
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      SCHEDULER_CONCURRENCY: '0',
      METRICS_PUBLIC: 'yes',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'SCHEDULER_CONCURRENCY', 'METRICS_PUBLIC', 'LOG_LEVEL'])
      expect(problems.join('\n')).toContain(name);
  });

  it('refuses a non-loopback HOST without API_TOKEN', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })).toHaveLength(1);
    expect(problemsOf({ HOST: '0.0.0.0', API_TOKEN: 'a-long-enough-secret-token' })).toEqual([]);
    expect(problemsOf({ HOST: '::1' })).toEqual([]);
  });

  it('refuses a short API_TOKEN without echoing it', () => {
    const problems = problemsOf({ API_TOKEN: 'tiny-secret' });
    expect(problems).toHaveLength(1);
    expect(problems.join()).not.toContain('tiny-secret');
  });

  it('bounds HEAP_GROWING_PERCENT: 20 by default, 0 for V8 to choose, nothing negative or past 300', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(20);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    for (const raw of ['-1', '301', '1.5', 'small']) expect(problemsOf({ HEAP_GROWING_PERCENT: raw })).toHaveLength(1);
  });

  it('takes integers as plain decimal digits only, as the API does', () => {
    expect(loadConfig({ PORT: '50001' }).port).toBe(50001);
    for (const raw of ['0xC351', '5e4', '50004.0', ' 50004', '50004 ', '+50004', '-0'])
      expect(problemsOf({ PORT: raw }), raw).toHaveLength(1);
  });

  it('names every setting with its unit where it has one', () => {
    for (const setting of Object.values(ENV_SETTINGS)) {
      expect(setting.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
      if (/timeout|grace/i.test(setting.name)) expect(setting.name).toMatch(/_MS$/);
    }
  });
});
