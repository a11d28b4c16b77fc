"""What /proc says of a served app's processes: which they are, their CPU time and memory."""

from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
FIELDS = ("VmHWM", "VmRSS", "Pss", "Private")


def tree(pid: int) -> list[int]:
    """The process and its children (gunicorn's master and workers)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid, *(int(c) for c in children)]


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def process_kb(pid: int) -> dict[str, int]:
    """VmHWM and VmRSS from status; Pss and Private (clean + dirty) from smaps_rollup."""
    kb = dict.fromkeys(FIELDS, 0)
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            kb[name] = int(value.split()[0])
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == "Pss":
            kb["Pss"] = int(value.split()[0])
        elif name in ("Private_Clean", "Private_Dirty"):
            kb["Private"] += int(value.split()[0])
    return kb


def peak_rss_mb(pids: list[int]) -> float:
    """Sum of VmHWM: pages shared with the master are counted again in every worker."""
    return sum(process_kb(pid)["VmHWM"] for pid in pids) / 1024


def pss_mb(pids: list[int]) -> float:
    """Sum of Pss: shared pages split between the processes."""
    return sum(process_kb(pid)["Pss"] for pid in pids) / 1024
