"""Near-duplicate texts: MinHash signatures over word shingles, and LSH band buckets.

The store keeps one row per (band bucket, article), indexed, so finding the candidates for a
new text is one indexed lookup whatever the size of the base (no in-memory index to rebuild).
Candidates are then verified on their stored signatures: the share of equal MinHash values
estimates the Jaccard similarity of the two shingle sets.

128 permutations in 16 bands of 8 rows: a pair at similarity 0.8 shares a bucket with
probability 0.95, at 0.9 with probability 0.9999, at 0.5 with probability 0.06.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from steppe.model import normalise_for_hash

NUM_PERM = 128
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3  # words per shingle
MIN_WORDS = 30  # shorter texts (teasers) are only compared exactly: too few shingles to judge
SEED = 1
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(normalise_for_hash(text))
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8")
            for i in range(max(1, len(words) - SHINGLE + 1))}


def long_enough(text: str) -> bool:
    return len(_WORD.findall(text)) >= MIN_WORDS


def signature(text: str) -> bytes:
    """The MinHash signature of a text's shingles, as 128 little-endian uint32 values."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues.astype("<u4").tobytes()


def buckets(sig: bytes) -> list[int]:
    """One signed 64-bit bucket key per band (band number mixed in, so bands never collide)."""
    out = []
    for band in range(BANDS):
        chunk = sig[band * ROWS * 4:(band + 1) * ROWS * 4]
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        out.append(int.from_bytes(digest, "big", signed=True))
    return out


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    va, vb = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    if va.shape != vb.shape:
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)
