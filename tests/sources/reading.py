"""Segments as the streaming segmenter hands them over, with how far the input was read then."""

from __future__ import annotations

from typing import Iterator

from steppe.sources.dump import Segment, listing_lines, segment_stream


def segments_as_read(lines: list[str]) -> list[tuple[Segment, int]]:
    """Each segment with the number of input lines read when it came out."""
    pulled = 0

    def numbered() -> Iterator[tuple[int, str]]:
        nonlocal pulled
        for n, line in enumerate(lines, 1):
            pulled = n
            yield n, line

    return [(segment, pulled) for segment in segment_stream(listing_lines(numbered()))]
