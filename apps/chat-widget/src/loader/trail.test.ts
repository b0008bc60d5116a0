// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { isHostToFrame } from '../bridge';
import { addToTrail, readTrail } from './trail';

beforeEach(() => sessionStorage.clear());

describe('the trail of the visit', () => {
  it('keeps each page once in order, the referrer on the first, at most 20', () => {
    const at = new Date('2026-11-30T08:00:00.000Z');
    addToTrail(sessionStorage, { url: 'https://shop.example/', title: 'Shop' }, at, 'https://news.example/');
    addToTrail(sessionStorage, { url: 'https://shop.example/', title: 'Shop' }, at, 'https://shop.example/');
    addToTrail(sessionStorage, { url: 'https://shop.example/hats' }, at, 'https://shop.example/');
    expect(readTrail(sessionStorage)).toEqual([
      { url: 'https://shop.example/', title: 'Shop', at: '2026-11-30T08:00:00.000Z', referrer: 'https://news.example/' },
      { url: 'https://shop.example/hats', at: '2026-11-30T08:00:00.000Z' },
    ]);
    for (let i = 0; i < 25; i++) addToTrail(sessionStorage, { url: `https://shop.example/${i}` }, at);
    const trail = readTrail(sessionStorage);
    expect(trail).toHaveLength(20);
    expect(trail.at(-1)?.url).toBe('https://shop.example/24');
  });

  it('survives garbage in storage and works without storage', () => {
    sessionStorage.setItem('parley.trail', '{not json');
    expect(readTrail(sessionStorage)).toEqual([]);
    expect(addToTrail(null, { url: 'https://a.example/' }, new Date(0))).toHaveLength(1);
  });

  it('crosses the bridge only in its own shape', () => {
    const page = { url: 'https://a.example/', at: '2026-11-30T08:00:00.000Z' };
    expect(isHostToFrame({ parley: 1, type: 'trail', pages: [page] })).toBe(true);
    expect(isHostToFrame({ parley: 1, type: 'trail', pages: [{ ...page, title: 5 }] })).toBe(false);
    expect(isHostToFrame({ parley: 1, type: 'trail', pages: Array.from({ length: 21 }, () => page) })).toBe(false);
    expect(isHostToFrame({ parley: 1, type: 'page', url: 'https://a.example/x', title: 'X' })).toBe(true);
    expect(isHostToFrame({ parley: 1, type: 'page', url: 42 })).toBe(false);
  });
});
