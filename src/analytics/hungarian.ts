// Minimum-cost assignment (Hungarian / Kuhn–Munkres, O(n³)) on a rectangular cost matrix. Pairs whose cost is
// at least `forbidden` are never returned.

/** For each row, the column assigned to it, or -1. */
export function assign(cost: readonly (readonly number[])[], forbidden = 1e6): number[] {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : (cost[0] as readonly number[]).length;
  if (rows === 0 || cols === 0) return new Array<number>(rows).fill(-1);
  const n = Math.max(rows, cols);
  const at = (i: number, j: number): number => (i < rows && j < cols ? Math.min((cost[i] as readonly number[])[j] as number, forbidden) : forbidden);
  // Classic potentials formulation, 1-based.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0] as number;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j] === 1) continue;
        const cur = at(i0 - 1, j - 1) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j] === 1) {
          u[p[j] as number] = (u[p[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else minv[j] = (minv[j] as number) - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= n; j++) {
    const i = (p[j] as number) - 1;
    if (i >= 0 && i < rows && j - 1 < cols && at(i, j - 1) < forbidden) result[i] = j - 1;
  }
  return result;
}
