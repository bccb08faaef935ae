#include "rules_en.h"

#include <cctype>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace byline::internal {
namespace {

// Abbreviations that keep their period. Titles and name-internal abbreviations never end a sentence.
constexpr const char* kTitles[] = {
    "Mr.",    "Mrs.",  "Ms.",   "Dr.",   "Prof.", "Gen.",   "Sen.",  "Rep.",  "Gov.",  "Lt.",   "Col.",
    "Maj.",   "Capt.", "Cpt.",  "Sgt.",  "Cpl.",  "Pvt.",   "Adm.",  "Cmdr.", "Rev.",  "Fr.",   "Hon.",
    "Pres.",  "Supt.", "Insp.", "Det.",  "Amb.",  "Atty.",  "Brig.", "Gens.", "Messrs.", "Mme.", "Mlle.",
    "St.",    "Mt.",   "Ft.",   "No.",   "Nos.",  "Nr.",    "vs.",   "v.",    "approx.", "Sens.", "Reps.",
    "cf.",    "Jan.",  "Feb.",  "Mar.",  "Apr.",  "Jun.",   "Jul.",  "Aug.", "Sep.",  "Sept.", "Oct.",
    "Nov.",   "Dec.",  "Mon.",  "Tue.",  "Tues.", "Wed.",   "Thu.",  "Thur.", "Thurs.", "Fri.", "Sat.",
    "Sun.",   "Ave.",  "Blvd.", "Rd.",   "Hwy.",  "Dept.",  "Univ.", "Fig.",  "Figs.", "Vol.",  "Vols.",
    "pp.",    "p.",    "ch.",   "Ch.",   "Art.",  "Sec.",   "Gen.",  "Ald.",  "Rt.",   "Sr.",   "Jr.",
};
constexpr const char* kAbbrevs[] = {
    "Inc.",  "Corp.", "Ltd.",  "Co.",   "Cos.",  "Bros.", "Plc.", "Ltda.", "Pty.", "Assn.", "Ass'n.",
    "Intl.", "Int'l.", "Govt.", "est.",  "etc.",  "al.",   "Calif.", "Conn.", "Fla.", "Ill.", "Mass.",
    "Mich.", "Minn.", "Penn.", "Tenn.", "Tex.",  "Wash.", "Wis.", "Ariz.", "Colo.", "Okla.", "Ore.",
    "Ky.",   "La.",   "Md.",   "Mo.",   "Neb.",  "Nev.",  "Va.",   "Ga.",   "Ala.",  "Ark.", "Del.",
    "Kan.",  "Miss.", "Mont.", "Wyo.",  "Ind.",  "Ida.",  "Iowa.", "Vt.",  "a.m.", "p.m.", "A.M.",
    "P.M.",  "e.g.",  "i.e.",  "viz.",  "ca.",   "incl.", "Jan.", "Mln.", "mln.", "bln.", "Bln.", "pct.",
    "Dem.",  "Rep.",  "ft.",   "in.",   "lb.",   "lbs.",  "oz.",   "sq.",   "yr.",   "yrs.", "min.",
    "max.",  "Nov.",  "U.S.",  "U.K.",  "U.N.",  "E.U.",  "D.C.",  "L.A.",  "N.Y.",  "S.A.",  "N.V.",
    "B.V.",  "A.G.",  "AG.",   "Ph.D.", "M.D.",  "B.A.",  "M.A.",  "Esq.",  "Gov't.", "dept.", "approx.",
};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

struct Tables {
  std::unordered_map<std::string, SpecialCase> special;
  std::unordered_set<std::string> tlds;
  std::unordered_set<std::string> starters;

  void add(const std::string& text, std::vector<std::uint8_t> lengths, std::uint8_t flags = 0) {
    special.emplace(text, SpecialCase{std::move(lengths), flags});
  }
  void add_abbrev(const std::string& a, std::uint8_t flags) {
    auto len = static_cast<std::uint8_t>(a.size());
    // As written, and in capitals for headlines ("INC.", "MR."); existing entries win.
    if (!special.count(a)) add(a, {len}, flags);
    std::string up = upper_ascii(a);
    if (!special.count(up)) add(up, {len}, flags);
  }

  Tables() {
    for (const char* t : kTitles) add_abbrev(t, kAbbrev | kTitle);
    for (const char* a : kAbbrevs) add_abbrev(a, kAbbrev);

    // Contractions split as in the Penn Treebank / CoNLL: "don't" -> "do" "n't".
    struct Contraction { const char* text; std::uint8_t first; };
    const Contraction irregular[] = {{"can't", 2}, {"won't", 2}, {"shan't", 2}, {"ain't", 2}, {"cannot", 3},
                                     {"don't", 2}, {"gonna", 3}, {"gotta", 3}, {"wanna", 3}};
    for (const auto& c : irregular) {
      for (const std::string apo : {"'", "\xE2\x80\x99"}) {
        std::string s = c.text;
        auto pos = s.find('\'');
        if (pos != std::string::npos) s.replace(pos, 1, apo);
        else if (apo != "'") continue;
        auto total = static_cast<std::uint8_t>(s.size());
        std::uint8_t first = c.first;
        for (const std::string& v : {s, std::string(1, static_cast<char>(std::toupper(s[0]))) + s.substr(1), upper_ascii(s)})
          add(v, {first, static_cast<std::uint8_t>(total - first)});
      }
    }
    // Clitics standing alone (as in pre-tokenised text) stay single tokens.
    for (const char* c : {"'s", "'m", "'d", "'ll", "'re", "'ve", "n't", "'S", "'M", "'D", "'LL", "'RE", "'VE",
                          "N'T", "'em", "'n'", "o'clock", "O'clock"}) {
      std::string s = c;
      add(s, {static_cast<std::uint8_t>(s.size())});
      auto pos = s.find('\'');
      if (pos != std::string::npos) {
        s.replace(pos, 1, "\xE2\x80\x99");
        add(s, {static_cast<std::uint8_t>(s.size())});
      }
    }
    // Emoticons.
    for (const char* e : {":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":-P", ":/", "<3", ":'(", "^_^", "xD"})
      add(e, {static_cast<std::uint8_t>(std::string(e).size())});

    for (const char* t : {"com", "org", "net", "gov", "edu", "mil", "int", "info", "biz", "io", "co", "ai", "app",
                          "news", "tv", "me", "ru", "cn", "uk", "us", "de", "fr", "it", "es", "nl", "be", "ch",
                          "at", "se", "no", "dk", "fi", "pl", "cz", "ua", "by", "kz", "jp", "kr", "in", "au",
                          "nz", "ca", "br", "mx", "ar", "za", "ng", "ke", "eg", "tr", "ir", "il", "sa", "ae",
                          "hk", "tw", "sg", "my", "id", "th", "vn", "ph", "pk", "eu", "online", "site", "org.uk"})
      tlds.insert(t);
    for (const char* w : {"The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These",
                          "Those", "In", "On", "At", "But", "And", "However", "Meanwhile", "There", "His", "Her",
                          "Its", "Their", "Our", "As", "If", "When", "While", "After", "Before", "According",
                          "Some", "Many", "Most", "For", "Officials", "Analysts", "What", "Why", "How", "Yet",
                          "Still", "Also", "Last", "Next", "Earlier", "Later", "Both", "So", "Such", "Then"})
      starters.insert(w);
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

const SpecialCase* find_special(std::string_view chunk) {
  const auto& m = tables().special;
  auto it = m.find(std::string(chunk));
  return it == m.end() ? nullptr : &it->second;
}

std::uint8_t abbreviation_flags(std::string_view token) {
  if (token.size() < 2 || token.back() != '.') return 0;
  if (const SpecialCase* sc = find_special(token); sc && sc->lengths.size() == 1 && sc->flags) return sc->flags;
  // Initials: one or more "X." groups ("J.", "U.S.", "J.R.R.", "e.g.").
  if (token.size() % 2 == 0) {
    bool ok = true;
    for (std::size_t i = 0; i < token.size(); i += 2)
      if (!std::isalpha(static_cast<unsigned char>(token[i])) || token[i + 1] != '.') { ok = false; break; }
    if (ok) {
      // A single capital initial ("J.") belongs to a name and never ends a sentence.
      if (token.size() == 2 && std::isupper(static_cast<unsigned char>(token[0]))) return kAbbrev | kTitle;
      return kAbbrev;
    }
  }
  return 0;
}

bool is_known_tld(std::string_view label) { return tables().tlds.count(lower_ascii(label)) != 0; }

bool is_sentence_starter(std::string_view word) { return tables().starters.count(std::string(word)) != 0; }

}  // namespace byline::internal
