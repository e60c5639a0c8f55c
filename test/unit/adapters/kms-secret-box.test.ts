import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KmsSecretBox } from '../../../shared/adapters/kms/secret-box';
import { sealContext } from '../../../shared/app/alma/password-rotation';
import type { CalendarDate } from '../../../shared/domain/calendar';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const kms = mockClient(KMSClient);
const context = sealContext({ accountId: 'ACC-1', rotationDate: '2027-09-01' as CalendarDate });

beforeEach(() => kms.reset());

describe('KmsSecretBox (the stack key through @aws-sdk/client-kms)', () => {
  it('encrypts with the stack key, the context bound to the account and the year', async () => {
    kms.on(EncryptCommand).resolves({ CiphertextBlob: Buffer.from('ciphertext'), KeyId: KEY });
    const sealed = await new KmsSecretBox(KEY, new KMSClient({})).seal('s3cret!Pass', context);
    expect(sealed).toBe(`k1.${Buffer.from('ciphertext').toString('base64url')}`);
    expect(sealed).not.toContain('s3cret');
    const [call] = kms.commandCalls(EncryptCommand);
    expect(call!.args[0].input).toEqual({
      KeyId: KEY,
      Plaintext: Buffer.from('s3cret!Pass', 'utf8'),
      EncryptionContext: { purpose: 'shared-password', accountId: 'ACC-1', rotationDate: '2027-09-01' },
    });
  });

  it('decrypts with the same key and context, and hands back the text', async () => {
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from('s3cret!Pass', 'utf8'), KeyId: KEY });
    const box = new KmsSecretBox(KEY, new KMSClient({}));
    const opened = await box.open(`k1.${Buffer.from('ciphertext').toString('base64url')}`, context);
    expect(opened).toBe('s3cret!Pass');
    expect(kms.commandCalls(DecryptCommand)[0]!.args[0].input).toEqual({
      KeyId: KEY,
      CiphertextBlob: Buffer.from('ciphertext'),
      EncryptionContext: context,
    });
  });

  it('another account or year is KMS refusing the context: the error comes through, nothing opened', async () => {
    const refused = Object.assign(new Error('InvalidCiphertextException'), {
      name: 'InvalidCiphertextException',
    });
    kms.on(DecryptCommand).rejects(refused);
    const box = new KmsSecretBox(KEY, new KMSClient({}));
    const other = sealContext({ accountId: 'ACC-2', rotationDate: '2027-09-01' as CalendarDate });
    await expect(box.open(`k1.${Buffer.from('x').toString('base64url')}`, other)).rejects.toThrow(
      'InvalidCiphertextException',
    );
  });

  it('refuses a value not sealed by KMS (a local box’s) without calling KMS', async () => {
    await expect(new KmsSecretBox(KEY, new KMSClient({})).open('l1.abc.def', context)).rejects.toThrow(
      RangeError,
    );
    expect(kms.calls()).toHaveLength(0);
  });
});
