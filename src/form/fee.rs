//! The fee (leges) of one case under one schedule, with every variant considered.
//!
//! A variant that applies replaces the base amount; when several apply the lowest wins (a
//! variant may be higher than the base, as form 7026's "buiten schuld" fee is). A variant whose
//! condition holds but whose proof is not enclosed does not apply; it is reported as
//! [`VariantStatus::ProofMissing`] so that the fee rule can raise P001. A reduction that the
//! schedule's sources leave out (its `unknown` list) but that applies to the case makes the
//! amount unknown ([`VariantStatus::AmountUnknown`]): the base fee would be a guess, and
//! a wrong amount must never look certain. This file does not pick the schedule (see
//! `Form::fee`) and does not format amounts.

use super::{Countries, Date, FeeSchedule, FeeVariant, Subject};

/// How one fee variant fared for one case.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum VariantStatus {
    /// It applies and gives the amount due.
    Applied,
    /// It applies, but another applying variant is lower.
    AppliesNotLowest,
    /// Its condition does not hold.
    NotApplicable,
    /// Its condition holds but these proof kinds are not enclosed, so it does not apply.
    ProofMissing(Vec<String>),
    /// It applies, but the schedule in force does not give its amount; the considered amount
    /// is the one of the schedule in force from this date.
    AmountUnknown(Date),
    /// Whether it applies cannot be told: the case lacks the age or a nationality it depends on.
    Undecidable,
}

/// One variant as considered for one case.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Considered {
    /// The variant's id.
    pub id: String,
    /// Why this amount, in Dutch.
    pub reason_nl: String,
    /// Why this amount, in English.
    pub reason_en: String,
    /// The variant's amount in euro cents.
    pub amount_cents: u64,
    /// Whether it applied.
    pub status: VariantStatus,
}

/// The fee of one case.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FeeOutcome {
    /// The first day of the schedule used.
    pub valid_from: Date,
    /// The schedule's source.
    pub source: String,
    /// The schedule's base amount in euro cents.
    pub base_cents: u64,
    /// The amount due in euro cents: the lowest applying variant, or the base when none applies;
    /// `None` when a reduction that applies has no amount in this schedule, or when whether one
    /// applies cannot be told (unless a known one already brings the fee to nothing).
    pub amount_cents: Option<u64>,
    /// Every variant of the schedule, in data order.
    pub considered: Vec<Considered>,
    /// The schedule's notes (inferred dates, missing variants).
    pub notes: Vec<String>,
}

impl FeeOutcome {
    /// The variants that gave the amount due (several when they tie).
    pub fn applied(&self) -> impl Iterator<Item = &Considered> {
        self.considered
            .iter()
            .filter(|c| c.status == VariantStatus::Applied)
    }
}

pub(super) fn compute(
    schedule: &FeeSchedule,
    unknown: &[(&FeeVariant, &FeeSchedule)],
    s: &Subject,
    countries: &Countries,
    enclosed: &dyn Fn(&str) -> bool,
) -> FeeOutcome {
    // How one variant fares; `applies` is its status when its condition holds and its proof
    // is enclosed.
    let judge = |v: &FeeVariant, applies: VariantStatus| {
        let status = if !v.when.matches(s, countries) {
            if v.when.undecidable(s) {
                VariantStatus::Undecidable
            } else {
                VariantStatus::NotApplicable
            }
        } else {
            let missing: Vec<String> = v.proof.iter().filter(|k| !enclosed(k)).cloned().collect();
            if missing.is_empty() {
                applies
            } else {
                VariantStatus::ProofMissing(missing)
            }
        };
        Considered {
            id: v.id.clone(),
            reason_nl: v.reason_nl.clone(),
            reason_en: v.reason_en.clone(),
            amount_cents: v.amount_cents,
            status,
        }
    };
    // AppliesNotLowest is provisional: settled below once the lowest is known.
    let mut considered: Vec<Considered> = schedule
        .variants
        .iter()
        .map(|v| judge(v, VariantStatus::AppliesNotLowest))
        .collect();
    let lowest = considered
        .iter()
        .filter(|c| c.status == VariantStatus::AppliesNotLowest)
        .map(|c| c.amount_cents)
        .min();
    if let Some(lowest) = lowest {
        for c in &mut considered {
            if c.status == VariantStatus::AppliesNotLowest && c.amount_cents == lowest {
                c.status = VariantStatus::Applied;
            }
        }
    }
    let known = lowest.unwrap_or(schedule.base_cents);
    // A variant that cannot be judged matters only if it would lower the fee.
    for c in &mut considered {
        if c.status == VariantStatus::Undecidable && c.amount_cents >= known {
            c.status = VariantStatus::NotApplicable;
        }
    }
    // A reduction this schedule lacks the amount of might always lower it; it is listed only
    // when it may concern the case.
    considered.extend(
        unknown
            .iter()
            .map(|(v, defined_in)| judge(v, VariantStatus::AmountUnknown(defined_in.valid_from)))
            .filter(|c| c.status != VariantStatus::NotApplicable),
    );
    let unsure = considered.iter().any(|c| {
        matches!(
            c.status,
            VariantStatus::AmountUnknown(_) | VariantStatus::Undecidable
        )
    });
    FeeOutcome {
        valid_from: schedule.valid_from,
        source: schedule.source.clone(),
        base_cents: schedule.base_cents,
        amount_cents: (!unsure || known == 0).then_some(known),
        considered,
        notes: schedule.notes.clone(),
    }
}
