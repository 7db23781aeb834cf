"""Statistics, the Markdown table with the goals beside it, and the machine it ran on."""

from __future__ import annotations

import math
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


# Statistics and the table --------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@dataclass(slots=True)
class Cell:
    text: str
    met: bool | None = None


@dataclass(slots=True)
class Row:
    label: str
    goal: str
    cells: dict[int, Cell] = field(default_factory=dict)


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.0f} ms"


def ms(value: float) -> str:
    return f"{value * 1000:.1f}" if value < 0.01 else f"{value * 1000:.0f}"


def mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MB"


def _mark(cell: Cell) -> str:
    if cell.met is None:
        return cell.text
    return f"{cell.text} {'✓' if cell.met else '✗'}"


def render_table(rows: Sequence[Row], sizes: Sequence[int]) -> str:
    header = ["Measurement", "Goal", *(f"{size:,} files" for size in sizes), "Goal met"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for row in rows:
        cells = [row.cells.get(size, Cell("—")) for size in sizes]
        lines.append(
            "| "
            + " | ".join([row.label, row.goal, *(_mark(cell) for cell in cells), _met(row, sizes)])
            + " |"
        )
    return "\n".join(lines)


def _met(row: Row, sizes: Sequence[int]) -> str:
    judged = [(size, row.cells[size].met) for size in sizes if size in row.cells]
    judged = [(size, met) for size, met in judged if met is not None]
    if not judged:
        return "n/a" if row.goal != "—" else ""
    if all(met for _, met in judged):
        return "yes"
    if not any(met for _, met in judged):
        return "no"
    return "at " + ", ".join(f"{size:,}" for size, met in judged if met)


def machine_description(corpus_base: Path) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = f", Textual {version('textual')}"
    except ImportError:
        textual = ""
    load = os.getloadavg()[0]
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}{textual}; load average {load:.1f} at start; "
        f"corpus written to {corpus_base} (read from the page cache)."
    )
