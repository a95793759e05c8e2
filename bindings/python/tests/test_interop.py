"""Results into pyarrow, pandas and polars, and DataFrames of theirs as input."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any, Dict

import pandas as pd
import polars as pl
import pyarrow as pa

import workforce
from conftest import YE


def test_pyarrow_zero_copy(small: workforce.Workforce) -> None:
    t = small.csww(year_end=YE, by_unit=True)
    at = pa.table(t)
    assert at.column_names == t.column_names
    assert at.schema.field("year_end").type == pa.date32()
    assert at.schema.field("inpost_fte").type == pa.float64()
    assert at.schema.field("org_unit_id").type == pa.string()
    assert b"workforce.options" in at.schema.metadata
    chunk = at.column("inpost_fte").chunks[0]
    assert chunk.buffers()[1].address == t._buffer_address("inpost_fte")
    assert at.column("cases").null_count == 3
    assert t.to_pyarrow().equals(at)
    # A second export shares the same memory: results are immutable, so nothing is copied.
    assert pa.table(t).column("inpost_fte").chunks[0].buffers()[1].address == chunk.buffers()[1].address


def test_pandas(small: workforce.Workforce) -> None:
    t = small.csww(year_end=YE, by_unit=True)
    df = t.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == t.column_names
    assert df["inpost_fte"].tolist() == t.column("inpost_fte")
    assert df["year_end"].iloc[0] == dt.date(2021, 9, 30)
    assert df["cases"].isna().all()
    arrow_backed = t.to_pandas(arrow_dtypes=True)
    assert isinstance(arrow_backed["inpost_fte"].dtype, pd.ArrowDtype)
    arr = arrow_backed["inpost_fte"].array._pa_array  # the shared Arrow array
    assert arr.chunks[0].buffers()[1].address == t._buffer_address("inpost_fte")


def test_polars(small: workforce.Workforce) -> None:
    t = small.csww(year_end=YE, by_unit=True)
    df = t.to_polars()
    assert isinstance(df, pl.DataFrame)
    assert df.columns == t.column_names
    assert df.schema["year_end"] == pl.Date
    assert df["inpost_fte"].to_list() == t.column("inpost_fte")
    # polars imports Arrow memory without copying: a null-free float column is a view.
    view = df["inpost_fte"].to_numpy(allow_copy=False)
    assert view.ctypes.data == t._buffer_address("inpost_fte")
    assert pl.DataFrame(t).equals(df)


def test_dataframes_as_input(tables: Dict[str, Any]) -> None:
    ref = workforce.from_tables(**tables).csww(YE, by_unit=True).to_pylist()
    as_pandas = {k: v.to_pandas() for k, v in tables.items()}
    assert workforce.from_tables(**as_pandas).csww(YE, by_unit=True).to_pylist() == ref
    as_polars = {k: pl.from_arrow(v) for k, v in tables.items()}
    assert workforce.from_tables(**as_polars).csww(YE, by_unit=True).to_pylist() == ref
    # pandas with datetime64 columns and NaN for missing numbers, as read_csv gives them.
    pdf = {k: v.to_pandas() for k, v in tables.items()}
    for k, df in pdf.items():
        for col in df.columns:
            if col.endswith("date"):
                df[col] = pd.to_datetime(df[col])
    assert workforce.from_tables(**pdf).csww(YE, by_unit=True).to_pylist() == ref


def test_package_imports_neither_pandas_nor_polars() -> None:
    code = (
        "import sys, workforce\n"
        "wf = workforce.from_tables\n"
        "assert 'pandas' not in sys.modules, 'pandas'\n"
        "assert 'polars' not in sys.modules, 'polars'\n"
        "assert 'pyarrow' not in sys.modules, 'pyarrow'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
