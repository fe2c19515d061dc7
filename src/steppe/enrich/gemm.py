"""Matrix products for spaCy's models: numpy's OpenBLAS instead of blis, on one thread.

Why: thinc multiplies with blis by default, whose kernels run fr_core_news_md's products at a
third of the speed of the OpenBLAS that numpy ships on the AMD EPYC reference machine (34
against 94 GFLOPS on one core, docs/performance.md), and about 12 % slower on an Intel Xeon
with AVX-512. The annotations are the same to the last arc and entity (tests compare both).
BLAS runs on one thread, as each enrichment worker already has its core.
"""

from __future__ import annotations

from typing import Any

_THREADS: list[Any] = []


def numpy_gemm(nlp) -> None:
    """Every model of ``nlp``'s pipeline multiplies through numpy (components without a thinc
    model, Steppe's own, are left as they are)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def one_blas_thread():
    """A context running BLAS on one thread (threadpoolctl; its controller is built once,
    since finding the loaded libraries takes a while)."""
    if not _THREADS:
        from threadpoolctl import ThreadpoolController

        _THREADS.append(ThreadpoolController())
    return _THREADS[0].limit(limits=1, user_api="blas")
