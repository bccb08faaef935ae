#!/usr/bin/env python3
"""Build the NER gazetteer (lines "TYPE<TAB>phrase") from ../shared/data/gazetteers.

Usage: python3 tools/ner/build_gazetteer.py [--data DIR] [--no-gate] OUT

Sources and licences (see each SOURCE.txt / LICENSE under the data directory):
  geonames/            CC BY 4.0 (GeoNames)            -> country, city, region
  us_names_smashew/    Unlicense / US Census           -> first_name, surname
  nltk nationalities   public domain                   -> demonym
  gate_annie/          LGPL v3 (GATE ANNIE lists)      -> demonym, org_suffix, org, company, title, ...
                       (skipped with --no-gate)
Phrases are split on whitespace (CoNLL-like tokens), at most 6 tokens; the output
is sorted, so the file is a deterministic function of the inputs.
"""

import argparse
import os
import re
import sys

GATE = {
    # list file -> type
    "country.lst": "country",
    "country_cap.lst": "country",
    "city.lst": "city",
    "city_cap.lst": "city",
    "province.lst": "region",
    "state_us.lst": "region",
    "region.lst": "region",
    "country_adj.lst": "demonym",
    "cdg.lst": "org_suffix",
    "org_ending.lst": "org_suffix",
    "org_key.lst": "org_key",
    "org_base.lst": "org_key",
    "company.lst": "company",
    "company_cap.lst": "company",
    "more_company.lst": "company",
    "organization.lst": "org",
    "government.lst": "org",
    "political_party.lst": "org",
    "newspapers.lst": "org",
    "team.lst": "org",
    "sport.lst": "org",
    "jobtitles.lst": "title",
    "title.lst": "title",
    "title_male.lst": "title",
    "title_female.lst": "title",
    "title_pol.lst": "title",
    "title_mil.lst": "title",
    "person_first.lst": "first_name",
    "person_male.lst": "first_name",
    "person_female.lst": "first_name",
    "person_full.lst": "person",
    "person_ending.lst": "person_suffix",
    "day.lst": "date_word",
    "months.lst": "date_word",
    "loc_key.lst": "loc_key",
    "facility_key.lst": "loc_key",
}


# Common news abbreviations of country names (hand-written, this project).
COUNTRY_ABBREVIATIONS = [
    "U.S.",
    "U.S.A.",
    "US",
    "USA",
    "U.K.",
    "UK",
    "UAE",
    "U.A.E.",
    "USSR",
    "U.S.S.R.",
    "PRC",
    "DPRK",
    "ROK",
    "FRG",
    "GDR",
    "N.Z.",
]


def read_lines(path, encodings=("utf-8", "latin-1")):
    data = open(path, "rb").read()
    for enc in encodings:
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.normpath(os.path.join(here, "../../../shared/data/gazetteers")))
    ap.add_argument("--no-gate", action="store_true")
    ap.add_argument("out")
    a = ap.parse_args()
    d = a.data
    out = set()

    def add(t, phrase):
        phrase = " ".join(phrase.split())
        if not phrase or len(phrase.split()) > 6 or "\t" in phrase:
            return
        out.add((t, phrase))

    # GeoNames
    for line in read_lines(os.path.join(d, "geonames/countryInfo.tsv")):
        c = line.split("\t")
        if len(c) > 5:
            add("country", c[4])
            add("city", c[5])
    for line in read_lines(os.path.join(d, "geonames/regionInfo.tsv")):
        c = line.split("\t")
        if len(c) > 2:
            add("region", c[1])
            add("region", c[2])
    for line in read_lines(os.path.join(d, "geonames/cities15000.txt")):
        c = line.split("\t")
        if len(c) > 2:
            add("city", c[1])
            add("city", c[2])
    for abbr in COUNTRY_ABBREVIATIONS:
        add("country", abbr)
    # US names (public domain)
    for line in read_lines(os.path.join(d, "us_names_smashew/first_names_us.txt")):
        add("first_name", line.title())
    for line in read_lines(os.path.join(d, "us_names_smashew/surnames_us.txt")):
        add("surname", line.title())
    for line in read_lines(os.path.join(d, "nltk_gazetteers_names/gazetteers/nationalities.txt")):
        add("demonym", line)
    if not a.no_gate:
        g = os.path.join(d, "gate_annie")
        for name, t in sorted(GATE.items()):
            p = os.path.join(g, name)
            if not os.path.exists(p):
                continue
            for line in read_lines(p):
                # GATE features follow the entry after '&' or ':' ("U.S.:ISO2=US:...").
                add(t, re.split(r"[&:](?=[^&:]*=)", line)[0])
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(
            "# byline NER gazetteer built by tools/ner/build_gazetteer.py%s\n" % (" --no-gate" if a.no_gate else "")
        )
        for t, p in sorted(out):
            f.write("%s\t%s\n" % (t, p))
    print("wrote %d entries to %s" % (len(out), a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
