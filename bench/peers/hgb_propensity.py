# Peer for the propensity benchmark: scikit-learn HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=31,
# learning_rate=0.1, min_samples_leaf=20, early_stopping=False, random_state=0) on a CSV that Sightline wrote
# (comma-separated, header, features + a 0/1 label column + a fold column). Prints JSON.
#
#   cv   FILE --label y --fold fold [--categorical a,b]   per fold k: fit on the other folds, predict fold k
#   full FILE --label y [--fold fold --holdout K] [--categorical a,b]
#   --encoding onehot   instead of native categorical splits, one 0/1 column per level seen at least max(5, rows/2000)
#                       times (at most 32 per column, most frequent first), as Sightline's FeatureEncoder does
#                                                          fit once on every row (or every row not in fold K),
#                                                          then predict_proba of ALL rows; AUC on fold K (else in-sample)
#
# The CSV is read with pandas before any timer starts; only fit and predict_proba are timed. Text columns named by
# --categorical become category codes with missing as NaN (like /work/shared/peers/hgb_cv.py), passed as
# categorical_features. Column sums and counts are printed so the harness can check that both sides read the same data.
# Usage: /usr/bin/python3 bench/peers/hgb_propensity.py MODE FILE [options]
import argparse, json, os, resource, time
import numpy as np, pandas as pd, sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

parser = argparse.ArgumentParser()
parser.add_argument('mode', choices=['cv', 'full'])
parser.add_argument('file')
parser.add_argument('--label', default='y')
parser.add_argument('--fold', default='fold')
parser.add_argument('--holdout', type=int, default=None)
parser.add_argument('--categorical', default='')
parser.add_argument('--encoding', choices=['native', 'onehot'], default='native')
args = parser.parse_args()

categorical = [c for c in args.categorical.split(',') if c]
# Empty fields are missing; text such as "NA" stays a level.
df = pd.read_csv(args.file, float_precision='round_trip', keep_default_na=False, na_values=[''],
                 dtype={c: str for c in categorical})
y = df[args.label].to_numpy(dtype=np.int64)
fold = df[args.fold].to_numpy(dtype=np.int64) if args.fold in df.columns else np.zeros(len(df), dtype=np.int64)
X = df.drop(columns=[c for c in (args.label, args.fold) if c in df.columns])
numeric = [c for c in X.columns if c not in categorical]
checks = {
    'rows': int(len(X)), 'features': int(X.shape[1]), 'positives': int(y.sum()),
    'numeric_sums': {c: float(np.nansum(X[c].to_numpy(dtype=np.float64))) for c in numeric},
    'missing': int(X[numeric].isna().to_numpy().sum()) + int(X[categorical].isna().to_numpy().sum()),
    'fold_rows': {str(k): int((fold == k).sum()) for k in np.unique(fold)},
}
for c in categorical:
    if args.encoding == 'onehot':
        counts = X[c].value_counts()
        kept = sorted((l for l in counts.index if counts[l] >= max(5, len(X) // 2000)), key=lambda l: (-counts[l], l))[:32]
        for level in kept:
            X[f'{c}={level}'] = (X[c] == level).astype(np.float64)
        X = X.drop(columns=[c])
    else:
        codes = X[c].astype('category').cat.codes.to_numpy(dtype=np.float64)
        codes[codes < 0] = np.nan
        X[c] = codes
mask = np.array([c in categorical for c in X.columns]) if args.encoding == 'native' else np.zeros(X.shape[1], dtype=bool)
X = np.ascontiguousarray(X.to_numpy(dtype=np.float64))


def model():
    return HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=31, learning_rate=0.1, min_samples_leaf=20,
                                          early_stopping=False, categorical_features=mask if mask.any() else None,
                                          random_state=0)


out = {'mode': args.mode, 'encoding': args.encoding, 'sklearn': sklearn.__version__, 'numpy': np.__version__, 'pandas': pd.__version__,
       'threads': os.cpu_count(), 'checks': checks}
if args.mode == 'cv':
    folds = []
    oof = np.zeros(len(y))
    for k in np.unique(fold):
        train, test = fold != k, fold == k
        started = time.perf_counter()
        m = model().fit(X[train], y[train])
        fitted = time.perf_counter()
        oof[test] = m.predict_proba(X[test])[:, 1]
        predicted = time.perf_counter()
        folds.append({'fold': int(k), 'train_rows': int(train.sum()), 'test_rows': int(test.sum()),
                      'auc': float(roc_auc_score(y[test], oof[test])),
                      'fit_seconds': fitted - started, 'predict_seconds': predicted - fitted})
    aucs = [f['auc'] for f in folds]
    out.update({'folds': folds, 'mean_fold_auc': float(np.mean(aucs)), 'sd_fold_auc': float(np.std(aucs)),
                'pooled_auc': float(roc_auc_score(y, oof)),
                'fit_seconds': sum(f['fit_seconds'] for f in folds),
                'predict_seconds': sum(f['predict_seconds'] for f in folds)})
else:
    train = fold != args.holdout if args.holdout is not None else np.ones(len(y), dtype=bool)
    started = time.perf_counter()
    m = model().fit(X[train], y[train])
    fitted = time.perf_counter()
    p = m.predict_proba(X)[:, 1]
    predicted = time.perf_counter()
    test = ~train if args.holdout is not None else train
    out.update({'train_rows': int(train.sum()), 'fit_seconds': fitted - started, 'predict_rows': int(len(y)),
                'predict_seconds': predicted - fitted, 'auc_rows': int(test.sum()),
                'auc': float(roc_auc_score(y[test], p[test])), 'auc_in_sample': args.holdout is None,
                'iterations': int(m.n_iter_)})
# ru_maxrss is in kB on Linux; it includes the DataFrame read before the timers.
out['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
