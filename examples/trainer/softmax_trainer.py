#!/usr/bin/env python3
"""A site's own trainer for Kontor (protocol kontor-trainer/1), in Python with numpy only.

Kontor starts this program for each task, writes one JSON request on stdin and reads one JSON answer from stdout:
  fit:      {"protocol", "method": "fit", "plan", "dataset", "global", "seed"}  -> {"params", "sampleCount", "metrics": {"loss", "accuracy"}}
  evaluate: {"protocol", "method": "evaluate", "plan", "dataset", "global"}    -> {"sampleCount", "accuracy", "loss"}
The model is softmax regression with Kontor's parameter layout: W (classes x features, row-major), then b (classes).
This example reads the numeric feature columns of a CSV training asset (dataset.format "csv"); rows with a missing or
unreadable feature, or a label outside the plan's classes, are dropped. Rows are split into train / test by position
exactly as Kontor splits them. The connector clips and noises the update itself; this program never uses the network.
Exit non-zero with a message on stderr to refuse a task.
"""
import csv
import json
import sys

import numpy as np

PROTOCOL = "kontor-trainer/1"


def split_of(index):
    return "test" if ((index * 2654435761) & 0xFFFFFFFF) % 100 < 25 else "train"


def read_rows(plan, dataset, split):
    if dataset.get("format") != "csv" or "path" not in dataset:
        raise ValueError("this trainer reads CSV training assets only")
    features, label, classes = plan["features"], plan["label"], plan["classes"]
    xs, ys = [], []
    with open(dataset["path"], newline="", encoding="utf-8") as f:
        for index, row in enumerate(csv.DictReader(f, delimiter=dataset.get("delimiter", ","))):
            if split_of(index) != split:
                continue
            try:
                x = [float(row[c]) for c in features]
            except (KeyError, TypeError, ValueError):
                continue
            if row.get(label) not in classes:
                continue
            xs.append(x)
            ys.append(classes.index(row[label]))
    return np.array(xs, dtype=float).reshape(-1, len(features)), np.array(ys, dtype=int)


def load(plan, dataset, split):
    """The split's rows, scaled with the plan's scaling, or (none given) with the training rows' own mean and deviation."""
    x, y = read_rows(plan, dataset, split)
    scaling = plan.get("scaling") or {}
    mean, std = scaling.get("mean") or [], scaling.get("std") or []
    if len(mean) != len(plan["features"]):
        train = x if split == "train" else read_rows(plan, dataset, "train")[0]
        mean, std = train.mean(axis=0), train.std(axis=0)
        std = np.where(std > 0, std, 1.0)
    return (x - np.array(mean)) / np.array(std), y


def unpack(params, features, classes):
    p = np.array(params, dtype=float)
    return p[: classes * features].reshape(classes, features), p[classes * features:]


def probabilities(w, b, x):
    z = x @ w.T + b
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def metrics(w, b, x, y):
    p = probabilities(w, b, x)
    loss = float(-np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)).mean())
    return {"loss": loss, "accuracy": float((p.argmax(axis=1) == y).mean())}


def fit(request):
    plan = request["plan"]
    x, y = load(plan, request["dataset"], "train")
    if len(y) == 0:
        raise ValueError("no training rows")
    k, d = len(plan["classes"]), len(plan["features"])
    w, b = unpack(request["global"], d, k)
    rng = np.random.default_rng(request["seed"])
    onehot = np.eye(k)[y]
    for _ in range(plan["localEpochs"]):
        order = rng.permutation(len(y))
        for start in range(0, len(y), plan["batchSize"]):
            batch = order[start:start + plan["batchSize"]]
            g = probabilities(w, b, x[batch]) - onehot[batch]
            w -= plan["learningRate"] * (g.T @ x[batch]) / len(batch)
            b -= plan["learningRate"] * g.mean(axis=0)
    params = np.concatenate([w.reshape(-1), b]).tolist()
    return {"params": params, "sampleCount": int(len(y)), "metrics": metrics(w, b, x, y)}


def evaluate(request):
    plan = request["plan"]
    x, y = load(plan, request["dataset"], "test")
    if len(y) == 0:
        raise ValueError("no test rows")
    w, b = unpack(request["global"], len(plan["features"]), len(plan["classes"]))
    return {"sampleCount": int(len(y)), **metrics(w, b, x, y)}


def main():
    request = json.loads(sys.stdin.readline())
    if request.get("protocol") != PROTOCOL:
        sys.exit(f"unsupported protocol {request.get('protocol')!r}")
    method = {"fit": fit, "evaluate": evaluate}.get(request.get("method"))
    if method is None:
        sys.exit(f"unknown method {request.get('method')!r}")
    try:
        answer = method(request)
    except (OSError, ValueError) as error:
        sys.exit(str(error))
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
