import { describe, expect, it } from 'vitest';
import { VisitContext } from './visit-context';

describe('VisitContext', () => {
  it('says nothing before a page is known, then the page, language and clock', () => {
    const visit = new VisitContext(undefined);
    expect(visit.report('lv', 'Europe/Riga')).toBeNull();
    visit.setPage({ url: 'https://shop.example/cart', title: 'Cart' });
    expect(visit.report('lv', 'Europe/Riga')).toEqual({ page: { url: 'https://shop.example/cart', title: 'Cart' }, language: 'lv', timeZone: 'Europe/Riga' });
    expect(visit.report(undefined, undefined)).toEqual({ page: { url: 'https://shop.example/cart', title: 'Cart' } });
  });

  it('tells the pages before the chat once, the newest 20, cut to what the server takes', () => {
    const visit = new VisitContext({ url: 'https://shop.example/' });
    const pages = Array.from({ length: 25 }, (_, i) => ({ url: `https://shop.example/${i}${'x'.repeat(i === 24 ? 3000 : 0)}`, at: '2026-11-23T10:00:00.000Z' }));
    visit.setTrail(pages);
    const report = visit.report(undefined, undefined)!;
    expect(report.trail).toHaveLength(20);
    expect(report.trail![0]!.url).toBe('https://shop.example/5');
    expect(report.trail![19]!.url).toHaveLength(2000);
    visit.told(report);
    expect(visit.report(undefined, undefined)!.trail).toBeUndefined();
  });

  it('keeps a trail that arrived while the last report was on its way', () => {
    const visit = new VisitContext({ url: 'https://shop.example/' });
    visit.setTrail([{ url: 'https://shop.example/a', at: '2026-11-23T10:00:00.000Z' }]);
    const sent = visit.report(undefined, undefined)!;
    visit.setTrail([{ url: 'https://shop.example/b', at: '2026-11-23T10:01:00.000Z' }]);
    visit.told(sent);
    expect(visit.report(undefined, undefined)!.trail).toEqual([{ url: 'https://shop.example/b', at: '2026-11-23T10:01:00.000Z' }]);
  });
});
