import { describe, expect, it } from 'vitest';
import { pct, yuan } from './format';

describe('format', () => {
  it('prints fen as yuan with grouping', () => {
    expect(yuan(123456)).toBe('¥1,234.56');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(339900)).toBe('¥3,399.00');
    expect(yuan(-100000000)).toBe('-¥1,000,000.00');
    expect(yuan(null)).toBe('—');
  });
  it('signs percentages with an arrow', () => {
    expect(pct(-7.7)).toBe('▼ −7.70 %');
    expect(pct(5)).toBe('▲ +5.00 %');
    expect(pct(0)).toBe('0.00 %');
  });
});
