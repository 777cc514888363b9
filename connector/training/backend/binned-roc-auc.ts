/** Scores in [0, 1] fall into this many equal bins. */
const BINS = 1 << 16;

/**
 * ROC-AUC over any number of rows in fixed memory (two histograms of 65,536 bins, 1 MiB): the Mann–Whitney statistic
 * with scores compared by bin, pairs in the same bin counting half, as exact ties do. It differs from the exact value
 * only by how the pairs within one bin (scores less than 1/65,536 apart) are ordered: at most half their share.
 */
export class BinnedRocAuc {
  private readonly positive = new Float64Array(BINS);
  private readonly negative = new Float64Array(BINS);

  add(score: number, isPositive: boolean): void {
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor(score * BINS)));
    if (isPositive) this.positive[bin] = (this.positive[bin] ?? 0) + 1;
    else this.negative[bin] = (this.negative[bin] ?? 0) + 1;
  }

  value(): number {
    let below = 0;
    let pairs = 0;
    let nPos = 0;
    for (let b = 0; b < BINS; b++) {
      const pos = this.positive[b] ?? 0;
      const neg = this.negative[b] ?? 0;
      pairs += pos * (below + neg / 2);
      below += neg;
      nPos += pos;
    }
    return pairs / (nPos * below);
  }
}
