/** The goal year a 目标 address names (`?year=2025`), or `fallback` (this year) when absent or absurd. */
export function goalYearOf(text: string | null, fallback: number): number {
  const year = Number(text);
  return text && Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : fallback;
}
