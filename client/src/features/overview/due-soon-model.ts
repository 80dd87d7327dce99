/** How urgent a due-soon item looks: red within a week, amber within a fortnight (antd Tag colours). */
export function urgencyColor(daysLeft: number): 'error' | 'warning' | 'default' {
  if (daysLeft <= 7) return 'error';
  return daysLeft <= 14 ? 'warning' : 'default';
}
