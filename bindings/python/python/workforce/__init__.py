"""Children's social work workforce figures (DfE CSWW) from a council's HR data.

The computations run in the Rust library ``workforce``; this package is a thin layer over its
private extension module ``workforce._workforce``. Results are immutable ``Table`` objects
that implement the Arrow PyCapsule interface and convert with ``to_pandas()``,
``to_polars()`` or ``pyarrow.table(t)``. Neither pandas nor polars is imported by this
package itself.

Quick start::

    >>> import workforce
    >>> wf = workforce.load("path/to/data-folder")        # or workforce.demo()
    >>> wf.csww(year_end="2021-09-30").to_pandas()
    >>> wf.series("2020-10-01", "2021-09-30", scope="all").to_polars()
    >>> wf.explain("turnover_rate_fte", year_end="2021-09-30")
    >>> wf.survival(from_="2019-10-01", to="2021-09-30", medians=True)   # HR measures
    >>> workforce.import_("import.toml", "canonical/").rejections      # legacy import
    >>> workforce.compare("839", 2021, with_=["Dorset"])                 # DfE comparators
    >>> wf.councillors_report("2021-09-30", la="839", html="report.html")
    >>> wf.census_xml("2021-09-30", la="839").write("csww_2021.xml")    # census return
    >>> wf.cool_off("2020-10-01", "2021-09-30")                          # agency rules

Metric methods take the library's options as keyword arguments (see ``default_options()``);
the defaults reproduce DfE's published method.
"""

from __future__ import annotations

import json as _json
from typing import Any, Dict

from . import _workforce
from ._errors import (
    ConfigError,
    InternalError,
    InvalidArgumentError,
    InvalidDataError,
    IoError,
    MissingDataError,
    WorkforceError,
)
from ._workforce import (
    CSWW_COLUMNS,
    OPTION_NAMES,
    TABLE_NAMES,
    AgencyReturn,
    CensusExport,
    ImportResult,
    LoadReport,
    Table,
    Workforce,
    compare,
    demo,
    from_tables,
    generate,
    import_,
    load,
    read_census,
)

#: Alias of ``import_`` (``import`` is a Python keyword).
import_legacy = import_

__version__: str = _workforce.__version__

__all__ = [
    "CSWW_COLUMNS",
    "OPTION_NAMES",
    "TABLE_NAMES",
    "AgencyReturn",
    "CensusExport",
    "ConfigError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidDataError",
    "ImportResult",
    "IoError",
    "LoadReport",
    "MissingDataError",
    "Table",
    "Workforce",
    "WorkforceError",
    "compare",
    "default_options",
    "demo",
    "from_tables",
    "generate",
    "import_",
    "import_legacy",
    "load",
    "read_census",
    "__version__",
]


def default_options() -> Dict[str, Any]:
    """The metric options and their defaults (DfE's CSWW method), as a dict.

    Every key can be given as a keyword argument to a metric method.

    Example:
        >>> workforce.default_options()["turnover_denominator"]
        'end_stock'
    """
    result: Dict[str, Any] = _json.loads(_workforce._default_options_json())
    return result
