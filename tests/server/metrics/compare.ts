/**
 * Compares an expected.json case with the engine's output: every expected field must be present and
 * equal (numbers within 1e-9, `index` within 0.05, as the fixture's `about` states). complianceByType
 * may carry other types as null.
 */
export function compareDeep(expected: unknown, actual: unknown, path = ''): string[] {
  const key = path.split('.').pop() ?? '';
  if (typeof expected === 'number') {
    const tolerance = key === 'index' ? 0.05 : 1e-9;
    return typeof actual === 'number' && Math.abs(actual - expected) <= tolerance
      ? []
      : [`${path}: expected ${expected}, got ${JSON.stringify(actual)}`];
  }
  if (expected === null || typeof expected !== 'object') {
    return actual === expected
      ? []
      : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((e, i) => compareDeep(e, actual[i], `${path}[${i}]`));
  }
  if (actual === null || typeof actual !== 'object')
    return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
  const out: string[] = [];
  const exp = expected as Record<string, unknown>;
  const act = actual as Record<string, unknown>;
  for (const k of Object.keys(exp)) out.push(...compareDeep(exp[k], act[k], path ? `${path}.${k}` : k));
  for (const k of Object.keys(act)) {
    if (k in exp) continue;
    if (key === 'complianceByType' && act[k] === null) continue;
    if (key === 'complianceByType' || key === 'goals' || key === 'delta')
      out.push(`${path}.${k}: unexpected ${JSON.stringify(act[k])}`);
  }
  return out;
}
