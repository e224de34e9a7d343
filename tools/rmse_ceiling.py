#!/usr/bin/env python3
"""How low can spend RMSE go on a holdout? A ceiling that cheats on purpose.

Reads the per-user CSV of `./ltv evaluate --predictions F` and fits holdout spend as a linear
combination (with intercept) of the models' spend predictions, on the holdout itself, 5-fold
out-of-fold. No model that sees only calibration data should expect to beat this figure by much:
it knows the holdout's scale and the best mix of the models. Compare it with a target RMSE before
chasing that target. It also prints, for each model, the best power of its predictions with the
total kept (c p^g, the spend slope's form), g chosen on the holdout: the most a spread
recalibration can gain without changing the model's ranking or aggregate.

Usage: python3 tools/rmse_ceiling.py out/master.csv [model ...]   (needs numpy; default models:
paretonbd lstm)
"""
import csv
import sys

import numpy as np


def main(path, models):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    actual = np.array([float(r["actual_spend"]) for r in rows])
    features = np.column_stack([np.ones(len(rows))]
                               + [[float(r[m + "_spend"]) for r in rows] for m in models])
    folds = np.random.default_rng(0).permutation(len(rows)) % 5
    out_of_fold = np.empty(len(rows))
    for k in range(5):
        train, test = folds != k, folds == k
        coefficients, *_ = np.linalg.lstsq(features[train], actual[train], rcond=None)
        out_of_fold[test] = features[test] @ coefficients
    def rmse(p):
        return float(np.sqrt(np.mean((p - actual) ** 2)))
    for i, m in enumerate(models):
        print(f"{m:12s} spend RMSE {rmse(features[:, i + 1]):8.2f}")
    powers = np.arange(0.3, 1.5001, 0.005)
    for i, m in enumerate(models):
        p = np.maximum(features[:, i + 1], 1e-9)
        def spread(g):
            q = p ** g
            return q * p.sum() / q.sum()
        g = min(powers, key=lambda g: rmse(spread(g)))
        print(f"{m:12s} best power with its total kept, fit on the holdout: g {g:.3f}, spend RMSE "
              f"{rmse(spread(g)):.2f}")
    print(f"holdout-fit linear mix of {' + '.join(models)} (5-fold out-of-fold): spend RMSE "
          f"{rmse(out_of_fold):.2f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:] or ["paretonbd", "lstm"])
