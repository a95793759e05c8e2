//! Identity across systems: SWE number, then a payroll crosswalk, then date of birth + name +
//! gender, with overrides settling cases by hand. Nothing is merged silently: every source
//! record gets a match row.

use super::report::{Issue, MatchRow};
use crate::id::Id;
use crate::model::{Date, EcoString};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};

/// One person as one source knows them.
#[derive(Clone, Debug, Default)]
pub struct Node {
    /// Source index (order of trust).
    pub src: usize,
    /// The source's own person id.
    pub local: EcoString,
    /// SWE number, normalised.
    pub swe: Option<EcoString>,
    /// Date of birth.
    pub dob: Option<Date>,
    /// (first given name, family name), lower case.
    pub name: Option<Box<(String, String)>>,
    /// Gender, normalised.
    pub gender: Option<EcoString>,
}

/// A hand-made link or separation.
#[derive(Clone, Debug)]
pub struct Pair {
    /// (source index, local id) of one record.
    pub a: (usize, String),
    /// (source index, local id) of the other.
    pub b: (usize, String),
}

/// Normalise an SWE number: upper case, no spaces; empty is none.
pub fn norm_swe(s: &str) -> Option<EcoString> {
    // Nearly always already so (upper-case ASCII, no space): one copy, inline.
    if s.bytes()
        .all(|b| b.is_ascii_graphic() && !b.is_ascii_lowercase())
    {
        return (!s.is_empty()).then(|| s.into());
    }
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    (!t.is_empty()).then(|| t.into())
}

/// Normalise a gender: `m`, `f` or the lower-cased text.
pub fn norm_gender(s: &str) -> Option<EcoString> {
    // A single letter, as most systems give it: no trimming or comparing of words.
    match s {
        "M" | "m" => return Some("m".into()),
        "F" | "f" => return Some("f".into()),
        _ => {}
    }
    let t = s.trim();
    let is = |words: &[&str]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
    if t.is_empty() {
        return None;
    }
    // The common spellings without lower-casing first (same result: they are ASCII).
    if is(&["m", "male", "man", "1"]) {
        return Some("m".into());
    }
    if is(&["f", "female", "woman", "2"]) {
        return Some("f".into());
    }
    let t = t.to_lowercase();
    Some(match t.as_str() {
        "m" | "male" | "man" | "1" => "m".into(),
        "f" | "female" | "woman" | "2" => "f".into(),
        _ => t.into(),
    })
}

/// The rule that first linked a record to another (one byte a record).
#[derive(Clone, Copy, Debug)]
enum Link {
    Override,
    Swe,
    SweDobDiffers,
    Crosswalk,
    Demographics,
}

impl Link {
    /// The rule's name and confidence, as the match report gives them.
    fn rule(self) -> (&'static str, f64) {
        match self {
            Link::Override => ("override", 1.0),
            Link::Swe => ("swe_number", 1.0),
            Link::SweDobDiffers => ("swe_number", 0.9),
            Link::Crosswalk => ("crosswalk", 0.95),
            Link::Demographics => ("dob_name_gender", 0.8),
        }
    }
}

struct Dsu {
    parent: Vec<usize>,
}

impl Dsu {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        let mut y = x;
        while self.parent[y] != r {
            let n = self.parent[y];
            self.parent[y] = r;
            y = n;
        }
        r
    }
}

/// The outcome: a canonical person id per node, the match report and warnings.
pub struct Resolved {
    /// `person_id` of each node (same order as the input).
    pub person_id: Vec<Id>,
    /// One row per node.
    pub matches: Vec<MatchRow>,
    /// Identity warnings.
    pub warnings: Vec<Issue>,
}

/// Resolve identities. `names[src]` and `prefixes[src]` describe the sources.
pub fn resolve(
    nodes: &[Node],
    names: &[Id],
    prefixes: &[String],
    crosswalk: &[Pair],
    merges: &[Pair],
    separates: &[Pair],
    demographics: bool,
) -> Resolved {
    let n = nodes.len();
    // (source, local id) → node, only needed for the hand-made pairs.
    let index: FxHashMap<(usize, &str), usize> =
        if crosswalk.is_empty() && merges.is_empty() && separates.is_empty() {
            FxHashMap::default()
        } else {
            nodes
                .iter()
                .enumerate()
                .map(|(i, nd)| ((nd.src, nd.local.as_str()), i))
                .collect()
        };
    let find = |p: &(usize, String)| index.get(&(p.0, p.1.as_str())).copied();
    let mut dsu = Dsu {
        parent: (0..n).collect(),
    };
    let mut size: Vec<u32> = vec![1; n];
    let mut link: Vec<Option<Link>> = vec![None; n];
    let mut warnings = Vec::new();
    let forbidden: FxHashSet<(usize, usize)> = separates
        .iter()
        .filter_map(|p| Some((find(&p.a)?, find(&p.b)?)))
        .flat_map(|(a, b)| [(a, b), (b, a)])
        .collect();
    // Members of each cluster (by root), kept only when some pairs are forbidden.
    let mut members: Vec<Vec<usize>> = if forbidden.is_empty() {
        Vec::new()
    } else {
        (0..n).map(|i| vec![i]).collect()
    };
    let mut union =
        |dsu: &mut Dsu, link: &mut Vec<Option<Link>>, a: usize, b: usize, rule: Link| -> bool {
            let (ra, rb) = (dsu.find(a), dsu.find(b));
            if ra == rb {
                return true;
            }
            if !forbidden.is_empty() {
                for &x in &members[ra] {
                    for &y in &members[rb] {
                        if forbidden.contains(&(x, y)) {
                            return false;
                        }
                    }
                }
            }
            let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
            dsu.parent[gone] = keep;
            size[keep] += size[gone];
            if !forbidden.is_empty() {
                let moved = std::mem::take(&mut members[gone]);
                members[keep].extend(moved);
            }
            for x in [a, b] {
                if link[x].is_none() {
                    link[x] = Some(rule);
                }
            }
            true
        };

    // 0. Overrides.
    for p in merges {
        if let (Some(a), Some(b)) = (find(&p.a), find(&p.b)) {
            union(&mut dsu, &mut link, a, b, Link::Override);
        }
    }
    // 1. SWE number: groups in number order, members in node order.
    let mut by_swe: Vec<(&str, usize)> = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, nd)| nd.swe.as_deref().map(|s| (s, i)))
        .collect();
    by_swe.sort_unstable();
    for list in by_swe.chunk_by(|a, b| a.0 == b.0) {
        let (swe, i) = list[0];
        for &(_, j) in &list[1..] {
            let dob_differs = matches!((nodes[i].dob, nodes[j].dob), (Some(x), Some(y)) if x != y);
            let rule = if dob_differs {
                Link::SweDobDiffers
            } else {
                Link::Swe
            };
            if dob_differs {
                warnings.push(Issue {
                    kind: "identity_conflict".into(),
                    column: "swe_number".into(),
                    value: swe.to_string(),
                    message: format!(
                        "{}:{} and {}:{} share SWE number {swe} but their dates of birth differ; linked by SWE number",
                        names[nodes[i].src], nodes[i].local, names[nodes[j].src], nodes[j].local
                    ),
                    ..Issue::default()
                });
            }
            union(&mut dsu, &mut link, i, j, rule);
        }
    }
    drop(by_swe);
    // 2. Crosswalk.
    for p in crosswalk {
        if let (Some(a), Some(b)) = (find(&p.a), find(&p.b)) {
            union(&mut dsu, &mut link, a, b, Link::Crosswalk);
        }
    }
    // 3. Date of birth + name + gender, across sources, only where unambiguous.
    let mut ambiguous: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    if demographics {
        type Key<'k> = (Date, &'k str, &'k str, &'k str);
        // Records by key, in key order and node order within a key: one sort, no map.
        let mut keyed: Vec<(Key, usize)> = nodes
            .iter()
            .enumerate()
            .filter_map(|(i, nd)| match (nd.dob, nd.name.as_deref(), &nd.gender) {
                (Some(d), Some((f, l)), Some(g)) => {
                    Some(((d, f.as_str(), l.as_str(), g.as_str()), i))
                }
                _ => None,
            })
            .collect();
        keyed.sort_unstable();
        // A key held by one record links nothing.
        let groups = keyed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1);
        for group in groups {
            let list: &[usize] = &group.iter().map(|&(_, i)| i).collect::<Vec<_>>();
            // Distinct clusters per source.
            let mut per_src: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
            for &i in list {
                per_src.entry(nodes[i].src).or_default().insert(dsu.find(i));
            }
            if per_src.len() < 2 {
                continue;
            }
            let clusters: BTreeSet<usize> = list.iter().map(|&i| dsu.find(i)).collect();
            if clusters.len() < 2 {
                continue;
            }
            if per_src.values().any(|c| c.len() > 1) {
                for &i in list {
                    let others: Vec<usize> = list.iter().copied().filter(|&j| j != i).collect();
                    ambiguous.insert(i, others);
                }
                continue;
            }
            // SWE numbers that differ mean different people.
            let swes: BTreeSet<&str> = list
                .iter()
                .filter_map(|&i| nodes[i].swe.as_deref())
                .collect();
            if swes.len() > 1 {
                for &i in list {
                    let others: Vec<usize> = list.iter().copied().filter(|&j| j != i).collect();
                    ambiguous.insert(i, others);
                }
                continue;
            }
            for &j in &list[1..] {
                union(&mut dsu, &mut link, list[0], j, Link::Demographics);
            }
        }
    }

    // Canonical ids: the most trusted member's id.
    const NONE: usize = usize::MAX;
    let mut best = vec![NONE; n];
    for i in 0..n {
        let r = dsu.find(i);
        let b = &mut best[r];
        if *b == NONE {
            *b = i;
        } else {
            let (a, c) = (&nodes[*b], &nodes[i]);
            if (c.src, &c.local) < (a.src, &a.local) {
                *b = i;
            }
        }
    }
    // Interned once per cluster.
    let mut of_root: Vec<Option<Id>> = vec![None; n];
    let mut person_id = Vec::with_capacity(n);
    for i in 0..n {
        let r = dsu.find(i);
        let id = *of_root[r].get_or_insert_with(|| {
            let b = &nodes[best[r]];
            let mut id = EcoString::with_capacity(prefixes[b.src].len() + b.local.len());
            id.push_str(&prefixes[b.src]);
            id.push_str(&b.local);
            Id::new(&id)
        });
        person_id.push(id);
    }
    let mut matches = Vec::with_capacity(n);
    for (i, nd) in nodes.iter().enumerate() {
        let r = dsu.find(i);
        let size = size[r];
        let (status, rule, conf) = if size > 1 {
            let (rule, c) = link[i].map_or(("", 1.0), Link::rule);
            ("matched", rule, Some(c))
        } else if ambiguous.contains_key(&i) {
            ("ambiguous", "dob_name_gender", None)
        } else {
            ("unmatched", "", None)
        };
        let candidates = ambiguous
            .get(&i)
            .filter(|_| size == 1)
            .map(|v| {
                v.iter()
                    .map(|&j| format!("{}:{}", names[nodes[j].src], nodes[j].local))
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .unwrap_or_default();
        matches.push(MatchRow {
            person_id: person_id[i],
            source: names[nd.src],
            local_id: nd.local.clone(),
            status,
            rule,
            confidence: conf,
            candidates,
        });
    }
    Resolved {
        person_id,
        matches,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::norm_swe;

    #[test]
    fn swe_numbers_upper_case_without_spaces() {
        assert_eq!(norm_swe("SW12345").as_deref(), Some("SW12345"));
        assert_eq!(norm_swe("sw 12345").as_deref(), Some("SW12345"));
        assert_eq!(norm_swe(" Sw\t1 2 ").as_deref(), Some("SW12"));
        assert_eq!(norm_swe("ß1").as_deref(), Some("SS1"));
        assert_eq!(norm_swe("   "), None);
        assert_eq!(norm_swe(""), None);
    }
}
