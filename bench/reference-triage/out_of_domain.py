"""The issue's out-of-scope reference on our protocol: scikit-learn TF-IDF
(word 1-2-grams and character 2-5-grams) + logistic regression (C=10), trained
on the same fixed-seed 80% split of BANKING77 as `tandem-triage bench`, its
top probability thresholded; prints, per threshold, the in-scope accuracy on
the held-out 20% (a rejected question counts as wrong) and the share of each
out-of-domain set rejected.

    python3 bench/reference-triage/out_of_domain.py ../shared/data/banking77/train.csv

Needs numpy, scipy and scikit-learn (`pip install scikit-learn`). Not part of
the build or the tests: it is the yardstick BENCHMARKS.md quotes.
"""

import csv
import pathlib
import sys

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

MASK = (1 << 64) - 1
DATA = pathlib.Path(__file__).resolve().parents[2] / "crates/tandem-triage/data"


class XorShift:
    """The benchmark's xorshift64 generator and Fisher-Yates shuffle."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        x = self.state
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
        self.state = x
        return x

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.next() % (i + 1)
            items[i], items[j] = items[j], items[i]


def split(path):
    """Per intent (in byte order), a fifth held out, as `bench.rs` splits."""
    by_label = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by_label.setdefault(row["category"], []).append((row["text"], row["category"]))
    rng, train, test = XorShift(0x00C0FFEE), [], []
    for label in sorted(by_label, key=str.encode):
        items = by_label[label]
        rng.shuffle(items)
        cut = len(items) // 5
        test += items[:cut]
        train += items[cut:]
    return train, test


def questions(name):
    lines = (DATA / name).read_text().splitlines()
    return [l.strip() for l in lines if l.strip() and not l.startswith("#")]


def main():
    train, test = split(sys.argv[1])
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    texts = [t for t, _ in train]
    x = sp.hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    features = lambda ts: sp.hstack([words.transform(ts), chars.transform(ts)]).tocsr()
    model = LogisticRegression(C=10, max_iter=3000).fit(x, [l for _, l in train])
    probabilities = model.predict_proba(features([t for t, _ in test]))
    right = model.classes_[probabilities.argmax(1)] == np.array([l for _, l in test])
    confidence = probabilities.max(1)
    print(f"accuracy {right.mean() * 100:.2f}%")
    sets = {
        name: model.predict_proba(features(questions(file))).max(1)
        for name, file in (("design", "out_of_domain.txt"), ("confirmation", "out_of_domain_confirmation.txt"))
    }
    for threshold in np.arange(0.10, 0.42, 0.02):
        in_scope = (right & (confidence >= threshold)).mean() * 100
        rejected = ", ".join(f"{n} {(p < threshold).mean() * 100:.1f}%" for n, p in sets.items())
        print(f"threshold {threshold:.2f}: in-scope accuracy {in_scope:.1f}%, rejected {rejected}")


if __name__ == "__main__":
    main()
