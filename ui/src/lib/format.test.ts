import { describe, expect, it } from 'vitest';
import { count, localToday, pct, yuan } from './format';

describe('format', () => {
  it('prints fen as yuan with grouping', () => {
    expect(yuan(123456)).toBe('¥1,234.56');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(339900)).toBe('¥3,399.00');
    expect(yuan(-100000000)).toBe('-¥1,000,000.00');
    expect(yuan(null)).toBe('—');
  });
  it('groups the thousands of a count', () => {
    expect(count(1000000)).toBe('1,000,000');
    expect(count(488)).toBe('488');
    expect(count(1234)).toBe('1,234');
    expect(count(-12345)).toBe('-12,345');
    expect(count(null)).toBe('—');
  });
  it('signs percentages with an arrow', () => {
    expect(pct(-7.7)).toBe('▼ −7.70 %');
    expect(pct(5)).toBe('▲ +5.00 %');
    expect(pct(0)).toBe('0.00 %');
  });
  it('takes today from the local clock, not UTC', () => {
    expect(new Date(2026, 4, 1, 7, 30).getTimezoneOffset()).toBe(-480); // vite.config.ts: TZ
    // 07:30 on 1 May in local time is still 30 April in UTC east of Greenwich.
    expect(localToday(new Date(2026, 4, 1, 7, 30))).toBe('2026-05-01');
    expect(localToday(new Date(2026, 0, 9, 23, 59))).toBe('2026-01-09');
  });
});
