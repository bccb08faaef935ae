#!/usr/bin/env python3
"""Builds byline's built-in phrase lists (models/en_news/gazetteers/*.txt) from licensed data.

    python3 tools/build_gazetteers.py [--data ../shared/data/gazetteers] [--out models/en_news/gazetteers]

Inputs (see docs/entities.md for the licences, each list carries a header naming them):
  mledoze_countries/derived_countries_demonyms.tsv   ODbL 1.0   country names, alt spellings, demonyms, capitals
  geonames/countryInfo.tsv, cities15000.txt,        CC BY 4.0  countries, capitals, cities >= 1M people,
  geonames/regionInfo.tsv                                      first-level regions of a few large countries
  gate_annie/title*.lst, jobtitles.lst, religious_adj.lst   LGPL 3  titles, religious groups

Outputs, one entry per line "LABEL<TAB>phrase[<TAB>json value]":
  gpe.txt     GPE   countries, capitals, large cities, regions      value {"country": "RU"}
  loc.txt     LOC   continents and world regions ("Europe", "Western Europe", "Middle East")
  norp.txt    NORP  demonyms (+ plurals), religious and political groups
  titles.txt  TITLE titles and job titles that precede names ("President", "Prime Minister", "Mr.")
Deterministic: entries are sorted; rerunning on the same inputs gives the same bytes.
"""

import argparse
import csv
import json
import os
import sys

# Editorial additions (not country lists): news abbreviations of the countries whose
# codes mledoze lists only as the bare ISO code, and political/ideological groups that
# no source carries. Everything else comes from the data.
ABBREVIATIONS = {"US": "US", "U.S.": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB", "Britain": "GB"}
# Continent-scale regions news uses that the data has no list for (the rest of loc.txt
# comes from mledoze's region/subregion fields).
EXTRA_LOC = ["Middle East", "Latin America", "Antarctica", "Arctic", "Balkans", "Caucasus", "Sahel"]
GROUPS = [
    "Western",
    "Westerners",
    "Eastern",
    "Muslim",
    "Muslims",
    "Christians",
    "Jewish",
    "Jews",
    "Catholic",
    "Catholics",
    "Protestant",
    "Protestants",
    "Orthodox",
    "Sunni",
    "Sunnis",
    "Shia",
    "Buddhist",
    "Buddhists",
    "Hindu",
    "Hindus",
    "Sikh",
    "Sikhs",
    "Arab",
    "Arabs",
    "Kurdish",
    "Kurds",
    "Democrat",
    "Democrats",
    "Republican",
    "Republicans",
    "Communist",
    "Communists",
    "Conservative",
    "Conservatives",
    "Labour",
    "Socialist",
    "Socialists",
    "Liberal",
    "Liberals",
    "Soviet",
    "Soviets",
    "European",
    "Europeans",
    "Asian",
    "Asians",
    "African",
    "Africans",
    "Latin American",
    "Latin Americans",
    "Middle Eastern",
    "Nordic",
    "Baltic",
    "Slavic",
    "Anglo-Saxon",
    "Nazi",
    "Nazis",
]
# Capitals present in the data under a longer official form.
REGION_COUNTRIES = ["US", "CA", "AU", "CN", "IN", "RU", "DE", "BR", "UA", "GB"]
MIN_CITY_POPULATION = 1_000_000
# Alternate city names that are common English words or too ambiguous in news text.
SKIP_CITY_NAMES = {"Of", "Mobile", "Reading", "Split", "Nice", "Bath", "Van", "Bus"}


def plural(demonym):
    if demonym.endswith(("ese", "sh", "ch", "ss", "s", "x", "z")) or " " in demonym:
        return None
    return demonym + "s"


def is_latin(s):
    return all(ord(c) < 0x250 or c in "’" for c in s)


def dotted(abbrev):
    return ".".join(abbrev) + "." if abbrev.isalpha() and abbrev.isupper() and len(abbrev) <= 3 else None


def read_lines(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return [ln.strip().replace("\r", "") for ln in text.splitlines()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "gazetteers"))
    ap.add_argument("--out", default=os.path.join(here, "..", "models", "en_news", "gazetteers"))
    args = ap.parse_args()
    d = args.data
    os.makedirs(args.out, exist_ok=True)

    gpe = {}  # phrase -> country code
    norp = set()

    def add_gpe(name, cc):
        name = name.strip()
        if name and is_latin(name) and name not in gpe and len(name) > 1:
            gpe[name] = cc

    # ---- countries (mledoze, ODbL) ----
    with open(os.path.join(d, "mledoze_countries", "derived_countries_demonyms.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            cc = row["cca2"]
            add_gpe(row["common_name"], cc)
            if len(row["official_name"].split()) <= 6:
                add_gpe(row["official_name"], cc)
            for alt in row["alt_spellings"].split(";"):
                if alt and alt != cc and (len(alt) >= 3 or alt.isupper()):
                    add_gpe(alt, cc)
                    dd = dotted(alt)
                    if dd:
                        add_gpe(dd, cc)
            for cap in row["capital"].split(";"):
                add_gpe(cap, cc)
            for dem in (row["demonym_eng_m"], row["demonym_eng_f"]):
                if dem and is_latin(dem):
                    norp.add(dem)
                    p = plural(dem)
                    if p:
                        norp.add(p)
    loc = set(EXTRA_LOC)
    with open(os.path.join(d, "mledoze_countries", "countries.json"), encoding="utf-8") as f:
        for c in json.load(f):
            for key in ("region", "subregion"):
                v = c.get(key, "")
                if v and v not in ("Americas", "Antarctic") and " and " not in v:
                    loc.add(v)
    for k, cc in ABBREVIATIONS.items():
        add_gpe(k, cc)

    # ---- GeoNames (CC BY 4.0): countries, capitals, large cities, regions ----
    with open(os.path.join(d, "geonames", "countryInfo.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 5:
                add_gpe(cols[4], cols[0])
                add_gpe(cols[5], cols[0])
    with open(os.path.join(d, "geonames", "cities15000.txt"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15:
                continue
            pop = int(cols[14] or 0)
            if pop >= MIN_CITY_POPULATION or cols[7] == "PPLC":
                for name in (cols[1], cols[2]):
                    if name not in SKIP_CITY_NAMES:
                        add_gpe(name, cols[8])
    with open(os.path.join(d, "geonames", "regionInfo.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3 and cols[0].split(".")[0] in REGION_COUNTRIES:
                add_gpe(cols[1], cols[0].split(".")[0])
                add_gpe(cols[2], cols[0].split(".")[0])

    # ---- GATE ANNIE (LGPL 3): religious groups, titles ----
    for ln in read_lines(os.path.join(d, "gate_annie", "religious_adj.lst")):
        if ln and ln[0].isupper():
            norp.add(ln.split("&")[0])
    norp.update(GROUPS)
    titles = set()
    for name in ["title.lst", "title_male.lst", "title_female.lst", "title_pol.lst", "title_mil.lst", "jobtitles.lst"]:
        for ln in read_lines(os.path.join(d, "gate_annie", name)):
            ln = ln.split("&")[0].strip()
            if ln and ln[0].isupper() and len(ln.split()) <= 4 and is_latin(ln):
                titles.add(ln)
    # demonyms never count as GPE names
    for n in norp:
        gpe.pop(n, None)

    def write(fname, header, rows):
        with open(os.path.join(args.out, fname), "w", encoding="utf-8", newline="\n") as f:
            f.write(header)
            for r in rows:
                f.write("\t".join(r) + "\n")

    src = "# Generated by tools/build_gazetteers.py -- do not edit by hand.\n"
    write(
        "gpe.txt",
        src + "# Data: mledoze/countries (ODbL 1.0), GeoNames (CC BY 4.0, geonames.org).\n"
        "# This list is a derived database under ODbL 1.0; see docs/entities.md.\n",
        [("GPE", k, json.dumps({"country": v}, separators=(",", ":"))) for k, v in sorted(gpe.items())],
    )
    write(
        "norp.txt",
        src + "# Data: mledoze/countries demonyms (ODbL 1.0), GATE ANNIE religious_adj.lst (LGPL 3),\n"
        "# editorial group names in tools/build_gazetteers.py. See docs/entities.md.\n",
        [("NORP", k) for k in sorted(norp)],
    )
    write(
        "loc.txt",
        src + "# Data: mledoze/countries region and subregion names (ODbL 1.0), editorial additions\n"
        "# in tools/build_gazetteers.py. See docs/entities.md.\n",
        [("LOC", k) for k in sorted(loc)],
    )
    write(
        "titles.txt",
        src + "# Data: GATE ANNIE title*.lst and jobtitles.lst (LGPL 3). See docs/entities.md.\n",
        [("TITLE", k) for k in sorted(titles)],
    )
    print(f"gpe {len(gpe)}, loc {len(loc)}, norp {len(norp)}, titles {len(titles)} -> {args.out}", file=sys.stderr)
    # Inside a model package the file list of meta.json (sizes, sha256) must follow the lists.
    package = os.path.dirname(os.path.abspath(args.out))
    if os.path.isfile(os.path.join(package, "meta.json")):
        sys.path.insert(0, here)
        import package_meta

        package_meta.main([package])


if __name__ == "__main__":
    main()
