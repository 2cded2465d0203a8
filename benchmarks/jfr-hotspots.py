#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording (jdk.ExecutionSample) by thread, by top frame and by the
wirelake/library frames they pass through.   usage: jfr-hotspots.py FILE.jfr [TOP]"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                      check=True, capture_output=True, text=True).stdout
events = []
for block in text.split("jdk.ExecutionSample")[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', block)
    thread = m.group(1) if m else "?"
    frames = re.findall(r'^\s+([\w$.<>/]+\.[\w$<>]+)\(', block, re.M)
    events.append((thread, frames))
n = len(events)
print(f"{n} CPU samples")

def norm_thread(t):
    t = re.sub(r"\d+", "N", t)
    return t[:70]

def show(title, counter, k=top):
    print(f"\n## {title}")
    for key, c in counter.most_common(k):
        print(f"{100.0 * c / n:6.1f}%  {c:6d}  {key}")

show("threads", collections.Counter(norm_thread(t) for t, _ in events), 15)
show("top frame (self time)", collections.Counter(f[0] if f else "?" for _, f in events))
incl = collections.Counter()
for _, frames in events:
    for f in set(frames):
        if f.startswith("io.wirelake."):
            incl[f] += 1
show("wirelake methods on the stack (inclusive)", incl)
pkg = collections.Counter()
for _, frames in events:
    seen = set()
    for f in frames:
        p = ".".join(f.split(".")[:3])
        if p not in seen:
            seen.add(p)
            pkg[p] += 1
show("packages on the stack (inclusive, first 3 name parts)", pkg)
