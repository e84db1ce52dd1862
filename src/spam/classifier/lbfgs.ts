// Limited-memory BFGS (Nocedal & Wright, algorithm 7.4/7.5) with a backtracking Armijo line
// search, for smooth convex objectives. Deterministic: no randomness, fixed iteration order.

export type Objective = (x: Float64Array, grad: Float64Array) => number;

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export function minimize(f: Objective, x0: Float64Array, opts: { iterations: number; memory?: number; tolerance?: number }): Float64Array {
  const n = x0.length;
  const m = opts.memory ?? 8;
  const tol = opts.tolerance ?? 1e-6;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let fx = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Array<number>(m);
  for (let it = 0; it < opts.iterations; it++) {
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], d);
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * Y[k][i];
    }
    if (S.length) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    } else {
      const gn = Math.sqrt(dot(g, g));
      for (let i = 0; i < n; i++) d[i] /= Math.max(1, gn);
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], d);
      for (let i = 0; i < n; i++) d[i] += (alpha[k] - beta) * S[k][i];
    }
    let slope = dot(g, d);
    if (slope >= 0) {
      // Not a descent direction (should not happen on convex problems): restart on the gradient.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = dot(g, d);
    }
    let step = 1;
    let fNew = 0;
    for (let tries = 0; tries < 40; tries++, step *= 0.5) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) (s[i] = xNew[i] - x[i]), (y[i] = gNew[i] - g[i]);
    const sy = dot(s, y);
    x.set(xNew);
    g.set(gNew);
    const improvement = fx - fNew;
    fx = fNew;
    if (sy > 1e-12) {
      if (S.length === m) (S.shift(), Y.shift(), rho.shift());
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    if (Math.sqrt(dot(g, g)) < tol || improvement < tol * Math.max(1, Math.abs(fx)) * 1e-3) break;
  }
  return x;
}
