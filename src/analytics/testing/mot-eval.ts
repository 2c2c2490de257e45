// A small MOTChallenge evaluator for the analytics benchmark: CLEAR MOT (MOTA with IoU ≥ 0.5, identity switches)
// and IDF1 (one global bipartite matching of ground-truth and hypothesis identities).
import { assign } from '../hungarian.js';
import { iou, type Box } from '../geometry.js';

export interface MotBox extends Box {
  readonly frame: number;
  readonly id: number;
}

/** Parses MOTChallenge lines (frame,id,x,y,w,h,conf,…); rows with conf 0 are ignored; boxes scaled by `scale`. */
export function parseMot(text: string, scale = 1): MotBox[] {
  const rows: MotBox[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(',').map(Number);
    if (f.length < 6 || f.slice(0, 6).some((v) => !Number.isFinite(v))) continue;
    if (f.length >= 7 && f[6] === 0) continue;
    rows.push({ frame: f[0] as number, id: f[1] as number, x: (f[2] as number) * scale, y: (f[3] as number) * scale, w: (f[4] as number) * scale, h: (f[5] as number) * scale });
  }
  return rows;
}

export interface MotScores {
  readonly mota: number;
  readonly idf1: number;
  readonly fn: number;
  readonly fp: number;
  readonly idsw: number;
  readonly gt: number;
  readonly precision: number;
  readonly recall: number;
}

const byFrame = (rows: readonly MotBox[]): Map<number, MotBox[]> => {
  const map = new Map<number, MotBox[]>();
  for (const r of rows) {
    const list = map.get(r.frame);
    if (list === undefined) map.set(r.frame, [r]);
    else list.push(r);
  }
  return map;
};

/** Scores `hyp` against `gt` on frames 1..`lastFrame` (default: every frame of the ground truth). */
export function evaluateMot(gtAll: readonly MotBox[], hypAll: readonly MotBox[], lastFrame = Infinity, threshold = 0.5): MotScores {
  const gt = gtAll.filter((r) => r.frame <= lastFrame);
  const hyp = hypAll.filter((r) => r.frame <= lastFrame);
  const gtFrames = byFrame(gt);
  const hypFrames = byFrame(hyp);
  const frames = [...new Set([...gtFrames.keys(), ...hypFrames.keys()])].sort((a, b) => a - b);
  let fn = 0;
  let fp = 0;
  let idsw = 0;
  let tp = 0;
  const lastMatch = new Map<number, number>();
  const pairCounts = new Map<string, number>();
  for (const frame of frames) {
    const g = gtFrames.get(frame) ?? [];
    const h = hypFrames.get(frame) ?? [];
    const matched = new Map<number, number>();
    const usedH = new Set<number>();
    // CLEAR MOT: keep last frame's correspondences while they still overlap enough.
    for (const [gi, gb] of g.entries()) {
      const prev = lastMatch.get(gb.id);
      const hi = h.findIndex((hb, i) => hb.id === prev && !usedH.has(i));
      if (hi >= 0 && iou(gb, h[hi] as MotBox) >= threshold) {
        matched.set(gi, hi);
        usedH.add(hi);
      }
    }
    const freeG = g.map((_, i) => i).filter((i) => !matched.has(i));
    const freeH = h.map((_, i) => i).filter((i) => !usedH.has(i));
    const cost = freeG.map((gi) =>
      freeH.map((hi) => {
        const o = iou(g[gi] as MotBox, h[hi] as MotBox);
        return o >= threshold ? 1 - o : 1e6;
      }),
    );
    const pick = assign(cost);
    for (const [k, col] of pick.entries()) if (col >= 0) matched.set(freeG[k] as number, freeH[col] as number);
    for (const [gi, hi] of matched) {
      const gid = (g[gi] as MotBox).id;
      const hid = (h[hi] as MotBox).id;
      const prev = lastMatch.get(gid);
      if (prev !== undefined && prev !== hid) idsw++;
      lastMatch.set(gid, hid);
    }
    tp += matched.size;
    fn += g.length - matched.size;
    fp += h.length - matched.size;
    // IDF1: every overlapping pair in this frame counts for the identity matching.
    for (const gb of g) for (const hb of h) if (iou(gb, hb) >= threshold) pairCounts.set(`${gb.id}:${hb.id}`, (pairCounts.get(`${gb.id}:${hb.id}`) ?? 0) + 1);
  }
  const gtIds = [...new Set(gt.map((r) => r.id))];
  const hypIds = [...new Set(hyp.map((r) => r.id))];
  const max = Math.max(1, ...pairCounts.values());
  const cost = gtIds.map((g) => hypIds.map((h) => max - (pairCounts.get(`${g}:${h}`) ?? 0)));
  const pick = gtIds.length > 0 && hypIds.length > 0 ? assign(cost, max + 1) : [];
  let idtp = 0;
  for (const [gi, hi] of pick.entries()) if (hi >= 0) idtp += pairCounts.get(`${gtIds[gi]}:${hypIds[hi]}`) ?? 0;
  const total = gt.length;
  return {
    mota: total === 0 ? 0 : 1 - (fn + fp + idsw) / total,
    idf1: gt.length + hyp.length === 0 ? 0 : (2 * idtp) / (gt.length + hyp.length),
    fn,
    fp,
    idsw,
    gt: total,
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: total === 0 ? 0 : tp / total,
  };
}
