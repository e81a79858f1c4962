# Peer for the clv benchmark: a BG/NBD maximum-likelihood fit with scipy (adapted from /work/shared/peers/bgnbd_scipy.py)
# on a per-customer summary CSV with columns x,t_x,T. Prints JSON: r, alpha, a, b, the log-likelihood, fit seconds.
#
# The likelihood is Fader, Hardie & Lee (2005) eq. 6, vectorised in numpy, with its analytic gradient, minimised by
# scipy.optimize.minimize(method='BFGS') on the log-parameters (the shared script's Nelder-Mead start with numerical
# gradients takes minutes at 1M customers). Only minimize is timed; reading the CSV is not.
# Usage: /usr/bin/python3 bench/peers/bgnbd_fit.py FILE
import json, sys, time
import numpy as np, pandas as pd, scipy
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln

d = pd.read_csv(sys.argv[1], float_precision='round_trip')
x = d['x'].to_numpy(np.float64)
tx = d['t_x'].to_numpy(np.float64)
T = d['T'].to_numpy(np.float64)
n = len(x)
pos = x > 0


def negll(theta):
    r, al, a, b = np.exp(theta)
    rx = r + x
    log_at = np.log(al + T)
    log_ar = np.log(al + tx)
    a3 = -rx * log_at
    # ln(a/(b+x-1)) only where x > 0; elsewhere the fourth term is absent (-inf).
    a4 = np.full(n, -np.inf)
    a4[pos] = np.log(a) - np.log(b + x[pos] - 1) - rx[pos] * log_ar[pos]
    m = np.maximum(a3, a4)
    e3, e4 = np.exp(a3 - m), np.exp(a4 - m)
    s4 = e4 / (e3 + e4)
    s3 = 1 - s4
    ll = np.sum(gammaln(rx) - gammaln(r) + r * np.log(al) + betaln(a, b + x) - betaln(a, b) + m + np.log(e3 + e4))
    g_r = np.sum(digamma(rx) - digamma(r) + np.log(al) - s3 * log_at - s4 * log_ar)
    g_al = np.sum(r / al - rx * (s3 / (al + T) + s4 / (al + tx)))
    g_a = np.sum(digamma(a + b) - digamma(a + b + x) + s4 / a)
    g_b = np.sum(digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - np.where(pos, s4 / np.maximum(b + x - 1, 1e-300), 0.0))
    # Per customer, as Sightline minimises, so the tolerances mean the same on both sides.
    grad = -np.array([g_r, g_al, g_a, g_b]) * np.exp(theta) / n
    return -ll / n, grad


start = np.array([0.0, np.log(max(T.mean(), 1e-3)), 0.0, 0.0])
t0 = time.perf_counter()
res = minimize(negll, start, jac=True, method='BFGS', options={'gtol': 1e-9, 'maxiter': 1000})
seconds = time.perf_counter() - t0
r, al, a, b = np.exp(res.x)
print(json.dumps({'r': r, 'alpha': al, 'a': a, 'b': b, 'log_likelihood': -res.fun * n, 'fit_seconds': seconds,
                  'iterations': int(res.nit), 'evaluations': int(res.nfev), 'success': bool(res.success), 'message': str(res.message),
                  'customers': int(n), 'sum_x': float(x.sum()), 'sum_t_x': float(tx.sum()), 'sum_T': float(T.sum()),
                  'scipy': scipy.__version__, 'numpy': np.__version__}))
