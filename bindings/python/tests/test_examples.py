"""The example notebook and script run end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "python"


def test_notebook_runs(tmp_path: Path) -> None:
    nb = nbformat.read(EXAMPLES / "workforce_tour.ipynb", as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "the turnover trend and agency charts"
    text = "".join(str(o.get("text", "")) for o in outputs)
    assert "the same figures from DataFrames" in text
    assert "InvalidDataError" in text


def test_script_runs(tmp_path: Path) -> None:
    chart = tmp_path / "turnover.png"
    env = {**os.environ, "MPLBACKEND": "Agg"}
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "workforce_tour.py"), "--chart", str(chart)],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    assert "inpost_fte" in out and "turnover_rate_12m" in out
    assert chart.stat().st_size > 1000
