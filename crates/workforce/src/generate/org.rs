//! The council's structure: the org tree, its teams and the establishment (funded posts).

use super::util::{id, Horizon, Random, OPEN};
use crate::model::{Id, OrgUnit};

/// The kind of a team: what it does and how it is staffed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Leadership,
    Mash,
    Assessment,
    Cff,
    ChildrenInCare,
    LeavingCare,
    Conference,
    Disabled,
    Fostering,
    Court,
    Adolescents,
    Quality,
    OutOfHours,
    EdPsych,
    BusinessSupport,
}

impl Kind {
    /// Do the team's social workers (and personal advisers) hold children's cases?
    pub fn holds_cases(self) -> bool {
        matches!(
            self,
            Kind::Mash
                | Kind::Assessment
                | Kind::Cff
                | Kind::ChildrenInCare
                | Kind::LeavingCare
                | Kind::Disabled
                | Kind::Court
                | Kind::Adolescents
        )
    }
}

/// Profession of a post or contract (`job_family`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    SocialWork,
    EdPsych,
    PersonalAdviser,
    BusinessSupport,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::SocialWork => "social_work",
            Family::EdPsych => "educational_psychology",
            Family::PersonalAdviser => "personal_adviser",
            Family::BusinessSupport => "business_support",
        }
    }
}

/// Staffing dynamics of a team kind.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rates {
    /// Share of posts vacant at a stock date.
    pub vacancy: f64,
    /// Share of vacant posts covered by an agency worker.
    pub cover: f64,
    /// Agency workers over establishment, per post.
    pub additional: f64,
    /// Leavers per year per filled post.
    pub turnover: f64,
}

/// One team kind: name, service, size in the story council and its rates there.
struct KindSpec {
    kind: Kind,
    name: &'static str,
    service: usize,
    posts: usize,
    story: Rates,
}

const fn r(vacancy: f64, cover: f64, additional: f64, turnover: f64) -> Rates {
    Rates {
        vacancy,
        cover,
        additional,
        turnover,
    }
}

/// Directorates (parent: the council).
const DIRECTORATES: [&str; 3] = ["Children's Services", "Education and Skills", "Resources"];

/// Services: name and directorate.
const SERVICES: [(&str, usize); 7] = [
    ("Children's Social Care", 0),
    ("Front Door", 0),
    ("Children and Families", 0),
    ("Corporate Parenting", 0),
    ("Quality and Safeguarding", 0),
    ("Inclusion", 1),
    ("Business Support Services", 2),
];

/// The team kinds. Sizes and rates are those of the scrutiny-report council.
const KINDS: [KindSpec; 15] = [
    KindSpec {
        kind: Kind::Leadership,
        name: "Senior Leadership",
        service: 0,
        posts: 10,
        story: r(0.25, 0.5, 0.0, 0.25),
    },
    KindSpec {
        kind: Kind::Mash,
        name: "MASH",
        service: 1,
        posts: 30,
        story: r(0.37, 0.9, 0.3, 0.36),
    },
    KindSpec {
        kind: Kind::Assessment,
        name: "Assessment",
        service: 1,
        posts: 36,
        story: r(0.67, 0.92, 0.4, 0.40),
    },
    KindSpec {
        kind: Kind::OutOfHours,
        name: "Out of Hours",
        service: 1,
        posts: 14,
        story: r(0.2, 0.3, 0.0, 0.25),
    },
    KindSpec {
        kind: Kind::Cff,
        name: "Children and Families First",
        service: 2,
        posts: 40,
        story: r(0.35, 0.55, 0.2, 0.36),
    },
    KindSpec {
        kind: Kind::Court,
        name: "Court and Permanence",
        service: 2,
        posts: 38,
        story: r(0.25, 0.45, 0.06, 0.36),
    },
    KindSpec {
        kind: Kind::Disabled,
        name: "Disabled Children",
        service: 2,
        posts: 28,
        story: r(0.25, 0.4, 0.05, 0.30),
    },
    KindSpec {
        kind: Kind::Adolescents,
        name: "Adolescent Support",
        service: 2,
        posts: 28,
        story: r(0.30, 0.5, 0.06, 0.36),
    },
    KindSpec {
        kind: Kind::ChildrenInCare,
        name: "Children in Care",
        service: 3,
        posts: 40,
        story: r(0.25, 0.45, 0.06, 0.33),
    },
    KindSpec {
        kind: Kind::LeavingCare,
        name: "Leaving Care",
        service: 3,
        posts: 20,
        story: r(0.2, 0.3, 0.0, 0.25),
    },
    KindSpec {
        kind: Kind::Fostering,
        name: "Fostering",
        service: 3,
        posts: 26,
        story: r(0.2, 0.3, 0.0, 0.28),
    },
    KindSpec {
        kind: Kind::Conference,
        name: "Conference and Review",
        service: 4,
        posts: 16,
        story: r(0.2, 0.5, 0.0, 0.30),
    },
    KindSpec {
        kind: Kind::Quality,
        name: "Quality Assurance",
        service: 4,
        posts: 12,
        story: r(0.2, 0.3, 0.0, 0.25),
    },
    KindSpec {
        kind: Kind::EdPsych,
        name: "Educational Psychology",
        service: 5,
        posts: 12,
        story: r(0.15, 0.3, 0.0, 0.15),
    },
    KindSpec {
        kind: Kind::BusinessSupport,
        name: "Business Support",
        service: 6,
        posts: 30,
        story: r(0.08, 0.2, 0.04, 0.15),
    },
];

/// Which council the generator builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavour {
    /// The council of the scrutiny report: high vacancy, agency and turnover.
    Story,
    /// A council near the national averages.
    Typical,
}

fn rates(spec: &KindSpec, flavour: Flavour) -> Rates {
    let s = spec.story;
    match flavour {
        Flavour::Story => s,
        Flavour::Typical => Rates {
            vacancy: s.vacancy * 0.5,
            cover: s.cover * 0.7,
            additional: s.additional * 0.4,
            turnover: if spec.kind == Kind::BusinessSupport {
                0.12
            } else {
                0.16
            },
        },
    }
}

/// Largest number of posts in one team; bigger establishments get more teams of the kind.
const MAX_TEAM_POSTS: usize = 40;

/// A team: an org unit with staff.
#[derive(Clone, Debug)]
pub(crate) struct Team {
    pub unit_id: String,
    pub kind: Kind,
    pub rates: Rates,
    /// 0 for the first team of its kind, 1 for the second, ...
    pub replica: usize,
}

/// A funded post, in day numbers.
#[derive(Clone, Debug)]
pub(crate) struct PostSeed {
    pub team: u32,
    pub role: Option<u8>,
    pub family: Family,
    pub fte: f64,
    pub start: i32,
    /// Day the post is deleted (exclusive), or `OPEN`.
    pub end: i32,
    pub open_at_anchor: bool,
}

/// The council: org units, teams and posts.
pub(crate) struct Establishment {
    pub units: Vec<OrgUnit>,
    pub teams: Vec<Team>,
    pub posts: Vec<PostSeed>,
    /// Teams of each kind, by `Kind as usize`.
    by_kind: Vec<Vec<u32>>,
}

impl Establishment {
    /// The team of a kind paired with replica `replica` of another kind, if the kind exists.
    pub fn team_of(&self, kind: Kind, replica: usize) -> Option<u32> {
        let of_kind = &self.by_kind[kind as usize];
        (!of_kind.is_empty()).then(|| of_kind[replica % of_kind.len()])
    }
}

fn unit(n: usize, name: &str, parent: Option<&str>, kind: &str) -> OrgUnit {
    OrgUnit {
        org_unit_id: id('U', n, 4).into(),
        name: name.to_string(),
        parent_id: parent.map(Id::new),
        kind: Some(kind.to_string().into()),
    }
}

/// Build the council with every kind's post count multiplied by `scale`.
pub(crate) fn build(flavour: Flavour, scale: f64, h: &Horizon, rng: &mut Random) -> Establishment {
    let mut units = vec![unit(0, "Demo Council", None, "council")];
    for d in DIRECTORATES {
        units.push(unit(units.len(), d, Some("U0000"), "directorate"));
    }
    let first_service = units.len();
    for (s, dir) in SERVICES {
        let parent = units[1 + dir].org_unit_id;
        units.push(unit(units.len(), s, Some(&parent), "service"));
    }
    let mut teams = Vec::new();
    let mut posts = Vec::new();
    for spec in &KINDS {
        let n = ((spec.posts as f64 * scale).round() as usize).max(2);
        let n_teams = n.div_ceil(MAX_TEAM_POSTS);
        let parent = units[first_service + spec.service].org_unit_id;
        for replica in 0..n_teams {
            let size = n / n_teams + usize::from(replica < n % n_teams);
            let name = if replica == 0 {
                spec.name.to_string()
            } else {
                format!("{} {}", spec.name, replica + 1)
            };
            let team = teams.len() as u32;
            let u = unit(units.len(), &name, Some(&parent), "team");
            teams.push(Team {
                unit_id: u.org_unit_id.to_string(),
                kind: spec.kind,
                rates: rates(spec, flavour),
                replica,
            });
            units.push(u);
            add_posts(&mut posts, team, spec.kind, size, h, rng);
        }
    }
    let mut by_kind = vec![Vec::new(); KINDS.len()];
    for (i, t) in teams.iter().enumerate() {
        by_kind[t.kind as usize].push(i as u32);
    }
    Establishment {
        units,
        teams,
        posts,
        by_kind,
    }
}

/// Role and profession of the `i`-th of `n` posts of a team.
fn role_of(kind: Kind, i: usize, n: usize) -> (Option<u8>, Family) {
    let sw = |r: u8| (Some(r), Family::SocialWork);
    match kind {
        Kind::Leadership => sw(if i < 2 { 1 } else { 2 }),
        Kind::EdPsych => (None, Family::EdPsych),
        Kind::BusinessSupport => (None, Family::BusinessSupport),
        Kind::LeavingCare => match i {
            0 => sw(3),
            _ if i <= n.saturating_sub(1) / 4 => sw(5),
            _ => (None, Family::PersonalAdviser),
        },
        Kind::Conference | Kind::Quality => sw(if i == 0 { 3 } else { 6 }),
        Kind::Fostering | Kind::OutOfHours => sw(if i == 0 { 3 } else { 5 }),
        _ => {
            let managers = (n / 10).max(1);
            let seniors = n / 5;
            sw(if i < managers {
                3
            } else if i < managers + seniors {
                4
            } else {
                5
            })
        }
    }
}

fn post_fte(family: Family, rng: &mut Random) -> f64 {
    let table: &[(f64, f64)] = match family {
        Family::SocialWork | Family::EdPsych => {
            &[(1.0, 0.85), (0.5, 0.08), (0.6, 0.04), (0.8, 0.03)]
        }
        _ => &[(1.0, 0.70), (0.5, 0.15), (0.6, 0.10), (0.8, 0.05)],
    };
    rng.weighted(table)
}

/// A team's posts: `n` open on the anchor date, plus a few created later or deleted earlier.
fn add_posts(
    posts: &mut Vec<PostSeed>,
    team: u32,
    kind: Kind,
    n: usize,
    h: &Horizon,
    rng: &mut Random,
) {
    for i in 0..n {
        let (role, family) = role_of(kind, i, n);
        let start = if rng.chance(0.08) && h.anchor - h.start > 400 {
            rng.int(h.start, h.anchor - 200)
        } else {
            h.start - rng.int(200, 4000)
        };
        let end = if rng.chance(0.03) {
            rng.int(h.anchor + 60, h.end + 400)
        } else {
            OPEN
        };
        let fte = post_fte(family, rng);
        posts.push(PostSeed {
            team,
            role,
            family,
            fte,
            start,
            end: if end > h.end { OPEN } else { end },
            open_at_anchor: true,
        });
    }
    let extra = (n as f64 * 0.05).round() as usize;
    for i in 0..extra {
        let (role, family) = role_of(kind, n - 1 - i % n, n);
        let fte = post_fte(family, rng);
        let (start, end) = if i % 2 == 0 && h.end - h.anchor > 200 {
            (rng.int(h.anchor + 30, h.end - 100), OPEN)
        } else if h.anchor - h.start > 500 {
            let s = h.start - rng.int(0, 2000);
            (s, rng.int(h.start + 200, h.anchor - 30).max(s + 200))
        } else {
            continue;
        };
        posts.push(PostSeed {
            team,
            role,
            family,
            fte,
            start,
            end,
            open_at_anchor: false,
        });
    }
}
