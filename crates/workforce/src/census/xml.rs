//! Writing the census XML in each year's element order, and reading it back defensively.

use super::{CensusReturn, Gender, Header, LaLevel, LaSettings, Layout, Worker};
use crate::error::{Error, ErrorKind, Result};
use crate::model::Date;
use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::fmt::Write as _;
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

struct Out {
    s: String,
}

impl Out {
    fn open(&mut self, depth: usize, name: &str) {
        let _ = writeln!(self.s, "{:w$}<{name}>", "", w = depth * 2);
    }
    fn close(&mut self, depth: usize, name: &str) {
        let _ = writeln!(self.s, "{:w$}</{name}>", "", w = depth * 2);
    }
    fn item(&mut self, depth: usize, name: &str, value: &str) {
        if value.is_empty() {
            let _ = writeln!(self.s, "{:w$}<{name}></{name}>", "", w = depth * 2);
        } else {
            let _ = writeln!(
                self.s,
                "{:w$}<{name}>{}</{name}>",
                "",
                escape(value),
                w = depth * 2
            );
        }
    }
    fn opt(&mut self, depth: usize, name: &str, value: Option<String>) {
        if let Some(v) = value {
            self.item(depth, name, &v);
        }
    }
}

fn dec(x: f64, dp: usize) -> String {
    let s = format!("{x:.dp$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

fn yn(b: bool) -> String {
    if b { "1" } else { "0" }.to_string()
}

/// Write a return as census XML in the layout of its collection year (2021–2025).
///
/// Items the year's schema does not have are left out (`QualInst` and `CFKSSstatus` from 2025,
/// the pay items before 2025, `GenderCurrent` codes 0/9 from 2024 since `Sex` has only M/F);
/// `QualInst`, required to 2024, is written empty when unknown.
pub fn to_xml(ret: &CensusReturn) -> Result<String> {
    let year = ret
        .year()
        .ok_or_else(|| Error::invalid_argument("the return has no collection year"))?;
    let layout = Layout::for_year(year)?;
    let mut o = Out {
        s: String::with_capacity(1024 + ret.workers.len() * 900),
    };
    o.s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.open(0, "Message");
    let h = &ret.header;
    o.open(1, "Header");
    o.open(2, "CollectionDetails");
    o.item(3, "Collection", "CSWW");
    o.item(3, "Year", &year.to_string());
    o.opt(
        3,
        "ReferenceDate",
        ret.reference_date().map(|d| d.to_string()),
    );
    o.close(2, "CollectionDetails");
    o.open(2, "Source");
    o.item(3, "SourceLevel", "L");
    o.item(3, "LEA", h.lea.as_deref().unwrap_or(""));
    o.opt(3, "SoftwareCode", h.software_code.clone());
    o.opt(
        3,
        "DateTime",
        h.date_time
            .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
    );
    o.close(2, "Source");
    o.close(1, "Header");

    let la = &ret.la_level;
    let el = layout.la_element();
    o.open(1, el);
    o.item(2, "NumberOfVacancies", &dec(la.vacancies_fte, 2));
    o.item(2, "NoAgencyFTE", &dec(la.agency_cover_fte, 2));
    o.item(
        2,
        "NoAgencyHeadcount",
        &la.agency_cover_headcount.to_string(),
    );
    if layout.has_pay() {
        let pay = la.pay.as_ref().ok_or_else(|| {
            Error::missing_data(format!(
                "the {year} census needs the LA-level pay and allowance answers"
            ))
        })?;
        for (name, v) in pay.items() {
            o.item(2, name, &v.to_string());
        }
        o.item(2, "OtherAllowances", &pay.other_allowances);
    }
    o.close(1, el);

    for w in &ret.workers {
        write_worker(&mut o, w, layout);
    }
    o.close(0, "Message");
    Ok(o.s)
}

fn write_worker(o: &mut Out, w: &Worker, layout: Layout) {
    let d = 2;
    o.open(1, "CSWWWorker");
    o.item(d, "AgencyWorker", &yn(w.agency));
    o.item(d, "SWENo", &w.swe_no);
    o.opt(d, "FTE", w.fte.map(|x| dec(x, 6)));
    o.opt(d, "PersonBirthDate", w.birth_date.map(|x| x.to_string()));
    if layout.uses_sex() {
        o.opt(d, "Sex", w.gender.and_then(Gender::sex).map(String::from));
    } else {
        o.opt(
            d,
            "GenderCurrent",
            w.gender.map(|g| g.gender_current().to_string()),
        );
    }
    o.opt(d, "Ethnicity", w.ethnicity.clone());
    if layout.has_qual_inst() {
        if w.qual_inst.is_empty() {
            o.item(d, "QualInst", "");
        }
        for q in &w.qual_inst {
            o.item(d, "QualInst", q);
        }
    }
    o.opt(d, "QualLevel", w.qual_level.map(|x| x.to_string()));
    o.opt(d, "StepUpGrad", w.step_up_grad.map(yn));
    o.opt(d, "OrgRole", w.org_role.map(|x| x.to_string()));
    o.opt(d, "RoleStartDate", w.role_start_date.map(|x| x.to_string()));
    o.opt(d, "StartOrigin", w.start_origin.map(|x| x.to_string()));
    o.opt(d, "RoleEndDate", w.role_end_date.map(|x| x.to_string()));
    o.opt(
        d,
        "LeaverDestination",
        w.leaver_destination.map(|x| x.to_string()),
    );
    o.opt(d, "ReasonLeave", w.reason_leave.map(|x| x.to_string()));
    o.opt(d, "FTE30", w.fte30.map(|x| dec(x, 6)));
    o.opt(d, "Cases30", w.cases30.map(|x| x.to_string()));
    o.opt(d, "WorkingDaysLost", w.working_days_lost.map(|x| dec(x, 2)));
    for c in &w.contract_weeks {
        o.item(d, "ContractWeeks", &dec(*c, 1));
    }
    o.opt(d, "FrontlineGrad", w.frontline_grad.map(yn));
    for a in &w.absent_30_sept {
        o.item(d, "Absat30Sept", &yn(*a));
    }
    for r in &w.reason_absence {
        o.item(d, "ReasonAbsence", r);
    }
    if layout.has_cfkss() {
        for c in &w.cfkss_status {
            o.item(d, "CFKSSstatus", &c.to_string());
        }
    }
    if layout.has_pay() {
        o.opt(d, "BaseSalary", w.base_salary.map(|x| dec(x, 2)));
        o.opt(d, "RRPayments", w.rr_payments.map(|x| dec(x, 2)));
        o.opt(d, "OtherPayments", w.other_payments.map(|x| dec(x, 2)));
    }
    o.close(1, "CSWWWorker");
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Bounds on the input of [`parse_with_limits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes (default 64 MiB).
    pub max_bytes: usize,
    /// Deepest element nesting accepted (default 16; a census file needs 4).
    pub max_depth: usize,
    /// Most worker records accepted (default 1,000,000).
    pub max_workers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_depth: 16,
            max_workers: 1_000_000,
        }
    }
}

fn bad(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidData, msg)
}

/// Read a census XML file with the default [`Limits`].
pub fn read_file(path: &Path) -> Result<CensusReturn> {
    let limits = Limits::default();
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(&name, &e))?;
    if meta.len() > limits.max_bytes as u64 {
        return Err(bad(format!(
            "the file is {} bytes, more than the limit of {} bytes",
            meta.len(),
            limits.max_bytes
        ))
        .in_file(name));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(&name, &e))?;
    let text =
        String::from_utf8(bytes).map_err(|_| bad("the file is not UTF-8").in_file(name.clone()))?;
    parse_with_limits(&text, &limits).map_err(|e| e.in_file(name))
}

/// Parse census XML with the default [`Limits`].
pub fn parse(xml: &str) -> Result<CensusReturn> {
    parse_with_limits(xml, &Limits::default())
}

/// Parse census XML: any collection year's layout, items in any order, `LALevel` or
/// `LALevelVacancies`, `GenderCurrent` or `Sex`.
///
/// Defences: input larger than `limits.max_bytes` or nested deeper than `limits.max_depth` is
/// rejected; any DOCTYPE is rejected (so no external entity or entity-expansion attack can be
/// declared), and references to undeclared entities are errors.
pub fn parse_with_limits(xml: &str, limits: &Limits) -> Result<CensusReturn> {
    if xml.len() > limits.max_bytes {
        return Err(bad(format!(
            "the input is {} bytes, more than the limit of {} bytes",
            xml.len(),
            limits.max_bytes
        )));
    }
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let mut r = Reader::from_str(xml);
    r.config_mut().trim_text(true);
    r.config_mut().expand_empty_elements = true;
    r.config_mut().check_end_names = true;

    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut ret = CensusReturn {
        header: Header {
            year: None,
            reference_date: None,
            lea: None,
            software_code: None,
            date_time: None,
        },
        la_level: LaLevel::default(),
        workers: Vec::new(),
    };
    let mut worker: Option<Worker> = None;
    let mut la_seen = false;
    let mut pay = LaSettings::default();
    let mut pay_seen = false;
    let mut root_seen = false;
    loop {
        let pos = r.buffer_position();
        let ev = r
            .read_event()
            .map_err(|e| bad(format!("malformed XML near byte {pos}: {e}")))?;
        match ev {
            Event::DocType(_) => {
                return Err(bad(
                    "a DOCTYPE is not allowed in a census file (entity declarations are refused)",
                ))
            }
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.len() >= limits.max_depth {
                    return Err(bad(format!(
                        "elements nested deeper than {} levels",
                        limits.max_depth
                    )));
                }
                if path.is_empty() {
                    if root_seen || name != "Message" {
                        return Err(bad(format!(
                            "the root element must be Message, found {name}"
                        )));
                    }
                    root_seen = true;
                }
                if path.len() == 1 && name == "CSWWWorker" {
                    if ret.workers.len() >= limits.max_workers {
                        return Err(bad(format!(
                            "more than {} worker records",
                            limits.max_workers
                        )));
                    }
                    worker = Some(Worker::default());
                }
                if path.len() == 1 && (name == "LALevel" || name == "LALevelVacancies") {
                    if la_seen {
                        return Err(bad("more than one LA-level block"));
                    }
                    la_seen = true;
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => {
                let v = t
                    .unescape()
                    .map_err(|e| bad(format!("bad text near byte {pos}: {e}")))?;
                text.push_str(&v);
            }
            Event::CData(c) => {
                text.push_str(&String::from_utf8_lossy(&c));
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                let v = text.trim().to_string();
                text.clear();
                let ctx = |e: Error| -> Error {
                    let n = ret.workers.len() + 1;
                    Error::new(
                        e.kind(),
                        format!(
                            "{parent}/{name} ({}): {}",
                            record_label(parent, n),
                            e.message()
                        ),
                    )
                };
                match parent {
                    "CollectionDetails" => match name.as_str() {
                        "Year" => ret.header.year = Some(num::<i32>(&name, &v)?),
                        "ReferenceDate" => ret.header.reference_date = Some(date(&name, &v)?),
                        _ => {}
                    },
                    "Source" => match name.as_str() {
                        "LEA" => ret.header.lea = Some(v),
                        "SoftwareCode" => ret.header.software_code = Some(v),
                        "DateTime" => ret.header.date_time = Some(date_time(&v)?),
                        _ => {}
                    },
                    "LALevel" | "LALevelVacancies" => match name.as_str() {
                        "NumberOfVacancies" => ret.la_level.vacancies_fte = num(&name, &v)?,
                        "NoAgencyFTE" => ret.la_level.agency_cover_fte = num(&name, &v)?,
                        "NoAgencyHeadcount" => {
                            ret.la_level.agency_cover_headcount = num(&name, &v)?
                        }
                        "OtherAllowances" => {
                            pay.other_allowances = v;
                            pay_seen = true;
                        }
                        other => {
                            if let Some(slot) = pay.item_mut(other) {
                                *slot = num(other, &v)?;
                                pay_seen = true;
                            }
                        }
                    },
                    "CSWWWorker" => {
                        if let Some(w) = worker.as_mut() {
                            worker_item(w, &name, v).map_err(ctx)?;
                        }
                    }
                    _ => {}
                }
                if name == "CSWWWorker" && path.len() == 1 {
                    if let Some(w) = worker.take() {
                        ret.workers.push(w);
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::Empty(_) => {}
        }
    }
    if !root_seen {
        return Err(bad("no Message element: not a census file"));
    }
    if !path.is_empty() {
        return Err(bad(format!("unclosed element {}", path.join("/"))));
    }
    if pay_seen {
        ret.la_level.pay = Some(pay);
    }
    Ok(ret)
}

fn record_label(parent: &str, n: usize) -> String {
    if parent == "CSWWWorker" {
        format!("worker record {n}")
    } else {
        parent.to_string()
    }
}

fn num<T: std::str::FromStr>(name: &str, v: &str) -> Result<T> {
    v.parse::<T>()
        .map_err(|_| bad(format!("{name}: {v:?} is not a valid number")))
}

fn date(name: &str, v: &str) -> Result<Date> {
    Date::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| bad(format!("{name}: {v:?} is not a date (YYYY-MM-DD)")))
}

fn date_time(v: &str) -> Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S")
        .map(|t| t.and_utc())
        .map_err(|_| bad(format!("DateTime: {v:?} is not a date and time")))
}

fn flag(name: &str, v: &str) -> Result<bool> {
    match v {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(bad(format!("{name}: {v:?} is not 0 or 1"))),
    }
}

fn worker_item(w: &mut Worker, name: &str, v: String) -> Result<()> {
    match name {
        "AgencyWorker" => w.agency = flag(name, &v)?,
        "SWENo" => w.swe_no = v,
        "FTE" => w.fte = Some(num(name, &v)?),
        "PersonBirthDate" => w.birth_date = Some(date(name, &v)?),
        "GenderCurrent" | "Sex" => {
            w.gender =
                Some(Gender::parse(&v).ok_or_else(|| bad(format!("{name}: {v:?} is not a code")))?)
        }
        "Ethnicity" => w.ethnicity = Some(v),
        "QualInst" if !v.is_empty() => w.qual_inst.push(v),
        "QualInst" => {}
        "QualLevel" => w.qual_level = Some(num(name, &v)?),
        "StepUpGrad" => w.step_up_grad = Some(flag(name, &v)?),
        "OrgRole" => w.org_role = Some(num(name, &v)?),
        "RoleStartDate" => w.role_start_date = Some(date(name, &v)?),
        "StartOrigin" => w.start_origin = Some(num(name, &v)?),
        "RoleEndDate" => w.role_end_date = Some(date(name, &v)?),
        "LeaverDestination" => w.leaver_destination = Some(num(name, &v)?),
        "ReasonLeave" => w.reason_leave = Some(num(name, &v)?),
        "FTE30" => w.fte30 = Some(num(name, &v)?),
        "Cases30" => w.cases30 = Some(num(name, &v)?),
        "WorkingDaysLost" => w.working_days_lost = Some(num(name, &v)?),
        "ContractWeeks" => w.contract_weeks.push(num(name, &v)?),
        "FrontlineGrad" => w.frontline_grad = Some(flag(name, &v)?),
        "Absat30Sept" => w.absent_30_sept.push(flag(name, &v)?),
        "ReasonAbsence" => w.reason_absence.push(v),
        "CFKSSstatus" => w.cfkss_status.push(num(name, &v)?),
        "BaseSalary" => w.base_salary = Some(num(name, &v)?),
        "RRPayments" => w.rr_payments = Some(num(name, &v)?),
        "OtherPayments" => w.other_payments = Some(num(name, &v)?),
        _ => {}
    }
    Ok(())
}
