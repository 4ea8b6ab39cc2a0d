import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('writes an idle request at once and batches the ones that arrive meanwhile', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((x) => (x === 3 ? new Error('refused') : x * 10));
    }, 100, 1);
    const first = gc.submit(1);
    const rest = [2, 3, 4].map((x) => gc.submit(x).catch((e: Error) => e.message));
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 'refused', 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every item of a batch whose run throws, and keeps going', async () => {
    let calls = 0;
    const gc = new GroupCommit<number, number>(async (items) => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return items;
    }, 10, 1);
    await expect(gc.submit(1)).rejects.toThrow('boom');
    await expect(gc.submit(2)).resolves.toBe(2);
  });

  it('caps the batch size', async () => {
    const sizes: number[] = [];
    const gc = new GroupCommit<number, number>(async (items) => {
      sizes.push(items.length);
      await new Promise((r) => setTimeout(r, 5));
      return items;
    }, 3, 1);
    await Promise.all(Array.from({ length: 10 }, (_, i) => gc.submit(i)));
    expect(sizes.every((s) => s <= 3)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
  });
});
