import { describe, expect, it } from 'vitest';
import { enToRu, foldSearchText, foldYo, layoutVariants, ruToEn } from './keyboard-layout.js';

describe('keyboard layout', () => {
  it('reads Latin keystrokes as the Russian layout and back', () => {
    expect(enToRu('ghjvnjhu')).toBe('промторг');
    expect(enToRu('Cnhjqcyf,')).toBe('Стройснаб');
    expect(enToRu('bdfyjdf f. f.')).toBe('иванова а. а.');
    expect(enToRu('bdfyjdf f/ f/')).toBe('иванова а. а.');
    expect(enToRu('k.lvbkf')).toBe('людмила');
    expect(enToRu(';bdjq')).toBe('живой');
    expect(ruToEn('еусртщздфые')).toBe('technoplast');
    expect(ruToEn(enToRu('Hello, world'))).toBe('Hello, world');
  });

  it('offers the other layout only when the text is in one script', () => {
    expect(layoutVariants('ghjvnjhu')).toEqual([
      { text: 'ghjvnjhu', switched: false },
      { text: 'промторг', switched: true },
    ]);
    expect(layoutVariants('еусрт')[1]).toEqual({ text: 'techn', switched: true });
    expect(layoutVariants('Промторг Plus')).toHaveLength(1);
    expect(layoutVariants('1234')).toHaveLength(1);
  });

  it('folds ё to е in both cases', () => {
    expect(foldYo('Ёлка и ёж')).toBe('Елка и еж');
  });

  it('folds names the way the search columns are stored', () => {
    expect(foldSearchText('ООО «Промторг-Ёлка»')).toBe('промторг елка');
    expect(foldSearchText('Общество с ограниченной ответственностью "ТехноЛайн"')).toBe('технолайн');
    expect(foldSearchText('ИП Иванов Иван')).toBe('иванов иван');
    expect(foldSearchText('Зао-Групп АО')).toBe('групп');
    expect(foldSearchText('Аорта ИПК')).toBe('аорта ипк');
    expect(foldSearchText('  Ао  ')).toBe('');
  });
});
