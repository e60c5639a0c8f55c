import { afterEach, describe, expect, it } from 'vitest';
import { passwordBox } from '../../../shared/app/lambda-context';

describe('passwordBox: only the functions that seal or open passwords get the KMS box', () => {
  afterEach(() => {
    delete process.env.PASSWORD_KEY_ID;
  });
  it('refuses without the key, and on a function that brings no KMS box', async () => {
    await expect(passwordBox().seal('x', {})).rejects.toThrow(/PASSWORD_KEY_ID is not set/);
    process.env.PASSWORD_KEY_ID = 'arn:aws:kms:eu-west-1:123456789012:key/1';
    await expect(passwordBox().open('x', {})).rejects.toThrow(/does not seal or open/);
  });
  it('uses the KMS box the handler gives, with the stack key', () => {
    process.env.PASSWORD_KEY_ID = 'arn:aws:kms:eu-west-1:123456789012:key/1';
    const box = { seal: async () => 's', open: async () => 'o' };
    let asked = '';
    expect(
      passwordBox((keyId) => {
        asked = keyId;
        return box;
      }),
    ).toBe(box);
    expect(asked).toBe('arn:aws:kms:eu-west-1:123456789012:key/1');
  });
});
