#!/usr/bin/env python3
"""The gamma profile of an option chain in plain numpy: the peer `dealerflow bench` compares itself with.

Computed the way most open GEX tools compute it: arrays of strike K, time to expiry T (years), implied vol sigma,
cost of carry b, open interest OI, multiplier m and the dealer sign s (+1 long, -1 short); for each hypothetical
spot S of the grid, the Black-Scholes-Merton gamma of every contract at S,

    d1 = (ln(S/K) + (b + sigma^2/2) T) / (sigma sqrt T)
    gamma = e^{(b-r)T} phi(d1) / (S sigma sqrt T)          (per $1, per share)

summed as dealer GEX in $ per 1 % move: sum s * gamma * OI * m * S^2 * 0.01 (positive = dealers long gamma).
The grid is the engine's (Core/Exposure/SpotGrid.cs): 401 spots uniform in ln S over +/-20 % of spot,
S_i = S0 exp(ln 0.8 + i h), h = (ln 1.2 - ln 0.8) / 400, the two ends exactly S0 * 0.8 and S0 * 1.2.

Input: the priced contracts the engine uses, exported by `dealerflow bench --peer-export FILE`: comment lines
`# key=value` (spot, rate, ...), then a header `strike,years,vol,carry,open_interest,multiplier,sign`.

    python3 gex_profile.py contracts.csv                 # a summary line
    python3 gex_profile.py contracts.csv --json          # timings and the profile as one JSON object
    python3 gex_profile.py contracts.csv --runs 7 --spots 401 --range 0.2
"""
import argparse
import json
import math
import platform
import sys
import time

import numpy as np


def read_contracts(path):
    meta, lines = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                key, _, value = line[1:].strip().partition("=")
                meta[key.strip()] = value.strip()
            elif line.strip():
                lines.append(line)
    if not lines:
        sys.exit(f"{path}: no header line (export it with: dealerflow bench --peer-export FILE)")
    header = [h.strip() for h in lines[0].split(",")]
    for key in ("spot", "rate"):
        if key not in meta:
            sys.exit(f"{path}: no '# {key}=' line (export it with: dealerflow bench --peer-export FILE)")
    columns = {}
    values = np.loadtxt(lines[1:], delimiter=",", dtype=np.float64, ndmin=2)
    for name in ("strike", "years", "vol", "carry", "open_interest", "multiplier", "sign"):
        if name not in header:
            sys.exit(f"{path}: no column '{name}' (export it with: dealerflow bench --peer-export FILE)")
        columns[name] = np.ascontiguousarray(values[:, header.index(name)])
    return meta, columns


def gamma_profile(spots, strike, years, vol, carry, rate, open_interest, multiplier, sign):
    """Dealer GEX in $ per 1 % move at each spot: one vectorised pass over the contracts per spot."""
    vol_sqrt_t = vol * np.sqrt(years)
    drift = (carry + 0.5 * vol * vol) * years
    discount = np.exp((carry - rate) * years)
    weight = sign * open_interest * multiplier
    out = np.empty(len(spots))
    for i, s in enumerate(spots):
        d1 = (np.log(s / strike) + drift) / vol_sqrt_t
        gamma = discount * np.exp(-0.5 * d1 * d1) / (np.sqrt(2.0 * np.pi) * s * vol_sqrt_t)
        out[i] = np.sum(weight * gamma) * s * s * 0.01
    return out


def main():
    p = argparse.ArgumentParser(description="Gamma profile (dealer GEX, $ per 1% move) of exported priced contracts, in plain numpy.")
    p.add_argument("contracts", help="CSV written by: dealerflow bench --peer-export FILE")
    p.add_argument("--spots", type=int, default=401, help="grid points (default 401)")
    p.add_argument("--range", type=float, default=0.2, help="half-width of the grid as a fraction of spot (default 0.2)")
    p.add_argument("--runs", type=int, default=7, help="timed runs after one warm-up; the median is reported (default 7)")
    p.add_argument("--json", action="store_true", help="print one JSON object with the timings and the profile")
    a = p.parse_args()
    if a.spots < 2 or a.runs < 1 or not 0 < a.range < 1:
        sys.exit("--spots must be >= 2, --runs >= 1 and --range between 0 and 1")
    meta, c = read_contracts(a.contracts)
    s0 = float(meta["spot"])
    rate = float(meta["rate"])
    n = a.spots
    lo, hi = math.log(1 - a.range), math.log(1 + a.range)
    h = (hi - lo) / (n - 1)
    spots = np.array([s0 * math.exp(lo + i * h) for i in range(n)])
    spots[0], spots[-1] = s0 * (1 - a.range), s0 * (1 + a.range)
    args = (spots, c["strike"], c["years"], c["vol"], c["carry"], rate, c["open_interest"], c["multiplier"], c["sign"])
    profile = gamma_profile(*args)  # warm-up
    walls, cpus = [], []
    for _ in range(a.runs):
        w0, c0 = time.perf_counter(), time.process_time()
        profile = gamma_profile(*args)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    wall = float(np.median(walls))
    cpu = float(np.median(cpus))
    levels = len(c["strike"]) * n
    result = {
        "schema": "dealerflow.peer-numpy/1",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "contracts": len(c["strike"]),
        "spots": n,
        "runs": a.runs,
        "medianSeconds": wall,
        "cpuMedianSeconds": cpu,
        "nsPerContractLevel": wall * 1e9 / levels,
        "cpuNsPerContractLevel": cpu * 1e9 / levels,
        "unit": "usd-per-1pct",
        "grid": spots.tolist(),
        "profile": profile.tolist(),
    }
    if a.json:
        json.dump(result, sys.stdout)
        print()
    else:
        print(f"numpy {np.__version__}: {result['contracts']} contracts x {n} spots in {wall * 1e3:.1f} ms "
              f"(median of {a.runs}; {result['nsPerContractLevel']:.2f} ns per contract-level, CPU {cpu * 1e3:.1f} ms); "
              f"GEX at spot {profile[n // 2]:.6e} $ per 1% move")


if __name__ == "__main__":
    main()
