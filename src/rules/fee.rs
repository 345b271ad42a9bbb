//! P rules: fee reductions claimed without their proof (P001) and fee data that may be out of
//! date (P002). The amount itself is computed by the form data (`form::Form::fee`).

use crate::date::Date;
use crate::finding::Draft;
use crate::form::{FeeOutcome, Form, VariantStatus};

/// P001 for every reduction whose condition holds but whose proof is not enclosed.
pub fn proof(form: &Form, fee: &FeeOutcome, out: &mut Vec<Draft>) {
    for c in &fee.considered {
        if let VariantStatus::ProofMissing(kinds) = &c.status {
            let list: Vec<String> = kinds.iter().map(|k| format!("`{k}`")).collect();
            out.push(Draft::case(
                "P001",
                format!(
                    "the facts claim a fee reduction for form {} ({}: {}) but its proof is not \
                     enclosed: add {} as [[documents]], or the IND charges the full fee",
                    form.number,
                    c.reason_en,
                    crate::form::format_eur(c.amount_cents),
                    list.join(" and ")
                ),
            ));
        }
    }
}

/// P002 for every reduction that applies to the case but whose amount the schedule in force
/// does not give: the fee cannot be worked out, and the base fee would be a guess.
pub fn unknown(form: &Form, fee: &FeeOutcome, out: &mut Vec<Draft>) {
    for c in &fee.considered {
        if c.status == VariantStatus::Undecidable {
            out.push(Draft::case(
                "P002",
                format!(
                    "the fee of form {} cannot be worked out: whether a reduction applies ({}: \
                     {}) depends on a date of birth or nationality that case.toml does not give \
                     (the applicant's born and nationality, the sponsor's nationality). Add it",
                    form.number,
                    c.reason_en,
                    crate::form::format_eur(c.amount_cents),
                ),
            ));
        }
        if let VariantStatus::AmountUnknown(elsewhere) = c.status {
            out.push(Draft::case(
                "P002",
                format!(
                    "the fee of form {} cannot be worked out: a reduction applies to this case \
                     ({}) but the fee schedule in force from {} does not give its amount (it was \
                     {} in the schedule from {elsewhere}). Look the amount up on ind.nl, or add \
                     it to the forms data",
                    form.number,
                    c.reason_en,
                    fee.valid_from,
                    crate::form::format_eur(c.amount_cents),
                ),
            ));
        }
    }
}

/// P002 when the newest schedule is more than a year older than the submission date.
pub fn stale(form: &Form, submit_on: Date, out: &mut Vec<Draft>) {
    let Some(newest) = form.newest_schedule() else {
        return;
    };
    let year_later = newest
        .valid_from
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(Date::MAX);
    if submit_on > year_later {
        out.push(Draft::case(
            "P002",
            format!(
                "the newest fee schedule this tool knows for form {} is from {}, more than a year \
                 before the submission date {submit_on}: fees change every 1 January, so check \
                 the amount on ind.nl (or update the forms data)",
                form.number, newest.valid_from
            ),
        ));
    }
}
