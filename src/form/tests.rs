//! Tests of the built-in form data and of the logic that reads it: every fee of SPEC section 7,
//! schedule boundaries, lowest-wins, missing proof, age limits, checklists, country data and
//! the error messages of broken data files.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::date::age_on;

/// The built-in data, loaded once for all tests.
fn set() -> &'static FormSet {
    static SET: std::sync::OnceLock<FormSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| match FormSet::builtin() {
        Ok(s) => s,
        Err(e) => panic!("built-in form data does not load:\n{e}"),
    })
}

fn d(s: &str) -> Date {
    s.parse()
        .unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

/// One case as the fee and checklist logic sees it.
struct Case<'a> {
    facts: &'a [&'a str],
    nationality: &'a str,
    sponsor: Option<&'a str>,
    age: i32,
    on: &'a str,
    enclosed: &'a [&'a str],
}

impl Default for Case<'_> {
    fn default() -> Self {
        Case {
            facts: &[],
            nationality: "MA",
            sponsor: Some("NL"),
            age: 30,
            on: "2020-06-01",
            enclosed: &[],
        }
    }
}

fn facts(keys: &[&str]) -> BTreeMap<String, FactValue> {
    keys.iter()
        .map(|k| (k.to_string(), FactValue::Bool(true)))
        .collect()
}

fn outcome(set: &FormSet, form: &str, c: &Case) -> Option<FeeOutcome> {
    let facts = facts(c.facts);
    let s = Subject {
        facts: &facts,
        nationality: Some(c.nationality),
        sponsor_nationality: c.sponsor,
        age: Some(c.age),
        submit_on: d(c.on),
    };
    let enclosed = |k: &str| c.enclosed.contains(&k);
    set.get(form)?.fee(&s, &set.countries, &enclosed)
}

/// The amount due in whole euros.
fn eur(set: &FormSet, form: &str, c: Case) -> u64 {
    match outcome(set, form, &c) {
        Some(o) => {
            let Some(cents) = o.amount_cents else {
                panic!("form {form}: fee unknown on {}", c.on)
            };
            assert_eq!(cents % 100, 0);
            cents / 100
        }
        None => panic!("form {form}: no fee on {}", c.on),
    }
}

fn status<'o>(o: &'o FeeOutcome, id: &str) -> &'o VariantStatus {
    match o.considered.iter().find(|c| c.id == id) {
        Some(c) => &c.status,
        None => panic!("variant {id} not considered"),
    }
}

const PROOF: [&str; 2] = ["income-statement-t2", "loan-evidence"];

#[test]
fn builtin_has_the_seven_forms_of_spec_section_6() {
    let set = set();
    let numbers: Vec<&str> = set.forms().map(|f| f.number.as_str()).collect();
    assert_eq!(
        numbers,
        ["6009", "7018", "7024", "7026", "7027", "7031", "7055"]
    );
    for form in set.forms() {
        assert!(
            form.schedule_on(d("2020-01-01")).is_some(),
            "{}",
            form.number
        );
        assert_eq!(
            form.schedule_on(d("2020-01-01")).map(|s| s.valid_from),
            Some(d("2020-01-01")),
            "form {} has a schedule from 2020-01-01",
            form.number
        );
        assert!(form.postal_address.iter().any(|l| l == "9560 AA Ter Apel"));
        assert!(!form.title_nl.is_empty() && !form.title_en.is_empty());
        assert!(
            form.fees
                .windows(2)
                .all(|w| w[0].valid_from < w[1].valid_from),
            "schedules of {} sorted",
            form.number
        );
    }
}

#[test]
fn spec_fact_keys_are_declared_as_true_false() {
    let set = set();
    let spec: [(&str, &[&str]); 7] = [
        ("7018", &["art8", "insufficient_income", "sponsor_may_work"]),
        ("7026", &["buiten_schuld", "child_protection"]),
        (
            "7027",
            &[
                "trafficking",
                "domestic_violence_irregular",
                "after_family_stay",
                "after_violence_or_abandonment",
                "long_stay_children",
            ],
        ),
        ("7031", &[]),
        ("7024", &["eu_long_term_resident"]),
        ("6009", &[]),
        ("7055", &[]),
    ];
    for (number, keys) in spec {
        let Some(form) = set.get(number) else {
            panic!("form {number} missing")
        };
        for key in keys {
            assert_eq!(
                form.fact(key).map(|f| f.kind),
                Some(FactKind::Bool),
                "{number} {key}"
            );
        }
    }
}

#[test]
fn postal_boxes_follow_the_purpose() {
    let set = set();
    for (number, bus) in [
        ("7018", "Postbus 16"),
        ("7026", "Postbus 16"),
        ("7027", "Postbus 16"),
        ("6009", "Postbus 16"),
        ("7024", "Postbus 5"),
    ] {
        let form = set.get(number).map(|f| f.postal_address.clone());
        assert!(form.is_some_and(|a| a.iter().any(|l| l == bus)), "{number}");
    }
}

#[test]
fn fee_7018_in_2020() {
    let set = set();
    assert_eq!(eur(set, "7018", Case::default()), 174);
    let art8 = &["art8", "insufficient_income"];
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                facts: art8,
                enclosed: &PROOF,
                ..Case::default()
            }
        ),
        0
    );
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                facts: &["art8"],
                enclosed: &PROOF,
                ..Case::default()
            }
        ),
        174
    );
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                facts: &["insufficient_income"],
                enclosed: &PROOF,
                ..Case::default()
            }
        ),
        174
    );
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                nationality: "SM",
                facts: &["tev_procedure"],
                ..Case::default()
            }
        ),
        0
    );
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                nationality: "IL",
                facts: &["tev_procedure"],
                ..Case::default()
            }
        ),
        0
    );
    // Outside the mvv procedure (already in the Netherlands) the Benelux exemption gives
    // nothing: it waives the mvv's fee (DOMAIN 1a).
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                nationality: "IL",
                facts: &["holds_valid_nl_permit"],
                ..Case::default()
            }
        ),
        174
    );
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                nationality: "TR",
                ..Case::default()
            }
        ),
        68
    );
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                sponsor: Some("TR"),
                facts: &["sponsor_may_work"],
                ..Case::default()
            }
        ),
        68
    );
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                sponsor: Some("TR"),
                ..Case::default()
            }
        ),
        174
    );
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                facts: &["sponsor_may_work"],
                ..Case::default()
            }
        ),
        174,
        "a Dutch sponsor's right to work gives no Turkish rate"
    );
    assert_eq!(
        eur(
            set,
            "7018",
            Case {
                nationality: "NL",
                facts: &["sponsor_may_work"],
                ..Case::default()
            }
        ),
        174
    );
    // The sponsor may work, but their nationality is not given: the Turkish rate can be neither
    // applied nor ruled out, so the fee is unknown rather than the base fee.
    let unknown = Case {
        sponsor: None,
        facts: &["sponsor_may_work"],
        ..Case::default()
    };
    let o = outcome(set, "7018", &unknown).unwrap();
    assert_eq!(o.amount_cents, None);
    assert_eq!(status(&o, "turkish"), &VariantStatus::Undecidable);
}

#[test]
fn fee_proof_missing_means_the_reduction_does_not_apply() {
    let set = set();
    let art8 = &["art8", "insufficient_income"];
    let Some(o) = outcome(
        set,
        "7018",
        &Case {
            facts: art8,
            ..Case::default()
        },
    ) else {
        panic!("no fee")
    };
    assert_eq!(o.amount_cents, Some(17400));
    assert_eq!(
        status(&o, "art8-insufficient-income"),
        &VariantStatus::ProofMissing(PROOF.iter().map(|s| s.to_string()).collect())
    );
    let half = Case {
        facts: art8,
        enclosed: &["loan-evidence"],
        ..Case::default()
    };
    let Some(o) = outcome(set, "7018", &half) else {
        panic!("no fee")
    };
    assert_eq!(o.amount_cents, Some(17400));
    assert_eq!(
        status(&o, "art8-insufficient-income"),
        &VariantStatus::ProofMissing(vec!["income-statement-t2".to_string()])
    );
    // A Turkish applicant still gets the Turkish rate when the exemption's proof is missing.
    let tr = Case {
        facts: art8,
        nationality: "TR",
        ..Case::default()
    };
    assert_eq!(eur(set, "7018", tr), 68);
}

#[test]
fn fee_lowest_wins_and_every_variant_is_considered() {
    let set = set();
    let c = Case {
        facts: &["art8", "insufficient_income"],
        nationality: "TR",
        enclosed: &PROOF,
        ..Case::default()
    };
    let Some(o) = outcome(set, "7018", &c) else {
        panic!("no fee")
    };
    assert_eq!(o.amount_cents, Some(0));
    assert_eq!(o.base_cents, 17400);
    let ids: Vec<&str> = o.considered.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "art8-insufficient-income",
            "benelux-san-marino-israel",
            "turkish"
        ]
    );
    assert_eq!(
        status(&o, "art8-insufficient-income"),
        &VariantStatus::Applied
    );
    assert_eq!(
        status(&o, "benelux-san-marino-israel"),
        &VariantStatus::NotApplicable
    );
    assert_eq!(status(&o, "turkish"), &VariantStatus::AppliesNotLowest);
    assert_eq!(o.applied().count(), 1);

    let both = Case {
        facts: &["trafficking", "after_family_stay"],
        ..Case::default()
    };
    let Some(o) = outcome(set, "7027", &both) else {
        panic!("no fee")
    };
    assert_eq!(o.amount_cents, Some(17400));
    assert_eq!(
        status(&o, "trafficking-or-domestic-violence"),
        &VariantStatus::AppliesNotLowest
    );
    assert_eq!(
        status(&o, "after-family-stay-or-violence"),
        &VariantStatus::Applied
    );
}

#[test]
fn fee_7026_buiten_schuld_replaces_the_zero_base() {
    let set = set();
    assert_eq!(eur(set, "7026", Case::default()), 0);
    assert_eq!(
        eur(
            set,
            "7026",
            Case {
                facts: &["buiten_schuld"],
                ..Case::default()
            }
        ),
        333
    );
    assert_eq!(
        eur(
            set,
            "7026",
            Case {
                facts: &["child_protection"],
                ..Case::default()
            }
        ),
        0
    );
}

#[test]
fn fee_7027_in_2020() {
    let set = set();
    let f = |facts: &'static [&'static str], age: i32| Case {
        facts,
        age,
        ..Case::default()
    };
    assert_eq!(eur(set, "7027", f(&[], 30)), 1057);
    assert_eq!(eur(set, "7027", f(&["trafficking"], 30)), 391);
    assert_eq!(
        eur(set, "7027", f(&["domestic_violence_irregular"], 30)),
        391
    );
    assert_eq!(eur(set, "7027", f(&["after_family_stay"], 30)), 174);
    assert_eq!(
        eur(set, "7027", f(&["after_violence_or_abandonment"], 30)),
        174
    );
    assert_eq!(eur(set, "7027", f(&["after_family_stay"], 17)), 58);
    assert_eq!(
        eur(set, "7027", f(&["after_violence_or_abandonment"], 17)),
        174
    );
    assert_eq!(eur(set, "7027", f(&["long_stay_children"], 15)), 168);
    assert_eq!(
        eur(set, "7027", f(&[], 10)),
        1057,
        "being a minor alone reduces nothing"
    );
}

#[test]
fn fee_other_forms_in_2020() {
    let set = set();
    assert_eq!(
        eur(
            set,
            "7031",
            Case {
                nationality: "TR",
                ..Case::default()
            }
        ),
        58
    );
    // Minors paid a reduced fee in the schedule before (€28); the 2020 sources give none, so a
    // minor's fee is unknown rather than the adult €58.
    let minor = Case {
        nationality: "TR",
        age: 10,
        ..Case::default()
    };
    assert_eq!(
        outcome(set, "7031", &minor).map(|o| o.amount_cents),
        Some(None)
    );
    assert_eq!(
        eur(
            set,
            "7024",
            Case {
                nationality: "US",
                ..Case::default()
            }
        ),
        1379
    );
    assert_eq!(
        eur(
            set,
            "7024",
            Case {
                facts: &["eu_long_term_resident"],
                ..Case::default()
            }
        ),
        174
    );
    assert_eq!(eur(set, "6009", Case::default()), 174);
    assert_eq!(
        eur(
            set,
            "6009",
            Case {
                nationality: "TR",
                ..Case::default()
            }
        ),
        58
    );
    assert_eq!(
        eur(
            set,
            "7055",
            Case {
                age: 8,
                ..Case::default()
            }
        ),
        0
    );
}

#[test]
fn minor_until_the_day_before_the_18th_birthday() {
    let set = set();
    let born = d("2002-06-01");
    let case = |on: &'static str| Case {
        facts: &["after_family_stay"],
        age: age_on(born, d(on)),
        on,
        ..Case::default()
    };
    assert_eq!(eur(set, "7027", case("2020-05-31")), 58);
    assert_eq!(eur(set, "7027", case("2020-06-01")), 174);
}

#[test]
fn schedule_boundaries() {
    let set = set();
    let on = |on: &'static str| Case {
        on,
        ..Case::default()
    };
    assert_eq!(eur(set, "7018", on("2019-12-31")), 171);
    assert_eq!(eur(set, "7018", on("2020-01-01")), 174);
    assert_eq!(eur(set, "7018", on("2020-12-31")), 174);
    assert_eq!(eur(set, "7018", on("2021-01-01")), 192);
    assert_eq!(eur(set, "7018", on("2022-01-01")), 207);
    assert_eq!(eur(set, "7018", on("2018-05-02")), 237);
    assert_eq!(eur(set, "7018", on("2018-05-03")), 240);
    assert_eq!(eur(set, "6009", on("2023-12-31")), 174);
    assert_eq!(eur(set, "6009", on("2024-01-01")), 228);
    assert_eq!(
        eur(
            set,
            "7026",
            Case {
                facts: &["buiten_schuld"],
                ..on("2019-12-31")
            }
        ),
        326
    );
    assert!(outcome(set, "7018", &on("2013-12-31")).is_none());
    assert!(outcome(set, "7055", &on("2019-12-31")).is_none());
    let Some(form) = set.get("7018") else {
        panic!("7018")
    };
    assert_eq!(
        form.newest_schedule().map(|s| s.valid_from),
        Some(d("2022-01-01"))
    );
}

#[test]
fn older_schedules_keep_their_sourced_variants() {
    let set = set();
    let minor = |on: &'static str| Case {
        age: 10,
        on,
        ..Case::default()
    };
    // The 2014 sources give no child amount: unknown, never the adult amount.
    let o = outcome(set, "7018", &minor("2014-08-31")).unwrap();
    assert_eq!((o.base_cents, o.amount_cents), (22800, None));
    assert_eq!(eur(set, "7018", minor("2014-09-01")), 53);
    assert_eq!(eur(set, "7018", minor("2022-03-01")), 69);
    let tr = Case {
        nationality: "TR",
        on: "2022-03-01",
        ..Case::default()
    };
    assert_eq!(eur(set, "7018", tr), 70);
}

/// A reduction that applies but whose amount the schedule in force lacks makes the fee
/// unknown (P002 says so), instead of silently charging the base fee.
#[test]
fn a_reduction_missing_from_the_schedule_in_force_makes_the_fee_unknown() {
    let set = set();
    for facts in [
        &["trafficking"][..],
        &["domestic_violence_irregular"],
        &["after_family_stay"],
        &["long_stay_children"],
    ] {
        let c = Case {
            facts,
            on: "2026-06-01",
            ..Case::default()
        };
        let o = outcome(set, "7027", &c).unwrap();
        assert_eq!((o.base_cents, o.amount_cents), (110_900, None), "{facts:?}");
        assert!(
            o.considered
                .iter()
                .any(|v| v.status == VariantStatus::AmountUnknown(d("2020-01-01"))),
            "{facts:?}: {:?}",
            o.considered
        );
    }
    // Without a reduction the base fee stands, and nothing of the old schedule is listed.
    let plain = outcome(
        set,
        "7027",
        &Case {
            on: "2026-06-01",
            ..Case::default()
        },
    )
    .unwrap();
    assert_eq!(plain.amount_cents, Some(110_900));
    assert!(plain.considered.is_empty(), "{:?}", plain.considered);
    // 6009 from 2024 lists no Turkish amount.
    let tr = Case {
        nationality: "TR",
        on: "2025-03-01",
        ..Case::default()
    };
    assert_eq!(outcome(set, "6009", &tr).unwrap().amount_cents, None);
    // 7018 in 2021: the Turkish amount is missing, but a known exemption to €0 still settles it.
    let tr21 = Case {
        nationality: "TR",
        on: "2021-06-01",
        ..Case::default()
    };
    assert_eq!(outcome(set, "7018", &tr21).unwrap().amount_cents, None);
    let exempt = Case {
        facts: &["art8", "insufficient_income"],
        enclosed: &PROOF,
        ..tr21
    };
    assert_eq!(outcome(set, "7018", &exempt).unwrap().amount_cents, Some(0));
    // A missing reduction whose proof is not enclosed does not apply (P001), as in any schedule.
    let no_proof = Case {
        facts: &["art8", "insufficient_income"],
        on: "2017-06-01",
        ..Case::default()
    };
    let o = outcome(set, "7018", &no_proof).unwrap();
    assert!(o.amount_cents.is_some(), "{:?}", o.considered);
    assert!(matches!(
        status(&o, "art8-insufficient-income"),
        VariantStatus::ProofMissing(_)
    ));
}

fn required(set: &FormSet, form: &str, c: &Case) -> Vec<Vec<String>> {
    let facts = facts(c.facts);
    let s = Subject {
        facts: &facts,
        nationality: Some(c.nationality),
        sponsor_nationality: c.sponsor,
        age: Some(c.age),
        submit_on: d(c.on),
    };
    let Some(form) = set.get(form) else {
        panic!("{form}")
    };
    form.checklist
        .iter()
        .filter(|r| r.when.matches(&s, &set.countries))
        .map(|r| r.kinds.clone())
        .collect()
}

fn kinds(list: &[&[&str]]) -> Vec<Vec<String>> {
    list.iter()
        .map(|l| l.iter().map(|k| k.to_string()).collect())
        .collect()
}

#[test]
fn checklist_7018_for_a_simple_case_asks_only_the_general_documents() {
    let set = set();
    // Nigeria is not on the TB-exemption list; no facts set.
    let c = Case {
        nationality: "NG",
        ..Case::default()
    };
    assert_eq!(
        required(set, "7018", &c),
        kinds(&[
            &["application-form"],
            &["passport"],
            &["passport", "id-card"],
            &["antecedents-declaration"],
            &["sponsor-declaration"],
            &["tb-test-declaration"],
        ])
    );
    // A TB-exempt nationality (Morocco) and a child under 12: no TB test, no antecedents.
    let child = Case {
        nationality: "MA",
        age: 11,
        ..Case::default()
    };
    assert_eq!(
        required(set, "7018", &child),
        kinds(&[
            &["application-form"],
            &["passport"],
            &["passport", "id-card"],
            &["sponsor-declaration"],
        ])
    );
}

#[test]
fn checklist_7018_per_purpose() {
    let set = set();
    let spouse = Case {
        nationality: "NG",
        facts: &["spouse", "sponsor_employed"],
        ..Case::default()
    };
    let got = required(set, "7018", &spouse);
    for want in [
        &["civic-integration-certificate"][..],
        &["employment-contract"],
        &["income-statement"],
        &["payslip"],
        &["marriage-certificate", "partnership-certificate"],
    ] {
        assert!(got.contains(&kinds(&[want])[0]), "{want:?} in {got:?}");
    }
    let registered = Case {
        facts: &[
            "spouse",
            "marriage_registered_in_brp",
            "holds_valid_nl_permit",
        ],
        ..spouse
    };
    let got = required(set, "7018", &registered);
    assert!(!got.contains(&kinds(&[&["marriage-certificate", "partnership-certificate"]])[0]));
    assert!(!got.contains(&kinds(&[&["civic-integration-certificate"]])[0]));
    assert!(!got.contains(&kinds(&[&["tb-test-declaration"]])[0]));
    let us = Case {
        nationality: "US",
        facts: &["spouse"],
        ..Case::default()
    };
    assert!(!required(set, "7018", &us).contains(&kinds(&[&["civic-integration-certificate"]])[0]));
    let unmarried = Case {
        facts: &["unmarried_partner"],
        ..Case::default()
    };
    assert!(required(set, "7018", &unmarried).contains(&kinds(&[&["unmarried-declaration"]])[0]));
    let child = Case {
        facts: &["minor_child"],
        age: 8,
        ..Case::default()
    };
    let got = required(set, "7018", &child);
    assert!(got.contains(&kinds(&[&["custody-document"]])[0]));
    assert!(got.contains(&kinds(&[&["birth-certificate", "family-register"]])[0]));
}

#[test]
fn checklist_7026_needs_dtv_advice_for_buiten_schuld() {
    let set = set();
    let bs = Case {
        facts: &["buiten_schuld"],
        ..Case::default()
    };
    assert!(required(set, "7026", &bs).contains(&kinds(&[&["dtv-advice"]])[0]));
    assert!(!required(set, "7026", &Case::default()).contains(&kinds(&[&["dtv-advice"]])[0]));
}

#[test]
fn mvv_rule_of_7018() {
    let set = set();
    let Some(form) = set.get("7018") else {
        panic!("7018")
    };
    let none = facts(&[]);
    let tev = facts(&["tev_procedure"]);
    let subject = |facts, nationality| Subject {
        facts,
        nationality: Some(nationality),
        sponsor_nationality: Some("NL"),
        age: Some(30),
        submit_on: d("2026-01-01"),
    };
    assert!(form.mvv.needed(&subject(&none, "MA"), &set.countries));
    assert!(!form.mvv.needed(&subject(&tev, "MA"), &set.countries));
    assert!(!form.mvv.needed(&subject(&none, "US"), &set.countries));
    assert!(
        form.mvv
            .must_file_in_person(&subject(&none, "US"), &set.countries)
    );
    assert!(
        !form
            .mvv
            .must_file_in_person(&subject(&none, "MA"), &set.countries)
    );
    let Some(h) = set.get("7027") else {
        panic!("7027")
    };
    assert!(!h.mvv.needed(&subject(&none, "MA"), &set.countries));
}

#[test]
fn unknown_nationality_or_age_adds_no_document_and_leaves_the_fee_unknown() {
    let set = set();
    let none = facts(&[]);
    let s = Subject {
        facts: &none,
        nationality: None,
        sponsor_nationality: None,
        age: None,
        submit_on: d("2020-06-01"),
    };
    let Some(form) = set.get("7018") else {
        panic!("7018")
    };
    let n = form
        .checklist
        .iter()
        .filter(|r| r.when.matches(&s, &set.countries))
        .count();
    assert_eq!(n, 4, "form, passport, sponsor ID, sponsor declaration");
    let Some(o) = form.fee(&s, &set.countries, &|_| true) else {
        panic!("fee")
    };
    // The Turkish and San Marino/Israel amounts depend on the nationality: not the base fee.
    assert_eq!(o.amount_cents, None);
    assert_eq!(status(&o, "turkish"), &VariantStatus::Undecidable);
    // A reduction by facts alone still settles it.
    let art8 = facts(&["art8", "insufficient_income"]);
    let s = Subject { facts: &art8, ..s };
    assert_eq!(
        form.fee(&s, &set.countries, &|_| true)
            .unwrap()
            .amount_cents,
        Some(0)
    );
}

#[test]
fn condition_descriptions() {
    let c = Condition {
        facts: vec!["art8".into(), "insufficient_income".into()],
        ..Condition::always()
    };
    assert_eq!(c.describe(), "art8 = true and insufficient_income = true");
    let c = Condition {
        min_age: Some(12),
        ..Condition::always()
    };
    assert_eq!(c.describe(), "the applicant is 12 or older");
    let c = Condition {
        max_age: Some(17),
        ..Condition::always()
    };
    assert_eq!(c.describe(), "the applicant is under 18");
    let c = Condition {
        nationality_not_in: Some("tb-exempt".into()),
        ..Condition::always()
    };
    assert_eq!(
        c.describe(),
        "the applicant's nationality is not on the TB-exemption list"
    );
    let c = Condition {
        any: vec![
            Condition {
                nationality: vec!["TR".into()],
                ..Condition::always()
            },
            Condition {
                sponsor_nationality: vec!["TR".into()],
                facts: vec!["sponsor_may_work".into()],
                ..Condition::always()
            },
        ],
        ..Condition::always()
    };
    assert_eq!(
        c.describe(),
        "the applicant's nationality is TR or (sponsor_may_work = true and the sponsor's nationality is TR)"
    );
    assert_eq!(c.fact_keys(), ["sponsor_may_work"]);
    assert_eq!(Condition::always().describe(), "always");
    assert!(Condition::always().is_always());
}

#[test]
fn country_tables() {
    let set = set();
    let c = &set.countries;
    assert_eq!(c.country_codes().count(), 250, "249 ISO codes and XK");
    assert_eq!(c.language_codes().count(), 184);
    assert!(c.is_country("NL") && !c.is_country("nl") && !c.is_country("XX"));
    assert!(c.is_language("ar") && !c.is_language("AR") && !c.is_language("zz"));
    assert_eq!(c.name("MA"), Some("Morocco"));
    assert_eq!(c.country_codes().filter(|k| c.is_eu(k)).count(), 27);
    assert!(c.is_eu("DE") && !c.is_eu("GB") && !c.is_eu("NO"));
    assert!(c.mvv_exempt("US") && c.mvv_exempt("NO") && c.mvv_exempt("DE"));
    assert!(!c.mvv_exempt("TR") && !c.mvv_exempt("SM"));
    assert!(c.tb_exempt("TR") && c.tb_exempt("XK") && !c.tb_exempt("NG"));
    assert!(c.in_list("apostille", "TR") && !c.in_list("apostille", "NG"));
    assert!(!c.in_list("nonsense", "TR"));
}

#[test]
fn legalisation_by_issuing_country_and_date() {
    let set = set();
    let c = &set.countries;
    assert_eq!(
        c.legalisation_needed("NL", d("2010-01-01")),
        Legalisation::NotNeeded
    );
    assert_eq!(
        c.legalisation_needed("DE", d("2019-02-16")),
        Legalisation::NotNeeded
    );
    assert_eq!(
        c.legalisation_needed("DE", d("2019-02-15")),
        Legalisation::Apostille
    );
    assert_eq!(
        c.legalisation_needed("TR", d("2026-01-01")),
        Legalisation::Apostille
    );
    assert_eq!(
        c.legalisation_needed("NG", d("2026-01-01")),
        Legalisation::Full
    );
    assert_eq!(
        c.legalisation_needed("MA", d("2016-08-13")),
        Legalisation::Full
    );
    assert_eq!(
        c.legalisation_needed("MA", d("2016-08-14")),
        Legalisation::Apostille
    );
    assert_eq!(
        c.legalisation_needed("CN", d("2023-11-06")),
        Legalisation::Full
    );
    assert_eq!(c.apostille_since("CN"), Some(d("2023-11-07")));
    assert_eq!(
        c.legalisation_needed("ID", d("2026-01-01")),
        Legalisation::Apostille
    );
}

#[test]
fn apostille_dates_count_from_entry_into_force() {
    let text = BUILTIN_COUNTRIES_FOR_TEST
        .replace("{ code = \"TR\" }", "{ code = \"TR\", since = 1985-09-29 }");
    let dir = data_dir(&[("7055.toml", BUILTIN_7055), ("countries.toml", &text)]);
    let set = match FormSet::load_dir(dir.path()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    assert!(!set.countries.apostille_party_on("TR", d("1985-09-28")));
    assert!(set.countries.apostille_party_on("TR", d("1985-09-29")));
    assert_eq!(set.countries.apostille_since("TR"), Some(d("1985-09-29")));
}

#[test]
fn document_rules() {
    let set = set();
    let docs = &set.documents;
    let spec = [
        "passport",
        "id-card",
        "mvv",
        "application-form",
        "birth-certificate",
        "marriage-certificate",
        "partnership-certificate",
        "divorce-certificate",
        "death-certificate",
        "custody-document",
        "family-register",
        "employment-contract",
        "payslip",
        "income-statement",
        "income-statement-t2",
        "loan-evidence",
        "antecedents-declaration",
        "tb-test-declaration",
        "health-insurance",
        "civic-integration-certificate",
        "sponsor-declaration",
        "unmarried-declaration",
        "police-report",
        "dtv-advice",
        "medical-statement",
        "school-record",
        "residence-history",
        "business-plan",
        "other",
    ];
    let kinds: Vec<&str> = docs.kinds.iter().map(|k| k.kind.as_str()).collect();
    assert_eq!(kinds, spec);
    assert_eq!(docs.civil_status.len(), 8);
    assert!(docs.is_civil_status("family-register") && !docs.is_civil_status("passport"));
    assert_eq!(docs.language_exempt, ["passport", "id-card"]);
    assert_eq!(docs.accepted_languages, ["nl", "en", "fr", "de"]);
    assert_eq!(docs.v_number_digits, 10);
    assert!(docs.v_number_status.contains("unverified"));
    assert!(docs.is_v_number("1234567890") && !docs.is_v_number("123456789"));
    assert_eq!(docs.label("birth-certificate", "nl"), "geboorteakte");
    assert_eq!(docs.label("birth-certificate", "en"), "birth certificate");
    assert_eq!(docs.label("no-such-kind", "nl"), "no-such-kind");
    let months = |k| docs.max_age_of(k).map(|m| m.months);
    assert_eq!(months("unmarried-declaration"), Some(6));
    assert_eq!(months("tb-test-declaration"), Some(6));
    assert_eq!(months("income-statement"), Some(3));
    assert_eq!(months("medical-statement"), Some(6));
    assert_eq!(months("birth-certificate"), None);
}

// ------------------------------------------------------------------------------------------
// Loading from a folder and the errors of broken data files.

const BUILTIN_7055: &str = include_str!("../../forms/7055.toml");
const BUILTIN_7018: &str = include_str!("../../forms/7018.toml");
const BUILTIN_COUNTRIES_FOR_TEST: &str = include_str!("../../forms/countries.toml");

fn data_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    for (name, text) in files {
        if let Err(e) = std::fs::write(dir.path().join(name), text) {
            panic!("write {name}: {e}");
        }
    }
    dir
}

fn load_err(files: &[(&str, &str)]) -> FormError {
    let dir = data_dir(files);
    match FormSet::load_dir(dir.path()) {
        Ok(_) => panic!("broken data loaded"),
        Err(e) => e,
    }
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    match text.find(needle) {
        Some(i) => text[..i].matches('\n').count() + 1,
        None => panic!("{needle} not in text"),
    }
}

#[test]
fn load_dir_replaces_forms_and_falls_back_for_country_data() {
    let dir = data_dir(&[("7055.toml", BUILTIN_7055), ("README.txt", "not data")]);
    let set = match FormSet::load_dir(dir.path()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let numbers: Vec<&str> = set.forms().map(|f| f.number.as_str()).collect();
    assert_eq!(numbers, ["7055"]);
    assert!(set.get("7018").is_none());
    assert!(set.countries.is_country("NL"));
    assert!(set.documents.is_known_kind("passport"));
}

#[test]
fn load_dir_without_forms_is_an_error() {
    let err = load_err(&[("countries.toml", BUILTIN_COUNTRIES_FOR_TEST)]);
    assert!(matches!(err, FormError::NoForms { .. }), "{err}");
    let missing = FormSet::load_dir(Path::new("/nonexistent/dossier-forms"));
    assert!(matches!(missing, Err(FormError::Read { .. })));
}

#[test]
fn fingerprint_follows_the_data() {
    let builtin = set();
    let all: Vec<(&str, &str)> = vec![
        ("6009.toml", include_str!("../../forms/6009.toml")),
        ("7018.toml", BUILTIN_7018),
        ("7024.toml", include_str!("../../forms/7024.toml")),
        ("7026.toml", include_str!("../../forms/7026.toml")),
        ("7027.toml", include_str!("../../forms/7027.toml")),
        ("7031.toml", include_str!("../../forms/7031.toml")),
        ("7055.toml", BUILTIN_7055),
    ];
    let dir = data_dir(&all);
    let Ok(same) = FormSet::load_dir(dir.path()) else {
        panic!("copy loads")
    };
    assert_eq!(same.fingerprint(), builtin.fingerprint());
    let changed = BUILTIN_7055.replace("base = 0", "base = 1");
    let dir = data_dir(&[("7055.toml", &changed)]);
    let Ok(other) = FormSet::load_dir(dir.path()) else {
        panic!("changed loads")
    };
    assert_ne!(other.fingerprint(), builtin.fingerprint());
}

#[test]
fn unknown_key_gives_file_line_and_column() {
    let text = BUILTIN_7018.replace(
        "why_nl = \"kopie van het paspoort van de vreemdeling",
        "why_nll = \"kopie van het paspoort van de vreemdeling",
    );
    let err = load_err(&[("7018.toml", &text)]);
    let FormError::Parse {
        file,
        line,
        column,
        message,
    } = &err
    else {
        panic!("{err}")
    };
    assert!(file.ends_with("7018.toml"), "{file}");
    assert_eq!(*line, line_of(&text, "why_nll"));
    assert_eq!(*column, 1);
    assert!(message.contains("why_nll"), "{message}");
    assert!(
        err.to_string().contains(&format!("7018.toml:{line}:1: ")),
        "{err}"
    );
}

#[test]
fn invalid_toml_gives_file_and_line() {
    let text = BUILTIN_7055.replace("base = 0", "base = ");
    let err = load_err(&[("7055.toml", &text)]);
    let FormError::Parse { line, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(*line, line_of(&text, "base = "));
}

#[test]
fn validation_problems_name_every_line() {
    let text = BUILTIN_7018
        .replace(
            "when = { min_age = 12 }",
            "when = { min_age = 12, facts = [\"art_8\"] }",
        )
        .replace(
            "kinds = [\"sponsor-declaration\"]",
            "kinds = [\"sponsor-declaraton\"]",
        )
        .replace("valid_from = 2021-01-01", "valid_from = 2020-01-01")
        .replace("base = 192", "base = -192");
    let err = load_err(&[("7018.toml", &text)]);
    let FormError::Invalid { file, problems } = &err else {
        panic!("{err}")
    };
    assert!(file.ends_with("7018.toml"));
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    assert_eq!(
        lines,
        [
            line_of(&text, "art_8"),
            line_of(&text, "sponsor-declaraton"),
            line_of(
                &text,
                "valid_from = 2020-01-01\nsource = \"https://ind.nl/en"
            ),
            line_of(&text, "base = -192"),
        ],
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("fact `art_8` is not declared") && msg.contains("did you mean `art8`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `sponsor-declaration`"), "{msg}");
    assert!(
        msg.contains("two fee schedules start on 2020-01-01"),
        "{msg}"
    );
    assert!(msg.contains("must not be negative"), "{msg}");
}

#[test]
fn form_number_must_match_the_file_name() {
    let err = load_err(&[("7056.toml", BUILTIN_7055)]);
    assert!(
        err.to_string().contains("does not match the file name"),
        "{err}"
    );
}

#[test]
fn broken_country_file_is_reported_with_its_line() {
    let text = BUILTIN_COUNTRIES_FOR_TEST.replacen("{ code = \"TR\" }", "{ code = \"TQ\" }", 1);
    let err = load_err(&[("7055.toml", BUILTIN_7055), ("countries.toml", &text)]);
    let FormError::Invalid { file, problems } = &err else {
        panic!("{err}")
    };
    assert!(file.ends_with("countries.toml"));
    assert_eq!(problems[0].line, line_of(&text, "\"TQ\""));
}

#[test]
fn descriptions_name_facts_conditions_and_fees() {
    let set = set();
    let Some(form) = set.get("7018") else {
        panic!("7018")
    };
    let list = describe_forms(set);
    assert_eq!(list.lines().count(), 7);
    assert!(list.starts_with("6009  "));
    let text = describe_form(set, form);
    assert!(text.contains("art8 (true/false)"), "{text}");
    assert!(
        text.contains("only when the applicant is 12 or older"),
        "{text}"
    );
    assert!(text.contains("Postbus 16"), "{text}");
    let fees = describe_fees(form, d("2020-06-01"));
    assert!(fees.contains("from 2020-01-01: €174 (base fee)"), "{fees}");
    assert!(fees.contains("€0 art8-insufficient-income"), "{fees}");
    assert!(
        fees.contains("proof to enclose: income-statement-t2 and loan-evidence"),
        "{fees}"
    );
    assert!(
        fees.contains("a newer schedule starts on 2022-01-01"),
        "{fees}"
    );
    assert!(describe_fees(form, d("2000-01-01")).contains("the oldest starts on 2014-01-01"));
    assert_eq!(format_eur(17450), "€174.50");
}

#[test]
fn fact_values_from_toml_follow_the_declared_type() {
    let set = set();
    let Some(form) = set.get("7018") else {
        panic!("7018")
    };
    let Some(art8) = form.fact("art8") else {
        panic!("art8")
    };
    assert_eq!(
        art8.value_from_toml(&toml::Value::Boolean(true)),
        Some(FactValue::Bool(true))
    );
    assert_eq!(
        art8.value_from_toml(&toml::Value::String("true".into())),
        None
    );
    assert_eq!(art8.value_from_toml(&toml::Value::Integer(1)), None);
    let date = FactDef {
        key: "since".into(),
        kind: FactKind::Date,
        meaning_nl: String::new(),
        meaning_en: String::new(),
    };
    let Ok(v) = "since = 2020-02-29".parse::<toml::Table>() else {
        panic!("toml")
    };
    assert_eq!(
        date.value_from_toml(&v["since"]),
        Some(FactValue::Date(d("2020-02-29")))
    );
}

#[test]
fn required_lists_the_lines_that_apply() {
    let set = set();
    let Some(form) = set.get("7026") else {
        panic!("7026")
    };
    let f = facts(&["buiten_schuld"]);
    let s = Subject {
        facts: &f,
        nationality: Some("AF"),
        sponsor_nationality: None,
        age: Some(40),
        submit_on: d("2026-01-01"),
    };
    let kinds: Vec<&str> = form
        .required(&s, &set.countries)
        .map(|r| r.kinds[0].as_str())
        .collect();
    assert_eq!(kinds, ["application-form", "dtv-advice"]);
}

#[test]
fn checklist_7018_other_purposes() {
    let set = set();
    let mobility = Case {
        facts: &["long_term_mobility"],
        ..Case::default()
    };
    assert!(required(set, "7018", &mobility).contains(&kinds(&[&["health-insurance"]])[0]));
    let medical = Case {
        facts: &["family_of_medical_treatment_holder", "sponsor_employed"],
        ..Case::default()
    };
    let got = required(set, "7018", &medical);
    assert!(got.contains(&kinds(&[&["payslip"]])[0]), "{got:?}");
    assert!(got.contains(
        &kinds(&[&[
            "marriage-certificate",
            "partnership-certificate",
            "birth-certificate",
            "family-register"
        ]])[0]
    ));
    let protected = Case {
        facts: &["family_of_protected_holder", "sponsor_employed"],
        ..Case::default()
    };
    assert!(!required(set, "7018", &protected).contains(&kinds(&[&["payslip"]])[0]));
}

#[test]
fn sources_are_described() {
    let text = describe_sources(set());
    assert!(
        text.contains("V-number: 10 digits (unverified assumption"),
        "{text}"
    );
    assert!(
        text.contains("maximum age of unmarried-declaration: 6 months"),
        "{text}"
    );
    assert!(text.contains("Apostille Convention parties: "), "{text}");
}

/// Every subset of `keys`.
fn subsets<'k>(keys: &[&'k str]) -> Vec<Vec<&'k str>> {
    (0..1u32 << keys.len())
        .map(|bits| {
            keys.iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, k)| *k)
                .collect()
        })
        .collect()
}

/// SPEC section 7, 2020 schedule, written out independently of the data: every fact
/// combination of every form must give these amounts.
#[test]
fn every_fact_combination_of_spec_section_7() {
    let set = set();
    let fee =
        |form: &str, facts: &[&str], nationality: &str, sponsor: &str, age: i32, proof: &[&str]| {
            let c = Case {
                facts,
                nationality,
                sponsor: Some(sponsor),
                age,
                on: "2020-07-01",
                enclosed: proof,
            };
            eur(set, form, c)
        };
    let proofs: [&[&str]; 3] = [&[], &["loan-evidence"], &PROOF];
    for facts in subsets(&[
        "art8",
        "insufficient_income",
        "sponsor_may_work",
        "tev_procedure",
    ]) {
        let has = |k: &str| facts.contains(&k);
        for nationality in ["MA", "TR", "SM", "IL", "US"] {
            for sponsor in ["NL", "TR"] {
                for proof in proofs {
                    let mut want = vec![174];
                    if has("art8") && has("insufficient_income") && proof.len() == 2 {
                        want.push(0);
                    }
                    // "(mvv procedure)": the Benelux exemption waives the mvv's fee (DOMAIN 1a).
                    if (nationality == "SM" || nationality == "IL") && has("tev_procedure") {
                        want.push(0);
                    }
                    if nationality == "TR" || (sponsor == "TR" && has("sponsor_may_work")) {
                        want.push(68);
                    }
                    let want = want.iter().copied().min().unwrap_or(174);
                    let got = fee("7018", &facts, nationality, sponsor, 30, proof);
                    assert_eq!(
                        got, want,
                        "7018 {facts:?} {nationality} sponsor {sponsor} proof {proof:?}"
                    );
                }
            }
        }
    }
    for facts in subsets(&["buiten_schuld", "child_protection"]) {
        let want = if facts.contains(&"buiten_schuld") {
            333
        } else {
            0
        };
        assert_eq!(
            fee("7026", &facts, "AF", "NL", 30, &[]),
            want,
            "7026 {facts:?}"
        );
    }
    let keys = [
        "trafficking",
        "domestic_violence_irregular",
        "after_family_stay",
        "after_violence_or_abandonment",
        "long_stay_children",
    ];
    for facts in subsets(&keys) {
        let has = |k: &str| facts.contains(&k);
        for age in [10, 17, 18, 40] {
            let mut want = Vec::new();
            if has("trafficking") || has("domestic_violence_irregular") {
                want.push(391);
            }
            if has("after_family_stay") || has("after_violence_or_abandonment") {
                want.push(174);
            }
            if has("after_family_stay") && age < 18 {
                want.push(58);
            }
            if has("long_stay_children") {
                want.push(168);
            }
            let want = want.iter().copied().min().unwrap_or(1057);
            assert_eq!(
                fee("7027", &facts, "AF", "NL", age, &[]),
                want,
                "7027 {facts:?} age {age}"
            );
        }
    }
    for nationality in ["TR", "MA"] {
        assert_eq!(fee("7031", &[], nationality, "NL", 30, &[]), 58);
        let want = if nationality == "TR" { 58 } else { 174 };
        assert_eq!(fee("6009", &[], nationality, "NL", 30, &[]), want);
        assert_eq!(fee("7055", &[], nationality, "NL", 9, &[]), 0);
    }
    assert_eq!(fee("7024", &[], "US", "NL", 30, &[]), 1379);
    assert_eq!(
        fee("7024", &["eu_long_term_resident"], "US", "NL", 30, &[]),
        174
    );
}

/// A form file cut off anywhere is an error that names the file and position, or (cut between
/// two tables) a shorter valid file; never a panic.
#[test]
fn truncated_form_files_never_panic() {
    let text = BUILTIN_7018;
    let step = text.len() / 40;
    for cut in (1..40).map(|i| i * step) {
        let mut end = cut;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let dir = data_dir(&[("7018.toml", &text[..end])]);
        match FormSet::load_dir(dir.path()) {
            Err(e) => assert!(e.to_string().contains("7018.toml:"), "cut at {end}: {e}"),
            Ok(set) => assert!(set.get("7018").is_some(), "cut at {end}"),
        }
    }
}
