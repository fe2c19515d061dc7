"""String-level extraction grammar: dates, money amounts and percentages."""

from .amounts import MoneyHit, PercentHit, find_money, find_percents
from .dates import DateHit, find_dates

__all__ = [
    "DateHit",
    "MoneyHit",
    "PercentHit",
    "find_dates",
    "find_money",
    "find_percents",
]
