#!/usr/bin/python3
"""Statsmodels oracles for rnnlab's statistical forecasting baselines.

Writes tests/fixtures/golden/forecast_<name>.json for three fixed series (seasonal, trending,
non-positive). Each file holds the series, the split, statsmodels' fitted parameters (fit on the
training part only) and statsmodels' forecasts at every test origin with those parameters, no
refit (the model's recursion run over the data up to the origin). rnnlab's tests check its
forecasts at these parameters (1e-6 relative) and its own fits' test MAE (within 1 %).

Run with Debian's python3-statsmodels 0.13.5:  /usr/bin/python3 scripts/golden_forecast.py

With --csv FILE --column NAME --train-end N --first-origin T --horizon H --period M --maxlag L it
instead prints statsmodels' test MAE of every baseline on that series (fit on the first N points,
origins T..end), to set beside an rnnlab report. Add --fit-only to print only statsmodels' fitted
parameters as JSON (for long series, where statsmodels' per-origin forecasts take too long; the
goldens show rnnlab's recursions equal statsmodels' at given parameters).
"""
import argparse
import json
import pathlib
import warnings

import numpy as np
import statsmodels
from statsmodels.tsa.ar_model import AutoReg, ar_select_order
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel, ThetaModelResults
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.seasonal import seasonal_decompose
from statsmodels.tsa.statespace.exponential_smoothing import (
    ExponentialSmoothing as StateSpaceSES,
)
from statsmodels.tsa.stattools import acf

warnings.filterwarnings("ignore")
OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "golden"


def series():
    """Three fixed series: the generator's own numbers, so the fixtures need no data package."""
    rng = np.random.default_rng(20261202)
    t = np.arange(144)
    season12 = 1 + 0.25 * np.sin(2 * np.pi * t / 12) + 0.1 * np.cos(4 * np.pi * t / 12)
    seasonal = (100 + 1.5 * t) * season12 * np.exp(rng.normal(0, 0.02, t.size))
    t = np.arange(120)
    trending = 50 + np.cumsum(0.8 + rng.normal(0, 1.5, t.size))
    t = np.arange(150)
    ar = np.zeros(t.size)
    for i in range(2, t.size):
        ar[i] = 0.6 * ar[i - 1] - 0.2 * ar[i - 2] + rng.normal(0, 1)
    nonpositive = ar + 2 * np.sin(2 * np.pi * t / 7)
    return [
        ("seasonal", seasonal, 12, 12),
        ("trending", trending, 1, 6),
        ("nonpositive", nonpositive, 7, 7),
    ]


def m4_seasonality_test(train, period):
    """The M4 competition's test: |ACF(m)| beyond 1.645·sqrt((1 + 2·Σ_{k<m} ACF(k)²)/n)."""
    if period <= 1 or len(train) < 3 * period:
        return False
    rho = acf(train, nlags=period, fft=False)
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(rho[1:period] ** 2)) / len(train))
    return bool(abs(rho[period]) > limit)


def adjustment(train, period):
    """Classical decomposition of the training part (multiplicative if strictly positive)."""
    if not m4_seasonality_test(train, period):
        return {"kind": "none", "indices": []}
    kind = "multiplicative" if train.min() > 0 else "additive"
    res = seasonal_decompose(train, model=kind, period=period)
    return {"kind": kind, "indices": res.seasonal[:period].tolist()}


def adjust(y, adj):
    if adj["kind"] == "none":
        return y.copy()
    idx = np.array(adj["indices"])[np.arange(len(y)) % len(adj["indices"])]
    return y / idx if adj["kind"] == "multiplicative" else y - idx


def reseason(forecast, origin, adj):
    if adj["kind"] == "none":
        return forecast
    m = len(adj["indices"])
    idx = np.array(adj["indices"])[(origin + 1 + np.arange(len(forecast))) % m]
    return forecast * idx if adj["kind"] == "multiplicative" else forecast + idx


def holt_winters(y, train_end, origins, horizon, adj, trend, damped):
    """holtwinters.ExponentialSmoothing on the seasonally adjusted series."""
    z = adjust(y, adj)
    fit = ExponentialSmoothing(
        z[:train_end], trend=trend, damped_trend=damped, initialization_method="estimated"
    ).fit()
    p = fit.params
    params = {"alpha": p["smoothing_level"], "level0": p["initial_level"]}
    if trend:
        params.update(beta=p["smoothing_trend"], trend0=p["initial_trend"])
    if damped:
        params["phi"] = p["damping_trend"]
    forecasts = []
    for o in origins:
        known = {"initial_level": params["level0"]}
        fixed = {"smoothing_level": params["alpha"]}
        if trend:
            known["initial_trend"] = params["trend0"]
            fixed["smoothing_trend"] = params["beta"]
        if damped:
            fixed["damping_trend"] = params["phi"]
        model = ExponentialSmoothing(
            z[: o + 1], trend=trend, damped_trend=damped, initialization_method="known", **known
        )
        f = model.fit(optimized=False, **fixed).forecast(horizon)
        forecasts.append(reseason(np.asarray(f), o, adj).tolist())
    return {"params": params, "forecasts": forecasts}


def theta(y, train_end, origins, horizon, adj):
    """ThetaModel (OLS drift + SES with the first value as known level) on the adjusted series."""
    z = adjust(y, adj)
    fit = ThetaModel(z[:train_end], deseasonalize=False).fit(use_mle=False)
    b0, alpha = float(fit.params["b0"]), float(fit.params["alpha"])
    forecasts = []
    for o in origins:
        model = ThetaModel(z[: o + 1], deseasonalize=False)
        ses = StateSpaceSES(z[: o + 1], initial_level=z[0], initialization_method="known")
        one_step = ses.smooth([alpha]).forecast(1)
        res = ThetaModelResults(b0, alpha, None, one_step, np.empty(0), False, model)
        forecasts.append(reseason(np.asarray(res.forecast(horizon)), o, adj).tolist())
    return {"params": {"alpha": alpha, "b0": b0, "level0": float(z[0])}, "forecasts": forecasts}


def ar_aic(y, train_end, origins, horizon, maxlag):
    """ar_select_order(ic="aic") on the training part, then AutoReg's recursive forecasts."""
    selection = ar_select_order(y[:train_end], maxlag=maxlag, ic="aic", trend="c")
    lags = selection.ar_lags or []
    order = len(lags)
    params = selection.model.fit().params
    forecasts = []
    for o in origins:
        model = AutoReg(y[: o + 1], lags=order, trend="c")
        forecasts.append(model.predict(params, start=o + 1, end=o + horizon).tolist())
    return {
        "params": {"order": order, "maxlag": maxlag, "coefficients": params.tolist()},
        "forecasts": forecasts,
    }


def ets(y, train_end, origins, horizon, period):
    """ETSModel(A, Ad, A|N) on the raw series, fit by maximum likelihood on the training part."""
    seasonal = "add" if 1 < period <= 24 else None
    spec = dict(error="add", trend="add", damped_trend=True, seasonal=seasonal)
    if seasonal:
        spec["seasonal_periods"] = period
    fit = ETSModel(y[:train_end], **spec).fit(disp=False, maxiter=5000)
    names = fit.model.param_names
    forecasts = []
    for o in origins:
        res = ETSModel(y[: o + 1], **spec).smooth(fit.params)
        forecasts.append(np.asarray(res.forecast(horizon)).tolist())
    return {
        "params": dict(zip(names, np.asarray(fit.params).tolist())),
        "seasonal": seasonal is not None,
        "loglike": float(fit.llf),
        "forecasts": forecasts,
    }


def mae(y, origins, forecasts):
    actual = np.array([y[o + 1 : o + 1 + len(f)] for o, f in zip(origins, forecasts)])
    return float(np.mean(np.abs(actual - np.array(forecasts))))


def main():
    for name, y, period, horizon in series():
        n = len(y)
        train_end = int(n * 0.75)
        origins = list(range(train_end - 1, n - horizon))
        adj = adjustment(y[:train_end], period)
        z = adjust(y, adj)
        naive2 = [reseason(np.full(horizon, z[o]), o, adj).tolist() for o in origins]
        models = {
            "naive2": {"params": {}, "forecasts": naive2},
            "ses": holt_winters(y, train_end, origins, horizon, adj, None, False),
            "holt": holt_winters(y, train_end, origins, horizon, adj, "add", False),
            "damped-holt": holt_winters(y, train_end, origins, horizon, adj, "add", True),
            "theta": theta(y, train_end, origins, horizon, adj),
            "ar-aic": ar_aic(y, train_end, origins, horizon, maxlag=min(2 * period + 2, 14)),
            "ets": ets(y, train_end, origins, horizon, period),
        }
        models["comb"] = {
            "params": {},
            "forecasts": np.mean(
                [models[k]["forecasts"] for k in ("ses", "holt", "damped-holt")], axis=0
            ).tolist(),
        }
        for model in models.values():
            model["testMae"] = mae(y, origins, model["forecasts"])
        case = {
            "source": f"statsmodels {statsmodels.__version__}, scripts/golden_forecast.py",
            "name": name,
            "period": period,
            "horizon": horizon,
            "trainEnd": train_end,
            "origins": origins,
            "y": y.tolist(),
            "adjustment": adj,
            "models": models,
        }
        path = OUT / f"forecast_{name}.json"
        path.write_text(json.dumps(case, indent=1) + "\n")
        summary = ", ".join(f"{k} {v['testMae']:.4g}" for k, v in models.items())
        print(f"{path.name}: {adj['kind']}; test MAE {summary}")


def compare_csv(args):
    """statsmodels' test MAE per baseline on a user CSV, with rnnlab's protocol."""
    import csv

    with open(args.csv) as f:
        y = np.array([float(row[args.column]) for row in csv.DictReader(f)])
    h, n = args.horizon, len(y)
    origins = [] if args.fit_only else list(range(args.first_origin, n - h))
    adj = adjustment(y[: args.train_end], args.period)
    z = adjust(y, adj)
    models = {
        "naive2": {"forecasts": [reseason(np.full(h, z[o]), o, adj).tolist() for o in origins]},
        "ses": holt_winters(y, args.train_end, origins, h, adj, None, False),
        "holt": holt_winters(y, args.train_end, origins, h, adj, "add", False),
        "damped-holt": holt_winters(y, args.train_end, origins, h, adj, "add", True),
        "theta": theta(y, args.train_end, origins, h, adj),
        "ar-aic": ar_aic(y, args.train_end, origins, h, args.maxlag),
        "ets": ets(y, args.train_end, origins, h, args.period),
    }
    models["comb"] = {
        "forecasts": np.mean(
            [models[k]["forecasts"] for k in ("ses", "holt", "damped-holt")], axis=0
        ).tolist()
    }
    if args.fit_only:
        params = {k: v["params"] for k, v in models.items() if "params" in v}
        print(json.dumps({"adjustment": adj, "models": params}))
        return
    print(f"adjustment: {adj['kind']}; ar-aic order {models['ar-aic']['params']['order']}")
    for name, model in models.items():
        print(f"{name}\t{mae(y, origins, model['forecasts']):.6g}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv")
    parser.add_argument("--column")
    parser.add_argument("--train-end", type=int)
    parser.add_argument("--first-origin", type=int)
    parser.add_argument("--horizon", type=int)
    parser.add_argument("--period", type=int, default=1)
    parser.add_argument("--maxlag", type=int)
    parser.add_argument("--fit-only", action="store_true")
    cli = parser.parse_args()
    compare_csv(cli) if cli.csv else main()
