#!/usr/bin/env python3
"""Writes Tests/ReportTests/Fixtures/statistics-scipy.json: the values the report's
statistics (Sources/Report/Statistics) must reproduce, computed independently with SciPy
and statsmodels. A measuring stick only, never a dependency of ocnna:

    python3 -m venv /tmp/statsenv && /tmp/statsenv/bin/pip install scipy statsmodels
    /tmp/statsenv/bin/python Scripts/statistics_fixtures.py
"""
import json
import pathlib

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests

paired = [
    [4.2, 5.2, 3.9],
    [-1.0, 0.5, -2.3, 0.1, -0.7],
    [0.3, 0.31, 0.29],
    [12.0, -3.0, 5.5, 7.25],
    [-0.05, -0.02, -0.08, -0.01, -0.04, -0.06, -0.03],
]
tests = []
for d in paired:
    d = np.array(d)
    r = stats.ttest_rel(d, np.zeros_like(d))
    n = len(d)
    half = stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / np.sqrt(n)
    tests.append({"differences": d.tolist(), "t": float(r.statistic),
                  "pValue": float(r.pvalue), "halfWidth95": float(half)})
quantiles = [{"df": df, "q975": float(stats.t.ppf(0.975, df))} for df in [1, 2, 3, 4, 7, 29, 30, 100]]
mcnemars = []
for b, c in [(0, 0), (3, 0), (10, 12), (40, 20), (150, 110), (500, 460), (1, 7)]:
    exact = mcnemar([[0, b], [c, 0]], exact=True).pvalue
    binom = stats.binomtest(b, b + c, 0.5).pvalue if b + c > 0 else 1.0
    assert abs(exact - binom) < 1e-12
    mcnemars.append({"onlyFirst": b, "onlySecond": c, "pValue": float(exact)})
families = [[0.01, 0.04, 0.03, 0.005], [0.2, 0.01, 0.5], [0.001, 0.001, 0.9, 0.04, 0.02]]
holm = [{"pValues": p, "adjusted": multipletests(p, method="holm")[1].tolist()} for p in families]
orderings = [
    ([1, 2, 3, 4], [1, 2, 3, 4]),
    ([1, 2, 3, 4], [4, 3, 2, 1]),
    ([51.0, 41.0, 61.0], [5.0, 5.0333, 7.0]),
    ([40.5, 53.8, 47.1, 48.1, 46.4], [2.55, 3.56, 3.25, 3.33, 3.41]),
    ([1, 1, 2, 3, 5], [2, 1, 1, 4, 4]),
    ([3.2, 1.0, 7.7, 2.2, 9.1, 4.4, 0.5], [2.0, 1.5, 8.0, 2.5, 6.0, 4.0, 1.0]),
]
kendall = [{"x": x, "y": y, "tauB": float(stats.kendalltau(x, y, variant="b").statistic)}
           for x, y in orderings]
out = {
    "generator": f"Scripts/statistics_fixtures.py with SciPy {scipy.__version__}, statsmodels {statsmodels.__version__}",
    "pairedT": tests, "tQuantiles": quantiles, "mcnemarExact": mcnemars, "holm": holm,
    "kendallTauB": kendall,
}
path = pathlib.Path(__file__).resolve().parent.parent / "Tests/ReportTests/Fixtures/statistics-scipy.json"
path.write_text(json.dumps(out, indent=2) + "\n")
print(f"wrote {path}")
