import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/status-check/handler';
import { lambdaContext } from '../../../shared/app/lambda-context';
import { MissingEnvironmentError, ValidationError } from '../../../shared/errors';
import { lambdaInvocation } from '../../support/lambda';

describe('status-check handler', () => {
  it('refuses an event that is not the status-check schedule', async () => {
    const notStatusCheck = JSON.parse('{"job":"expiry-notices"}');
    await expect(handler(notStatusCheck, lambdaInvocation('status-check'))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('accepts the recorded scheduler event shape', () => {
    const event = JSON.parse(readFileSync('events/scheduler/status-check.json', 'utf8'));
    expect(event).toEqual({ job: 'status-check', scheduledTime: expect.any(String) });
  });

  it('names the missing environment variable when the context cannot be built', async () => {
    const saved = { ...process.env };
    try {
      delete process.env.CONFIG_PARAMETER;
      delete process.env.CONFIG_JSON;
      await expect(lambdaContext('status-check')).rejects.toThrow(MissingEnvironmentError);
      process.env.CONFIG_JSON = '{"mailbox":"nope"}';
      await expect(lambdaContext('status-check')).rejects.toThrow(/mailbox: Invalid email address/);
    } finally {
      process.env = saved;
    }
  });
});
