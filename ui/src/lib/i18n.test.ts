import { describe, expect, it } from 'vitest';
import { messages, parts } from './i18n.svelte';

describe('labels', () => {
  it('no key is defined in two files of one language', () => {
    for (const [lang, dicts] of Object.entries(parts)) {
      const seen = new Map<string, number>();
      dicts.forEach((d, i) => {
        for (const k of Object.keys(d)) {
          expect(seen.has(k), `${lang}: "${k}" in parts ${seen.get(k)} and ${i}`).toBe(false);
          seen.set(k, i);
        }
      });
    }
  });

  it('both languages have the same keys, none empty', () => {
    const zh = Object.keys(messages['zh-CN']).sort();
    const en = Object.keys(messages.en).sort();
    expect(en).toEqual(zh);
    expect(zh.length).toBeGreaterThan(300);
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const [k, v] of Object.entries(messages[lang])) {
        expect(v.trim(), `${lang} ${k}`).not.toBe('');
      }
    }
  });
});
