#!/usr/bin/env python3
"""How high can the holdout spend Gini go? A reference that cheats on purpose.

Fits holdout spend on the holdout itself (5-fold cross-fitting, gradient-boosted trees with a
Poisson loss, three fold seeds), from calibration-period features of each user. Every user's
prediction comes from a model that saw the holdout outcomes of the other 80%: it knows the
holdout's length, scale and the true relation of the features to it, which no forecaster has.
Compare a Gini bar with it before chasing the bar.

  cdnow RAW PREDICTIONS   RAW a CDNOW file (master or sample), PREDICTIONS the CSV of
                          `./ltv evaluate --predictions` on it (its users and actual_spend, so the
                          target is the evaluation's own). Prints the models' Ginis, the
                          reference's on RFM, per-month and per-week features (several tree
                          settings), the same with the models' predictions stacked in, and a
                          bootstrap of lstm's margin over paretonbd.
  shop DIR SEED...        The shop tables of tools/ShopTable.java: the reference with the purchase
                          history alone, and with the profile (channel, age band) and the brand
                          shares added: how much ranking information the dimensions hold that
                          the history does not.

Usage: python3 tools/gini_ceiling.py cdnow ../shared/data/cdnow/CDNOW_master.txt master.csv
       python3 tools/gini_ceiling.py shop shop-tables 18 19 20
Needs numpy and scikit-learn (Debian: apt-get install python3-sklearn). Calibration end
1997-09-30 for CDNOW (the documented split); day 300 of 420 for the shop (the test's split).
"""
import csv
import datetime
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import KFold

SETTINGS = ((0.03, 7, 100), (0.05, 15, 40), (0.05, 31, 100), (0.1, 15, 200), (0.02, 31, 20))


def normalized_gini(actual, predicted):
    def gini(order_by):
        order = np.lexsort((np.arange(len(order_by)), -order_by))
        cumulative = np.cumsum(actual[order]) / actual.sum()
        return float((cumulative - np.arange(1, len(actual) + 1) / len(actual)).sum() / len(actual))
    return gini(predicted) / gini(actual)


def cross_fit(features, target, seed, rate=0.05, leaves=7, min_leaf=40):
    out_of_fold = np.zeros(len(target))
    for train, test in KFold(5, shuffle=True, random_state=seed).split(features):
        model = HistGradientBoostingRegressor(loss="poisson", max_iter=600, learning_rate=rate,
                                              max_leaf_nodes=leaves, min_samples_leaf=min_leaf,
                                              l2_regularization=1.0, early_stopping=True,
                                              validation_fraction=0.15, random_state=seed)
        model.fit(features[train], np.maximum(target[train], 0))  # a net refund counts as no spend in the fit
        out_of_fold[test] = model.predict(features[test])
    return out_of_fold


def cdnow(raw, predictions):
    calibration_end = datetime.date(1997, 9, 30)
    purchases = {}
    with open(raw) as f:
        for line in f:
            fields = line.split()
            if len(fields) == 5:  # the sample's extra column: the master id, then the sample id
                fields = [fields[0]] + fields[2:]
            if len(fields) != 4 or not fields[1].isdigit():
                continue
            day = datetime.datetime.strptime(fields[1], "%Y%m%d").date()
            if day <= calibration_end:
                purchases.setdefault(fields[0], []).append((day, int(fields[2]), float(fields[3])))
    with open(predictions, newline="") as f:
        rows = list(csv.DictReader(f))

    def features(user, weekly):
        events = sorted(purchases[user])
        first = events[0][0]
        days = sorted({e[0] for e in events})
        t, recency = (calibration_end - first).days, (days[-1] - first).days
        spend = sum(e[2] for e in events)
        gaps = np.diff([d.toordinal() for d in days]) if len(days) > 1 else np.array([0])
        row = [len(days) - 1, t, recency, t - recency, spend, sum(e[1] for e in events),
               spend / len(events), spend - events[0][2], events[0][2], gaps.mean(), gaps.max()]
        buckets = 40 if weekly else 9
        counts, amounts = [0.0] * buckets, [0.0] * buckets
        for day, _, value in events:
            b = min(39, (calibration_end - day).days // 7) if weekly else day.month - 1
            counts[b] += 1
            amounts[b] += value
        return row + counts + amounts

    target = np.array([float(r["actual_spend"]) for r in rows])
    column = lambda name: np.array([float(r[name]) for r in rows])
    for model in ("paretonbd", "network", "lstm"):
        print("%-10s spend Gini %.4f" % (model, normalized_gini(target, column(model + "_spend"))))
    monthly = np.array([features(r["user_id"], False) for r in rows])
    weekly = np.array([features(r["user_id"], True) for r in rows])
    stacked = np.hstack([monthly, np.column_stack([column("paretonbd_spend"), column("network_spend")])])
    best = 0.0
    for rate, leaves, min_leaf in SETTINGS:
        for name, x in (("monthly", monthly), ("weekly", weekly), ("monthly+models", stacked)):
            gini = normalized_gini(target, cross_fit(x, target, 1, rate, leaves, min_leaf))
            best = max(best, gini)
            print("reference: rate %.2f, %2d leaves, %3d per leaf, %-14s %.4f" % (rate, leaves, min_leaf, name, gini),
                  flush=True)
    print("best reference %.4f" % best)
    lstm, pnbd = column("lstm_spend"), column("paretonbd_spend")
    rng = np.random.default_rng(7)
    margins = []
    for _ in range(200):
        i = rng.integers(0, len(target), len(target))
        margins.append(normalized_gini(target[i], lstm[i]) - normalized_gini(target[i], pnbd[i]))
    print("bootstrap (200 resamples of users): lstm - paretonbd %.4f, sd %.4f; resamples with a margin >= 0.04: %.0f%%"
          % (np.mean(margins), np.std(margins), 100 * np.mean(np.array(margins) >= 0.04)))


def shop(directory, seeds):
    day = 86_400_000
    start = 1_704_067_200_000  # 2024-01-01T00:00Z
    calibration_end, holdout_end = start + 300 * day, start + 420 * day
    for seed in seeds:
        events, target = {}, {}
        with open("%s/shop%s-events.csv" % (directory, seed)) as f:
            for line in f:
                user, at, kind, amount, brand = line.rstrip("\n").split(",")
                at, amount = int(at), float(amount)
                if at < calibration_end:
                    if kind == "PURCHASE":
                        events.setdefault(user, []).append((at, amount, brand))
                elif at < holdout_end and kind in ("PURCHASE", "REFUND"):
                    target[user] = target.get(user, 0.0) + (amount if kind == "PURCHASE" else -abs(amount))
        with open("%s/shop%s-profiles.csv" % (directory, seed)) as f:
            profiles = {p[0]: p[1:] for p in (line.strip().split(",") for line in f)}
        channels = sorted({p[0] for p in profiles.values()})
        ages = sorted({p[1] for p in profiles.values()})
        history, dimensions, y = [], [], []
        for user, buys in events.items():
            buys.sort()
            first = buys[0][0]
            days = sorted({(at - start) // day for at, _, _ in buys})
            t, recency = (calibration_end - first) / day, (days[-1] * day + start - first) / day
            amounts = [a for _, a, _ in buys]
            recent = sum(1 for at, _, _ in buys if at > calibration_end - 90 * day)
            history.append([len(days) - 1, t, recency, t - recency, sum(amounts), np.mean(amounts), max(amounts), recent])
            brands = [b for _, _, b in buys]
            profile = profiles[user]
            dimensions.append([float(profile[0] == c) for c in channels] + [float(profile[1] == a) for a in ages]
                              + [brands.count(b) / len(brands) for b in ("acme", "basic", "zenith")])
            y.append(target.get(user, 0.0))
        history, y = np.array(history), np.array(y)
        both = np.hstack([history, np.array(dimensions)])
        light = history[:, 0] <= 1
        figures = {}
        for name, x in (("history", history), ("with dimensions", both)):
            fits = [cross_fit(x, y, s) for s in (1, 2, 3)]
            figures[name] = (np.mean([normalized_gini(y, f) for f in fits]),
                             np.mean([normalized_gini(y[light], f[light]) for f in fits]))
        (h, hl), (d, dl) = figures["history"], figures["with dimensions"]
        print("shop %s (%d cohort users): reference Gini, history %.4f, with dimensions %.4f (gain %+.4f); users with 1-2"
              " purchase days (%d): %.4f, %.4f (gain %+.4f)" % (seed, len(y), h, d, d - h, light.sum(), hl, dl, dl - hl),
              flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "cdnow":
        cdnow(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "shop":
        shop(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
