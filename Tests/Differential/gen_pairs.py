#!/usr/bin/env python3
"""Writes tricky version pairs (A<TAB>B per line) for the differential check.

Usage: gen_pairs.py rpm|evr|deb COUNT SEED
Deterministic for a given seed. Pairs are built from the alphabets that matter to
each scheme (separators, ~, ^, leading zeros, letters of both cases, long numbers)
and half of them are near-misses of each other, where ordering bugs hide.
"""
import random, sys

scheme, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)

def atom(alphabet):
    kind = rng.random()
    if kind < 0.45:
        n = rng.choice(["0", "1", "2", "9", "10", "01", "001", "099", "100", "20101121",
                        "12345678901234567890", str(rng.randint(0, 300))])
        return n
    if kind < 0.75:
        return "".join(rng.choice("abzAZrcgitpre") for _ in range(rng.randint(1, 3)))
    return rng.choice(alphabet)

def version(alphabet, maxlen=6):
    return "".join(atom(alphabet) for _ in range(rng.randint(0, maxlen)))

def mutate(s, alphabet):
    if not s or rng.random() < 0.2:
        return s + atom(alphabet)
    i = rng.randrange(len(s))
    op = rng.random()
    if op < 0.3:
        return s[:i] + rng.choice(alphabet + "0123456789aZ") + s[i + 1:]
    if op < 0.6:
        return s[:i] + atom(alphabet) + s[i:]
    return s[:i] + s[i + 1:]

if scheme == "rpm":
    alphabet = ".-_+~^~^."
    gen = lambda: version(alphabet)
elif scheme == "evr":
    alphabet = ".-_~^+:"
    def gen():
        e = rng.choice(["", "", "0:", "1:", "2:", "00:", "10:", ":"])
        r = rng.choice(["", "-" + version(".~^_", 3), "-1", "-1.el7", "-0.1.rc1"])
        v = version(".~^_+", 4) or "1"
        return e + v + r
else:
    alphabet = ".+~-:"
    def gen():
        e = rng.choice(["", "", "", "0:", "1:", "2:", "00:"])
        up = str(rng.randint(0, 12)) + version(".+~", 4)
        if rng.random() < 0.3:
            up += ":" + version(".+~", 2) if e else ""
        r = rng.choice(["", "", "-1", "-" + (version(".+~", 3) or "1"), "-0ubuntu1", "-1+deb12u1", "-1~bpo1"])
        return e + up + r

seen = 0
out = []
while seen < count:
    a = gen()
    b = mutate(a, alphabet) if rng.random() < 0.5 else gen()
    if scheme == "evr" and (not a or not b):
        continue
    if "\t" in a or "\t" in b or "\n" in a or "\n" in b:
        continue
    if scheme == "deb" and ("'" in a or "'" in b):
        continue
    out.append(f"{a}\t{b}")
    seen += 1
sys.stdout.write("\n".join(out) + "\n")
