// Display only: amounts arrive as integer fen from Rust and are printed without float math.
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const neg = fen < 0;
  const s = Math.abs(Math.trunc(fen)).toString().padStart(3, '0');
  const int = s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}¥${int}.${s.slice(-2)}`;
}

// Signed percentage with an arrow, never colour alone: ▲ +5.00 % / ▼ −7.70 %.
export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const fixed = Math.abs(v).toFixed(2);
  if (v > 0) return `▲ +${fixed} %`;
  if (v < 0) return `▼ −${fixed} %`;
  return `0.00 %`;
}

// Today's date on the user's own clock (toISOString() would give the UTC date: yesterday
// before 8 a.m. in China).
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// A signed amount with an arrow, never colour alone: ▲ +¥250.00 / ▼ −¥149.00.
export function signedYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  if (fen === 0) return yuan(0);
  const abs = yuan(Math.abs(fen));
  return fen > 0 ? `▲ +${abs}` : `▼ −${abs}`;
}

// A count with its thousands grouped: 1,000,000 sightings (display only).
export function count(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const neg = n < 0;
  const int = Math.abs(Math.trunc(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${int}`;
}

// A share Rust computed in hundredths of a percent (6667 is 66.67 %), printed without float math.
export function share(bp: number): string {
  const n = Math.max(0, Math.trunc(bp));
  return `${Math.trunc(n / 100)}.${String(n % 100).padStart(2, '0')} %`;
}
