#!/usr/bin/env python3
"""Writes N case folders that hold only a case.toml (no copies), for timing discovery and the
case-level rules of `dossier check` on a large drive. Deterministic; invented people only.

    python3 scripts/gen-plain-cases.py --cases 10000 --out /tmp/plain10k
"""
import argparse
import os
import random

FORMS = ["7018", "7026", "7027", "7031", "7024", "6009", "7055"]
NATIONS = ["TR", "MA", "SY", "ER", "AF", "IR", "US", "SM", "PL", "VN"]
FIRST = ["Şükrü", "Łukasz", "Nguyễn", "Amira", "Yusuf", "Olena", "Mehmet", "Fatima", "Dawit"]
LAST = ["Yılmaz", "Wąsik", "Thị Hương", "El Amrani", "Haile", "Kovalenko", "Demir", "Rahimi"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    for i in range(a.cases):
        vol = f"volunteer-{i % 37:02d}"
        cid = f"2026-{i:05d}"
        d = os.path.join(a.out, str(2025 + i % 2), vol, cid)
        os.makedirs(d, exist_ok=True)
        form = FORMS[i % len(FORMS)]
        facts = ""
        if form == "7018":
            facts = "[facts]\nart8 = %s\ninsufficient_income = false\n" % ("true" if i % 5 == 0 else "false")
        docs = []
        docs.append('[[documents]]\nkind = "passport"\nfiles = ["copies/passport.pdf"]\nvalid_until = 2031-01-01\n')
        docs.append('[[documents]]\nkind = "application-form"\nfiles = ["copies/form.pdf"]\n')
        if i % 3 == 0:
            docs.append('[[documents]]\nkind = "birth-certificate"\nfiles = ["copies/birth.pdf"]\n'
                        'issued_in = "MA"\nlanguage = "ar"\nlegalisation = "legalised"\n'
                        'translation = ["copies/birth.nl.pdf"]\ntranslator = "sworn"\n')
        text = (
            "schema = 1\n\n[case]\nid = \"%s\"\nform = \"%s\"\nsubmit_on = 2026-12-01\n\n"
            "[applicant]\nname = \"%s %s\"\nborn = %04d-%02d-%02d\nnationality = \"%s\"\n"
            "v_number = \"%010d\"\n\n%s\n%s"
            % (cid, form, rnd.choice(FIRST), rnd.choice(LAST), 1960 + rnd.randrange(45),
               1 + rnd.randrange(12), 1 + rnd.randrange(28), rnd.choice(NATIONS),
               3000000000 + i, facts, "\n".join(docs))
        )
        with open(os.path.join(d, "case.toml"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
