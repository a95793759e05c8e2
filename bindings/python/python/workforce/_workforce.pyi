"""Type stubs of the private extension module (checked with ``python -m mypy.stubtest``)."""

import datetime
import os
import pathlib
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, final

_Date = Union[datetime.date, str]
_Option = Union[str, int, float, bool, Sequence[int], Sequence[str], Dict[int, str]]

__all__ = [
    "__version__",
    "_default_options_json",
    "_raise_error",
    "AgencyReturn",
    "CSWW_COLUMNS",
    "CensusExport",
    "ImportResult",
    "LoadReport",
    "OPTION_NAMES",
    "TABLE_NAMES",
    "Table",
    "Workforce",
    "compare",
    "demo",
    "from_tables",
    "generate",
    "import_",
    "load",
    "read_census",
]

__version__: str
CSWW_COLUMNS: List[str]
OPTION_NAMES: List[str]
TABLE_NAMES: List[str]

@final
class Table:
    """An immutable table of results (Arrow PyCapsule interface)."""

    @property
    def num_rows(self) -> int: ...
    @property
    def num_columns(self) -> int: ...
    @property
    def column_names(self) -> List[str]: ...
    @property
    def schema_types(self) -> List[Tuple[str, str]]: ...
    @property
    def options(self) -> Dict[str, Any]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, key: str, /) -> List[Any]: ...
    def __contains__(self, key: str, /) -> bool: ...
    def column(self, name: str) -> List[Any]: ...
    def to_dict(self) -> Dict[str, List[Any]]: ...
    def to_pylist(self) -> List[Dict[str, Any]]: ...
    def to_csv(self) -> str: ...
    def to_json(self) -> str: ...
    def to_text(self) -> str: ...
    def _repr_html_(self) -> str: ...
    def __arrow_c_schema__(self) -> object: ...
    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...
    def to_pyarrow(self) -> Any: ...
    def to_pandas(self, *, arrow_dtypes: bool = False) -> Any: ...
    def to_polars(self) -> Any: ...
    def _buffer_address(self, name: str) -> int: ...

@final
class LoadReport:
    """What a load found, as tables."""

    @property
    def summary(self) -> Table: ...
    @property
    def rejections(self) -> Table: ...
    @property
    def warnings(self) -> Table: ...
    @property
    def is_clean(self) -> bool: ...

@final
class ImportResult:
    """The legacy-import report, as tables."""

    @property
    def summary(self) -> Table: ...
    @property
    def rejections(self) -> Table: ...
    @property
    def warnings(self) -> Table: ...
    @property
    def matches(self) -> Table: ...
    @property
    def continuity(self) -> Table: ...
    @property
    def out(self) -> pathlib.Path: ...
    @property
    def is_clean(self) -> bool: ...

@final
class AgencyReturn:
    """The quarterly agency data for one calendar quarter, as tables."""

    @property
    def quarter_start(self) -> datetime.date: ...
    @property
    def quarter_end(self) -> datetime.date: ...
    @property
    def by_team(self) -> Table: ...
    @property
    def lengths(self) -> Table: ...
    @property
    def assignments(self) -> Table: ...
    @property
    def churn(self) -> Table: ...

@final
class CensusExport:
    """The CSWW census XML return and the records it could not fill."""

    @property
    def xml(self) -> str: ...
    @property
    def issues(self) -> Table: ...
    @property
    def warnings(self) -> List[str]: ...
    @property
    def year(self) -> int: ...
    @property
    def records(self) -> int: ...
    @property
    def employee_records(self) -> int: ...
    @property
    def agency_records(self) -> int: ...
    @property
    def duplicates_removed(self) -> int: ...
    def to_text(self) -> str: ...
    def to_json(self) -> str: ...
    def write(self, path: Union[str, "os.PathLike[str]"]) -> None: ...

@final
class Workforce:
    """A council's workforce data, indexed; every metric is a method returning a ``Table``."""

    def csww(
        self,
        year_end: Union[_Date, Sequence[_Date]],
        *,
        unit: Optional[str] = None,
        by_unit: bool = False,
        **options: _Option,
    ) -> Table: ...
    def measures(
        self,
        start: Optional[_Date] = None,
        end: Optional[_Date] = None,
        *,
        year_end: Optional[_Date] = None,
        unit: Optional[str] = None,
        by_unit: bool = False,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def by_job_family(
        self,
        start: Optional[_Date] = None,
        end: Optional[_Date] = None,
        *,
        year_end: Optional[_Date] = None,
        unit: Optional[str] = None,
        **options: _Option,
    ) -> Table: ...
    def series(
        self,
        start: _Date,
        end: _Date,
        *,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def agency_length_bands(
        self,
        date: _Date,
        *,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def agency_by_unit(
        self,
        date: _Date,
        *,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def explain(
        self,
        metric: str,
        start: Optional[_Date] = None,
        end: Optional[_Date] = None,
        *,
        year_end: Optional[_Date] = None,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def survival(
        self,
        *,
        from_: _Date,
        to: _Date,
        group_by: str = "none",
        time_unit: str = "months",
        conf_type: str = "log",
        conf_level: float = 0.95,
        medians: bool = False,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def stability(
        self,
        *,
        to: _Date,
        view: str = "index",
        from_: Optional[_Date] = None,
        by_unit: bool = False,
        bands: Optional[Sequence[float]] = None,
        window_days: int = 90,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def sickness(
        self,
        *,
        from_: _Date,
        to: _Date,
        view: str = "summary",
        by_unit: bool = False,
        window_days: int = 364,
        bradford_days: str = "calendar",
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def caseload(
        self,
        *,
        date: _Date,
        group_by: str = "none",
        exclude_managers: bool = False,
        nq_weight: Optional[float] = None,
        per_fte: bool = False,
        include_zero: bool = False,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def child_changes(
        self,
        *,
        year_end: _Date,
        count: str = "distinct",
        cohort: str = "cla",
        threshold: int = 3,
        **options: _Option,
    ) -> Table: ...
    def casework(
        self,
        *,
        from_: _Date,
        to: _Date,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def pay(
        self,
        *,
        date: Optional[_Date] = None,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def leavers(
        self,
        *,
        from_: _Date,
        to: _Date,
        by: Union[str, Sequence[str], None] = None,
        bands: Optional[Sequence[float]] = None,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def agency_churn(
        self,
        *,
        from_: _Date,
        to: _Date,
        period: str = "month",
        lengths: bool = False,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def cost(
        self,
        *,
        view: str = "monthly",
        from_: Optional[_Date] = None,
        to: Optional[_Date] = None,
        date: Optional[_Date] = None,
        convert: Union[str, Sequence[str], None] = None,
        hours_per_week: float = 37.0,
        on_cost_rate: float = 0.0,
        unit: Optional[str] = None,
        scope: str = "csww",
        **options: _Option,
    ) -> Table: ...
    def recruitment(
        self,
        *,
        before: _Date,
        after: _Date,
        exclude_unknown_type: bool = False,
        unit: Optional[str] = None,
        **options: _Option,
    ) -> Table: ...
    def councillors_report(
        self,
        year_end: _Date,
        *,
        la: Union[str, int, None] = None,
        with_: Union[str, Sequence[str], None] = None,
        html: Union[str, "os.PathLike[str]", None] = None,
        xlsx: Union[str, "os.PathLike[str]", None] = None,
        publication: bool = False,
        threshold: float = 5.0,
        unit: Optional[str] = None,
        title: Optional[str] = None,
        as_of: Optional[_Date] = None,
        dfe: Union[str, "os.PathLike[str]", None] = None,
        neighbours: Union[str, "os.PathLike[str]", None] = None,
        cool_off_months: int = 3,
        **options: _Option,
    ) -> Optional[str]: ...
    def census_xml(
        self,
        year_end: _Date,
        la: Union[str, int],
        *,
        pseudonymise_key: Union[bytes, str, "os.PathLike[str]", None] = None,
        settings: Union[Dict[str, Any], str, "os.PathLike[str]", None] = None,
        **options: _Option,
    ) -> CensusExport: ...
    def agency_return(
        self, date: _Date, *, unit: Optional[str] = None, **options: _Option
    ) -> AgencyReturn: ...
    def cool_off(
        self, from_: _Date, to: _Date, *, months: int = 3, **options: _Option
    ) -> Table: ...
    @property
    def report(self) -> Optional[LoadReport]: ...
    def write(self, path: Union[str, "os.PathLike[str]"]) -> None: ...
    def unit_ids(self) -> List[str]: ...
    def job_families(self) -> List[str]: ...
    def table(self, name: str) -> Optional[Table]: ...
    def _bench_csww(
        self, year_end: Union[_Date, Sequence[_Date]], *, by_unit: bool = False, repeat: int = 5
    ) -> float: ...

def load(path: Union[str, "os.PathLike[str]"], *, strict: bool = False) -> Workforce: ...
def read_census(path: Union[str, "os.PathLike[str]"], *, strict: bool = False) -> Workforce: ...
def from_tables(
    org_units: object,
    people: object,
    posts: object,
    contracts: object,
    agency_assignments: object,
    absences: object,
    *,
    er_cases: Optional[object] = None,
    case_allocations: Optional[object] = None,
    care_periods: Optional[object] = None,
    bank_holidays: Optional[object] = None,
    strict: bool = False,
) -> Workforce: ...
def demo() -> Workforce: ...
def import_(
    config_path: Union[str, "os.PathLike[str]"],
    out: Union[str, "os.PathLike[str]"],
    *,
    previous: Union[str, "os.PathLike[str]", None] = None,
    strict: bool = False,
) -> ImportResult: ...
def generate(
    people: int = 600,
    *,
    seed: int = 1,
    start: Optional[_Date] = None,
    end: Optional[_Date] = None,
    anchor: Optional[_Date] = None,
    council: str = "typical",
    cases: bool = True,
) -> Workforce: ...
def compare(
    la: Union[str, int],
    year: int,
    *,
    with_: Union[str, Sequence[str], None] = None,
    aggregates: Union[str, Sequence[str], None] = None,
    measures: Union[str, Sequence[str], None] = None,
    dfe: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], None] = None,
    neighbours: Union[str, "os.PathLike[str]", None] = None,
    release: Optional[str] = None,
    ofsted: Union[str, "os.PathLike[str]", None] = None,
    ofsted_date: Optional[_Date] = None,
    own: Union[Table, Workforce, None] = None,
    own_label: Optional[str] = None,
    working_days: Optional[float] = None,
) -> Table: ...
def _default_options_json() -> str: ...
def _raise_error(
    kind: str,
    message: str,
    *,
    file: Optional[str] = None,
    row: Optional[int] = None,
    column: Optional[str] = None,
    value: Optional[str] = None,
) -> None: ...
