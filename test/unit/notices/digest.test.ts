import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { type AddressedNotice, deliveriesOf, groupIntoDigests } from '../../../shared/domain/notices/digest';
import { deliveryKey, noticeKey, recipientTag } from '../../../shared/domain/notices/keys';

const notice = (key: string, to: string[], cc: string[], group = 'LIB-A'): AddressedNotice => ({
  key,
  group,
  to,
  cc,
});

describe('digests', () => {
  it('sends one account notice as one mail to employee and supervisor, managers in copy', () => {
    const digests = groupIntoDigests(deliveriesOf(notice('n1', ['emp@x', 'sup@x'], ['boss@x'])));
    expect(digests).toEqual([
      {
        group: 'LIB-A',
        to: ['emp@x', 'sup@x'],
        cc: ['boss@x'],
        notices: [expect.objectContaining({ key: 'n1' })],
      },
    ]);
  });

  it('gives a supervisor of several employees one digest, and each employee their own', () => {
    const all = ['a', 'b', 'c'].flatMap((e) =>
      deliveriesOf(notice(`n-${e}`, [`${e}@x`, 'sup@x'], ['boss@x'])),
    );
    const digests = groupIntoDigests(all);
    const of = (address: string) => digests.filter((g) => g.to.includes(address) || g.cc.includes(address));
    for (const address of ['a@x', 'b@x', 'c@x', 'sup@x', 'boss@x']) expect(of(address)).toHaveLength(1);
    expect(of('sup@x')[0]!.notices.map((n) => n.key)).toEqual(['n-a', 'n-b', 'n-c']);
    expect(of('sup@x')[0]).toMatchObject({ to: ['sup@x'], cc: ['boss@x'] });
    expect(of('a@x')[0]).toMatchObject({ to: ['a@x'], cc: [] });
  });

  it('addresses directly someone who is both in To and in Cc, and never mixes groups', () => {
    const digests = groupIntoDigests([
      ...deliveriesOf(notice('n1', ['emp@x', 'Boss@x'], ['boss@x'])),
      ...deliveriesOf(notice('n2', ['emp2@y'], ['boss@x'], 'LIB-B')),
    ]);
    expect(digests).toHaveLength(2);
    expect(digests.find((g) => g.group === 'LIB-A')).toMatchObject({ to: ['boss@x', 'emp@x'], cc: [] });
    expect(digests.filter((g) => g.group === 'LIB-B').map((g) => [g.to, g.cc])).toEqual([
      [['emp2@y'], ['boss@x']],
    ]);
  });

  it('keys notices by account, kind, date and stage, and deliveries without a clear address', () => {
    const key = noticeKey('expiry', 'ACC-1', '2031-06-30' as CalendarDate, 7);
    expect(key).toBe('notice#expiry#ACC-1#2031-06-30#7');
    expect(noticeKey('expiry', 'ACC-1', '2031-07-31' as CalendarDate, 7)).not.toBe(key);
    expect(deliveryKey(key, 'Jean@Lib-A.example')).toBe(`${key}#${recipientTag('jean@lib-a.example')}`);
    expect(deliveryKey(key, 'jean@lib-a.example')).not.toContain('jean');
  });
});
