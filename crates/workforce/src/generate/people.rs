//! People: demographics drawn when a person first appears, and their census fields.

use super::org::Family;
use super::util::{date, id, Random};
use crate::model::Person;
use ecow::eco_format;

/// CBDS ethnicity codes with rough shares for a south-coast council's social workers.
const ETHNICITIES: [(&str, f64); 18] = [
    ("WBRI", 78.0),
    ("WIRI", 1.0),
    ("WOTH", 4.0),
    ("MWBC", 1.5),
    ("MWBA", 0.5),
    ("MWAS", 0.7),
    ("MOTH", 0.8),
    ("AIND", 1.5),
    ("APKN", 0.8),
    ("ABAN", 0.3),
    ("AOTH", 0.5),
    ("BCRB", 1.5),
    ("BAFR", 2.5),
    ("BOTH", 0.4),
    ("CHNE", 0.3),
    ("OOTH", 0.8),
    ("REFU", 1.5),
    ("NOBT", 2.4),
];

const INSTITUTIONS: [&str; 10] = [
    "Bournemouth University",
    "University of Southampton",
    "University of Portsmouth",
    "The Open University",
    "University of Winchester",
    "Bath Spa University",
    "University of Plymouth",
    "University of Chichester",
    "Brunel University London",
    "Qualified outside the UK",
];

/// What the generator knows about a person while it builds the history.
#[derive(Clone, Debug)]
pub(crate) struct PersonSeed {
    pub dob: i32,
    /// Census GenderCurrent: 0 not known, 1 male, 2 female, 9 not specified.
    pub gender: u8,
    pub ethnicity: u8,
    /// 0 = `system_a`, 1 = `system_b`: the HR/payroll system of the person's first council.
    pub system: u8,
    /// Newly qualified when first seen (StartOrigin 1, CFKSS 1).
    pub newly_qualified: bool,
    /// Ever held a social work job in the CSWW scope (so registered with SWE).
    pub social_worker: bool,
    /// Ever held two posts at once.
    pub concurrent: bool,
}

impl PersonSeed {
    /// The person's HR/payroll system name.
    pub fn system_name(&self) -> &'static str {
        if self.system == 0 {
            "system_a"
        } else {
            "system_b"
        }
    }
    /// Age in whole years on `day`.
    pub fn age_on(&self, day: i32) -> i32 {
        ((day - self.dob) as f64 / 365.25) as i32
    }
}

/// Every person so far, with the last day each is busy (to link later stints safely).
pub(crate) struct Registry {
    pub seeds: Vec<PersonSeed>,
    pub busy_until: Vec<i32>,
}

impl Registry {
    pub fn with_capacity(n: usize) -> Self {
        Registry {
            seeds: Vec::with_capacity(n),
            busy_until: Vec::with_capacity(n),
        }
    }

    /// A new person first seen on `start` in a job of this role and family.
    pub fn new_person(
        &mut self,
        start: i32,
        role: Option<u8>,
        family: Family,
        rng: &mut Random,
    ) -> u32 {
        let newly_qualified = role == Some(5) && family == Family::SocialWork && rng.chance(0.2);
        let age = if newly_qualified {
            rng.int(22, 30)
        } else if role.is_some_and(|r| r <= 2) {
            rng.int(38, 58)
        } else {
            rng.int(24, 58)
        };
        let female = if family == Family::BusinessSupport {
            0.75
        } else {
            0.84
        };
        let gender = rng.weighted(&[(2u8, female), (1, 0.98 - female), (9, 0.01), (0, 0.01)]);
        let ethnicity = rng.weighted(
            &ETHNICITIES
                .iter()
                .enumerate()
                .map(|(i, e)| (i as u8, e.1))
                .collect::<Vec<_>>(),
        );
        self.seeds.push(PersonSeed {
            dob: start - age * 365 - rng.int(0, 364) - age / 4,
            gender,
            ethnicity,
            system: u8::from(!rng.chance(0.55)),
            newly_qualified,
            social_worker: false,
            concurrent: false,
        });
        self.busy_until.push(start);
        (self.seeds.len() - 1) as u32
    }

    /// Keep the people not marked as dropped, in order.
    pub fn keep(&mut self, dropped: &[bool]) {
        let mut i = 0;
        self.seeds.retain(|_| {
            i += 1;
            !dropped[i - 1]
        });
        let mut i = 0;
        self.busy_until.retain(|_| {
            i += 1;
            !dropped[i - 1]
        });
    }
}

/// The id of person `i`.
pub(crate) fn person_id(i: u32) -> super::util::IdText {
    id('P', i as usize + 1, 6)
}

/// The `people.csv` records.
pub(crate) fn people(reg: &Registry, rng: &mut Random) -> Vec<Person> {
    let mut out = Vec::with_capacity(reg.seeds.len());
    for (i, s) in reg.seeds.iter().enumerate() {
        let mut p = Person {
            person_id: person_id(i as u32).into(),
            date_of_birth: Some(date(s.dob)),
            gender: Some(s.gender.to_string().into()),
            ethnicity: Some(ETHNICITIES[s.ethnicity as usize].0.to_string().into()),
            ..Person::default()
        };
        if s.social_worker {
            // A bijection of i onto 1_000_000..10_000_000, so numbers are unique and look random.
            let n = 1_000_000 + (i as u64 * 7919) % 9_000_000;
            p.swe_number = Some(eco_format!("SW{n}"));
            p.qualification_institution = Some(
                INSTITUTIONS[rng.index(INSTITUTIONS.len())]
                    .to_string()
                    .into(),
            );
            p.qualification_level = Some(rng.weighted(&[(1u8, 0.6), (2, 0.35), (3, 0.05)]));
            p.step_up_graduate = Some(rng.chance(0.04));
            p.frontline_graduate = Some(rng.chance(0.05));
            p.cfkss_status = if s.newly_qualified {
                Some(1)
            } else {
                rng.weighted(&[
                    (None, 0.5),
                    (Some(2u8), 0.35),
                    (Some(3), 0.1),
                    (Some(4), 0.05),
                ])
            };
        }
        out.push(p);
    }
    out
}
