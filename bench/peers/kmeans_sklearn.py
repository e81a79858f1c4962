# Peer for the kmeans benchmark: scikit-learn KMeans(n_clusters=K, n_init=10, random_state=0), default
# lloyd and tol, on a CSV of numbers (header row, comma-separated). Times only the fit; prints JSON.
# Usage: /usr/bin/python3 bench/peers/kmeans_sklearn.py FILE [K]
import json, os, sys, time
import numpy as np, pandas as pd, sklearn
from sklearn.cluster import KMeans

path = sys.argv[1]
k = int(sys.argv[2]) if len(sys.argv) > 2 else 8
X = np.ascontiguousarray(pd.read_csv(path, float_precision='round_trip').to_numpy(dtype=np.float64))
started = time.perf_counter()
km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
seconds = time.perf_counter() - started
print(json.dumps({
    'seconds': seconds, 'inertia': float(km.inertia_), 'iterations': int(km.n_iter_),
    'rows': int(X.shape[0]), 'columns': int(X.shape[1]), 'sklearn': sklearn.__version__,
    'numpy': np.__version__, 'threads': os.cpu_count(),
}))
