#include "rules_en.h"

#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace byline::internal {
namespace {

// Abbreviations that keep their period. Titles and name-internal abbreviations never end a sentence.
constexpr const char* kTitles[] = {
    "Mr.",   "Mrs.",  "Ms.",   "Dr.",  "Prof.", "Gen.",  "Sen.",  "Rep.",  "Gov.",    "Lt.",   "Col.",
    "Maj.",  "Capt.", "Cpt.",  "Sgt.", "Cpl.",  "Pvt.",  "Adm.",  "Cmdr.", "Rev.",    "Fr.",   "Hon.",
    "Pres.", "Supt.", "Insp.", "Det.", "Amb.",  "Atty.", "Brig.", "Gens.", "Messrs.", "Mme.",  "Mlle.",
    "St.",   "Sts.",  "Drs.",  "Mt.",  "Ft.",   "No.",   "Nos.",  "Nr.",   "vs.",     "v.",    "approx.",
    "Sens.", "Reps.", "cf.",   "Jan.", "Feb.",  "Mar.",  "Apr.",  "Jun.",  "Jul.",    "Aug.",  "Sep.",
    "Sept.", "Oct.",  "Nov.",  "Dec.", "Mon.",  "Tue.",  "Tues.", "Wed.",  "Thu.",    "Thur.", "Thurs.",
    "Fri.",  "Ave.",  "Blvd.", "Rd.",  "Hwy.",  "Dept.", "Univ.", "Fig.",  "Figs.",   "Vol.",  "Vols.",
    "pp.",   "p.",    "ch.",   "Ch.",  "Art.",  "Sec.",  "Gen.",  "Ald.",  "Rt.",     "Sr.",   "Jr.",
};
constexpr const char* kAbbrevs[] = {
    "Inc.",   "Corp.", "Ltd.",  "Co.",   "Cos.",  "Bros.",  "Plc.",  "Ltda.", "Pty.",   "Assn.", "Ass'n.",  "Intl.",
    "Int'l.", "Govt.", "est.",  "etc.",  "al.",   "Calif.", "Conn.", "Fla.",  "Ill.",   "Mass.", "Mich.",   "Minn.",
    "Tenn.",  "Tex.",  "Wash.", "Wis.",  "Ariz.", "Colo.",  "Okla.", "Ore.",  "Ky.",    "La.",   "Md.",     "Mo.",
    "Neb.",   "Nev.",  "Va.",   "Ga.",   "Ala.",  "Ark.",   "Del.",  "Ont.",  "Que.",   "Kan.",  "Miss.",   "Mont.",
    "Wyo.",   "Ind.",  "Vt.",   "a.m.",  "p.m.",  "A.M.",   "P.M.",  "e.g.",  "i.e.",   "viz.",  "ca.",     "incl.",
    "Jan.",   "Mln.",  "mln.",  "bln.",  "Bln.",  "pct.",   "Dem.",  "Rep.",  "ft.",    "lb.",   "lbs.",    "oz.",
    "sq.",    "yr.",   "yrs.",  "Nov.",  "U.S.",  "U.K.",   "U.N.",  "E.U.",  "D.C.",   "L.A.",  "N.Y.",    "S.A.",
    "N.V.",   "B.V.",  "A.G.",  "Ph.D.", "M.D.",  "B.A.",   "M.A.",  "Esq.",  "Gov't.", "dept.", "approx.",
};

char upper_char(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
char lower_char(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = upper_char(c);
  return out;
}

struct Tables {
  std::deque<std::string> storage;  // stable addresses for the string_view keys
  std::unordered_map<std::string_view, SpecialCase> special;
  std::unordered_set<std::string_view> tlds;
  std::unordered_set<std::string_view> starters;
  // first_bytes[len] has bit (c & 63) set when some special case of `len` bytes starts with byte c.
  std::uint64_t first_bytes[kMaxSpecialBytes + 1] = {};
  std::uint64_t last_bytes[kMaxSpecialBytes + 1] = {};  // the same for the last byte

  std::string_view keep(std::string s) {
    storage.push_back(std::move(s));
    return storage.back();
  }
  void add(const std::string& text, std::initializer_list<std::size_t> lengths, std::uint8_t flags = 0) {
    if (text.size() > kMaxSpecialBytes || special.count(text)) return;  // first entry wins
    SpecialCase sc;
    for (std::size_t l : lengths) sc.lengths[sc.count++] = static_cast<std::uint8_t>(l);
    sc.flags = flags;
    std::string_view key = keep(text);
    special.emplace(key, sc);
    first_bytes[key.size()] |= std::uint64_t{1} << (static_cast<unsigned char>(key[0]) & 63);
    last_bytes[key.size()] |= std::uint64_t{1} << (static_cast<unsigned char>(key.back()) & 63);
  }
  void add_abbrev(const std::string& a, std::uint8_t flags) {
    add(a, {a.size()}, flags);
    // Capitalised abbreviations also match in capitals, for headlines ("INC.", "MR.").
    if (a[0] >= 'A' && a[0] <= 'Z') add(upper_ascii(a), {a.size()}, flags);
  }

  Tables() {
    for (const char* t : kTitles) add_abbrev(t, kAbbrev | kTitle);
    for (const char* a : kAbbrevs) add_abbrev(a, kAbbrev);

    // Irregular contractions, split as in the Penn Treebank / CoNLL: "can't" -> "ca" "n't".
    // The regular ones ("isn't", "it's", "we'll") are split by the clitic suffix rule.
    struct Contraction {
      const char* text;
      std::size_t first;
    };
    const Contraction irregular[] = {{"can't", 2}, {"won't", 2}, {"shan't", 3}, {"ain't", 2},
                                     {"gonna", 3}, {"gotta", 3}, {"wanna", 3}};
    for (const auto& c : irregular) {
      for (const char* apo : {"'", "\xE2\x80\x99"}) {
        std::string s = c.text;
        auto pos = s.find('\'');
        if (pos != std::string::npos)
          s.replace(pos, 1, apo);
        else if (std::strcmp(apo, "'") != 0)
          continue;
        std::string cap = s;
        cap[0] = upper_char(cap[0]);
        for (const std::string& v : {s, cap, upper_ascii(s)}) add(v, {c.first, v.size() - c.first});
      }
    }
    // Clitics standing alone (as in pre-tokenised text) and words with an inner
    // apostrophe that are not contractions stay single tokens.
    for (const char* c : {"'s", "'m", "'d", "'ll", "'re", "'ve", "n't", "'S", "'M", "'D", "'LL", "'RE", "'VE", "N'T",
                          "'em", "'n'", "o'clock", "O'clock", "O'CLOCK"}) {
      std::string s = c;
      add(s, {s.size()});
      auto pos = s.find('\'');
      if (pos != std::string::npos) {
        s.replace(pos, 1, "\xE2\x80\x99");
        add(s, {s.size()});
      }
    }
    // Emoticons.
    for (const char* e :
         {":)",  ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P",  ":-P", ":p",  ":-p",  ":/",  ":-/", "<3",
          ":'(", "^_^", "^^", "xD",  "XD", "=)",  ":o", ":O",  "-_-", "o_O", "O_o", ":-))", ":))", ":(("})
      add(e, {std::strlen(e)});

    for (const char* t :
         {"com", "org", "net", "gov", "edu", "mil", "int", "info", "biz", "io",     "co",   "ai", "app", "news",
          "tv",  "me",  "ru",  "cn",  "uk",  "us",  "de",  "fr",   "it",  "es",     "nl",   "be", "ch",  "at",
          "se",  "no",  "dk",  "fi",  "pl",  "cz",  "ua",  "by",   "kz",  "jp",     "kr",   "in", "au",  "nz",
          "ca",  "br",  "mx",  "ar",  "za",  "ng",  "ke",  "eg",   "tr",  "ir",     "il",   "sa", "ae",  "hk",
          "tw",  "sg",  "my",  "id",  "th",  "vn",  "ph",  "pk",   "eu",  "online", "site", "ie", "pt",  "gr",
          "ro",  "hu",  "bg",  "rs",  "hr",  "lt",  "lv",  "ee",   "cl",  "pe",     "ve"})
      tlds.insert(t);
    for (const char* w : {"The",  "A",       "An",        "He",       "She",   "It",     "They",      "We",    "I",
                          "You",  "This",    "That",      "These",    "Those", "In",     "On",        "At",    "But",
                          "And",  "However", "Meanwhile", "There",    "His",   "Her",    "Its",       "Their", "Our",
                          "As",   "If",      "When",      "While",    "After", "Before", "According", "Some",  "Many",
                          "Most", "For",     "Officials", "Analysts", "What",  "Why",    "How",       "Yet",   "Still",
                          "Also", "Last",    "Next",      "Earlier",  "Later", "Both",   "So",        "Such",  "Then"})
      starters.insert(w);
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

void init_rules_en() { (void)tables(); }

const SpecialCase* find_special(std::string_view chunk) noexcept {
  if (chunk.empty() || chunk.size() > kMaxSpecialBytes) return nullptr;
  const Tables& t = tables();
  if (!((t.first_bytes[chunk.size()] >> (static_cast<unsigned char>(chunk[0]) & 63)) & 1)) return nullptr;
  if (!((t.last_bytes[chunk.size()] >> (static_cast<unsigned char>(chunk.back()) & 63)) & 1)) return nullptr;
  auto it = t.special.find(chunk);
  return it == t.special.end() ? nullptr : &it->second;
}

std::uint8_t abbreviation_flags(std::string_view token) noexcept {
  if (token.size() < 2 || token.size() > 32 || token.back() != '.') return 0;
  if (const SpecialCase* sc = find_special(token); sc && sc->count == 1 && sc->flags) return sc->flags;
  // Initials: one or more "X." groups ("J.", "U.S.", "J.R.R.", "e.g."), ASCII letters.
  if (token.size() % 2 == 0) {
    for (std::size_t i = 0; i < token.size(); i += 2) {
      char c = lower_char(token[i]);
      if (c < 'a' || c > 'z' || token[i + 1] != '.') return 0;
    }
    // A single capital initial ("J.") belongs to a name and never ends a sentence.
    if (token.size() == 2 && token[0] >= 'A' && token[0] <= 'Z') return kAbbrev | kTitle;
    return kAbbrev;
  }
  return 0;
}

bool is_known_tld(std::string_view label) noexcept {
  char buf[8];
  if (label.empty() || label.size() > sizeof buf) return false;
  for (std::size_t i = 0; i < label.size(); ++i) buf[i] = lower_char(label[i]);
  return tables().tlds.count(std::string_view(buf, label.size())) != 0;
}

bool is_sentence_starter(std::string_view word) noexcept { return tables().starters.count(word) != 0; }

}  // namespace byline::internal
