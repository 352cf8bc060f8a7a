"""The pabulib format: reading any valid `.pb` file, writing one from a Parlons election."""

from parlons.budgets.counting.pabulib.reader import parse_pabulib, read_pabulib
from parlons.budgets.counting.pabulib.writer import format_exact, write_pabulib

__all__ = ["format_exact", "parse_pabulib", "read_pabulib", "write_pabulib"]
