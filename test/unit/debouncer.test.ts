import { describe, expect, it } from 'vitest';
import { Debouncer } from '../../server/src/debouncer';

describe('Debouncer', () => {
  it('runs only the latest job per key and settles the superseded ones with false', async () => {
    const debouncer = new Debouncer();
    const ran: string[] = [];
    const first = debouncer.schedule('a', 5, () => void ran.push('first'));
    const second = debouncer.schedule('a', 5, () => void ran.push('second'));
    const other = debouncer.schedule('b', 5, () => void ran.push('other'));
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(await other).toBe(true);
    expect(ran.sort()).toEqual(['other', 'second']);
  });

  it('settles a failing job with false and a disposed one too', async () => {
    const debouncer = new Debouncer();
    const failing = debouncer.schedule('a', 0, () => {
      throw new Error('boom');
    });
    expect(await failing).toBe(false);
    const pending = debouncer.schedule('b', 1000, () => undefined);
    debouncer.dispose();
    expect(await pending).toBe(false);
  });
});
