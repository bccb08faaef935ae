// Claims: values tied to a sentence's subject entity and predicate; conflicts between values.
#include "byline/claims.h"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <tuple>

#include "analysis/claims_impl.h"
#include "internal/json_parse.h"
#include "internal/utf8.h"

namespace byline {

namespace {

using Json = nlohmann::json;
using Offsets = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

bool is_value_label(std::string_view l) noexcept {
  return l == "DATE" || l == "TIME" || l == "MONEY" || l == "PERCENT" || l == "QUANTITY" || l == "CARDINAL";
}

bool is_subject_label(std::string_view l) noexcept { return l == "PERSON" || l == "ORG" || l == "GPE" || l == "NORP"; }

/// The value as JSON, or null when it is empty or not JSON.
Json parse_value(std::string_view text) {
  if (text.empty()) return nullptr;
  try {
    return internal::parse_json(text);
  } catch (const std::exception&) {
    return nullptr;
  }
}

/// Python truthiness of a JSON value.
bool truthy(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return false;
    case Json::value_t::boolean:
      return v.get<bool>();
    case Json::value_t::number_integer:
      return v.get<std::int64_t>() != 0;
    case Json::value_t::number_unsigned:
      return v.get<std::uint64_t>() != 0;
    case Json::value_t::number_float:
      return v.get<double>() != 0.0;
    case Json::value_t::string:
      return !v.get_ref<const std::string&>().empty();
    case Json::value_t::array:
    case Json::value_t::object:
      return !v.empty();
    default:
      return true;
  }
}

/// A number (booleans count as 0 and 1, as in Python).
bool is_number_like(const Json& v) { return v.is_number() || v.is_boolean(); }
double as_double(const Json& v) { return v.is_boolean() ? (v.get<bool>() ? 1.0 : 0.0) : v.get<double>(); }

/// Values left out: none, and bare CARDINALs below 10 ("two countries").
bool claimable(std::string_view label, std::string_view value_json) {
  const Json v = parse_value(value_json);
  if (v.is_null()) return false;
  if (label == "CARDINAL" && is_number_like(v) && std::fabs(as_double(v)) < 10) return false;
  return true;
}

/// Python's str.isspace() for one code point.
bool is_py_space(char32_t c) noexcept {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/// Code point at s[i] (valid UTF-8 assumed; a truncated sequence reads as U+FFFD).
char32_t code_point_at(std::string_view s, std::size_t i, int* len) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned char c = p[i];
  int need = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + static_cast<std::size_t>(need) > s.size()) {
    *len = 1;
    return 0xFFFD;
  }
  return internal::decode(p, i, len);
}

/// `s` without leading and trailing white space (Python's str.strip()).
std::string_view py_strip(std::string_view s) noexcept {
  std::size_t b = 0, e = s.size();
  while (b < e) {
    int len = 1;
    if (!is_py_space(code_point_at(s, b, &len))) break;
    b += static_cast<std::size_t>(len);
  }
  while (e > b) {
    std::size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    int len = 1;
    if (!is_py_space(code_point_at(s, start, &len))) break;
    e = start;
  }
  return s.substr(b, e - b);
}

/// s[b:e] with the bounds clamped, as Python slices.
std::string_view slice(std::string_view s, std::uint32_t b, std::uint32_t e) noexcept {
  std::size_t bb = std::min<std::size_t>(b, s.size()), ee = std::min<std::size_t>(e, s.size());
  return ee > bb ? s.substr(bb, ee - bb) : std::string_view{};
}

/// Offset of the n-th code point of s (s.size() when s is shorter): s[:n] / s[n:] in Python.
std::size_t code_point_offset(std::string_view s, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i < s.size() && n > 0; --n) {
    int len = 1;
    code_point_at(s, i, &len);
    i += static_cast<std::size_t>(len);
  }
  return i;
}

/// Python's \d: a code point of category Nd.
bool is_decimal_digit(char32_t c) noexcept {
  return utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_ND;
}

/// Whether `timex` is "XXXX-" + 2 digits + "-" + 2 digits (re.fullmatch(r"XXXX-(\d\d)-(\d\d)")).
bool is_month_day(std::string_view timex) noexcept {
  if (timex.substr(0, 5) != "XXXX-") return false;
  std::size_t i = 5;
  for (int k = 0; k < 5; ++k) {
    if (i >= timex.size()) return false;
    int len = 1;
    char32_t c = code_point_at(timex, i, &len);
    if (k == 2 ? c != U'-' : !is_decimal_digit(c)) return false;
    i += static_cast<std::size_t>(len);
  }
  return i == timex.size();
}

/// str(x) of a truthy JSON value used as a unit.
std::string unit_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  return v.dump();
}

/// The label before the first ':' of an interval kind.
std::string_view kind_head(std::string_view kind) noexcept { return kind.substr(0, kind.find(':')); }

}  // namespace

// ----------------------------------------------------------------------------- intervals
namespace internal::claims {

std::optional<Interval> interval_of(std::string_view label, std::string_view value_json) {
  const Json v = parse_value(value_json);
  Interval out;
  if (label == "DATE" || label == "TIME") {
    if (!v.is_object()) return std::nullopt;
    const Json start = v.value("start", Json()), end = v.value("end", Json());
    if (truthy(start) && truthy(end)) {
      if (!start.is_string() || !end.is_string()) return std::nullopt;  // not ISO dates: not compared
      out.kind = "date";
      out.is_text = true;
      out.lo_text = start.get<std::string>();
      out.hi_text = end.get<std::string>();
      return out;
    }
    const Json tj = v.value("timex", Json());
    const std::string timex = tj.is_string() ? tj.get<std::string>() : std::string();
    if (is_month_day(timex)) {
      out.kind = "monthday";
      out.is_text = true;
      out.lo_text = out.hi_text = timex.substr(5);
      return out;
    }
    if (!timex.empty() && (timex[0] == 'P' || timex[0] == 'T')) {
      out.kind = "timex";  // durations, sets and times of day: never compared
      return out;
    }
    return std::nullopt;
  }
  std::string unit;
  bool approx = false;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (v.is_number()) {
    out.lo = out.hi = v.get<double>();
  } else if (v.is_object()) {
    const Json currency = v.value("currency", Json()), unit_value = v.value("unit", Json());
    if (truthy(currency))
      unit = unit_text(currency);
    else if (truthy(unit_value))
      unit = unit_text(unit_value);
    // value.get("value", value.get("amount")): a present "value" wins even when null
    const Json number = v.contains("value") ? v["value"] : v.value("amount", Json());
    const Json lo = v.contains("min") ? v["min"] : number;
    const Json hi = v.contains("max") ? v["max"] : number;
    if (lo.is_null() && hi.is_null()) return std::nullopt;
    if ((!lo.is_null() && !is_number_like(lo)) || (!hi.is_null() && !is_number_like(hi))) return std::nullopt;
    out.lo = lo.is_null() ? -kInf : as_double(lo);
    out.hi = hi.is_null() ? kInf : as_double(hi);
    const Json open = v.value("open", Json());
    if (open.is_string() && open.get<std::string>() == "above") out.hi = kInf;
    if (open.is_string() && open.get<std::string>() == "below") out.lo = -kInf;
    approx = truthy(v.value("approx", Json()));
  } else {
    return std::nullopt;
  }
  if (approx) {
    out.lo = out.lo - 0.1 * std::fabs(out.lo);
    out.hi = out.hi + 0.1 * std::fabs(out.hi);
  }
  out.kind.reserve(label.size() + 1 + unit.size());
  out.kind.append(label).append(":").append(unit);
  return out;
}

bool conflict(const std::optional<Interval>& a, const std::optional<Interval>& b) {
  if (!a || !b) return false;
  if (a->kind != b->kind) {
    if ((a->kind == "date" && b->kind == "monthday") || (a->kind == "monthday" && b->kind == "date")) {
      // a full date against a year-less one: compare month and day within one year
      const Interval& full = a->kind == "date" ? *a : *b;
      const Interval& md = a->kind == "date" ? *b : *a;
      std::string_view lo = full.lo_text, hi = full.hi_text;
      std::string_view lo_md = lo.substr(code_point_offset(lo, 5)), hi_md = hi.substr(code_point_offset(hi, 5));
      bool within = lo_md <= md.lo_text && md.lo_text <= hi_md;
      bool other_years = lo.substr(0, code_point_offset(lo, 4)) != hi.substr(0, code_point_offset(hi, 4));
      return !(within || other_years);
    }
    return kind_head(a->kind) == kind_head(b->kind);  // same label, other currency or unit
  }
  if (a->kind == "timex") return false;
  if (a->is_text) return a->hi_text < b->lo_text || b->hi_text < a->lo_text;
  return a->hi < b->lo || b->hi < a->lo;
}

}  // namespace internal::claims

// ----------------------------------------------------------------------------- predicates
const std::vector<PredicateClass>& predicate_classes() {
  static const std::vector<PredicateClass> kClasses = {
      {"announce", {"announc", "publish", "post", "releas", "unveil", "issued", "declar", "statement", "report"}},
      {"order", {"order", "instruct", "tasked", "directive", "directed", "decree", "mandat", "command"}},
      {"agree", {"agree", "sign", "deal", "accord", "treaty", "pact", "contract"}},
      {"invest", {"invest", "fund", "spend", "spent", "budget", "allocat", "loan", "grant"}},
      {"rank", {"rank", "placed", "position"}},
      {"rise", {"rise", "rose", "risen", "increas", "grew", "grow", "climb", "jump", "surg", "gain"}},
      {"fall", {"fall", "fell", "drop", "declin", "decreas", "slump", "plung", "cut"}},
      {"casualties", {"kill", "die", "died", "dead", "death", "casualt", "injur", "wound", "victim"}},
      {"cost", {"cost", "price", "worth", "valu", "paid", "pay"}},
      {"meet", {"meet", "met", "summit", "talks", "visit"}},
      {"launch", {"launch", "start", "began", "begin", "open"}},
      {"join", {"join", "member"}},
      {"lag", {"behind", "lag", "trail"}},
      {"employ", {"employ", "staff", "worker", "job"}},
      {"population", {"people", "population", "resident", "user", "customer", "citizen"}},
      {"elect", {"elect", "vote", "ballot", "poll"}},
  };
  return kClasses;
}

namespace {

/// Words that start with a stem but name no event ("according to" is an attribution).
const std::vector<std::string_view>& predicate_exceptions() {
  static const std::vector<std::string_view> kExceptions = {
      "accordin",   "signific", "signal",  "fundament", "deadlin", "dealer",      "diet",      "diesel",
      "method",     "metal",    "meter",   "metre",     "metro",   "pollut",      "electric",  "electron",
      "investigat", "joint",    "surger",  "surgeo",    "surgic",  "residential", "commander", "postal",
      "poster",     "postpon",  "postwar", "openly",    "orderly", "startl",      "trailer",   "payload"};
  return kExceptions;
}

constexpr std::size_t kMaxWord = 24;  // longer words are compared by their first letters

/// The class index a lower-case word names, or -1.
int class_of_word(std::string_view word) noexcept {
  for (std::string_view ex : predicate_exceptions())
    if (word.substr(0, ex.size()) == ex) return -1;
  const auto& classes = predicate_classes();
  for (std::size_t c = 0; c < classes.size(); ++c)
    for (std::string_view stem : classes[c].stems)
      if (word.substr(0, stem.size()) == stem) return static_cast<int>(c);
  return -1;
}

bool is_ascii_letter(char ch) noexcept { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); }
char ascii_lower(char ch) noexcept { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; }

}  // namespace

std::vector<std::string> predicates_of(std::string_view text) {
  const auto& classes = predicate_classes();
  std::vector<bool> named(classes.size(), false);
  char buf[kMaxWord];
  std::size_t n = 0, letters = 0;
  auto flush = [&] {
    int c = class_of_word(std::string_view(buf, n));
    if (c >= 0) named[static_cast<std::size_t>(c)] = true;
    n = letters = 0;
  };
  for (char ch : text) {
    if (is_ascii_letter(ch)) {
      if (n < kMaxWord) buf[n++] = ascii_lower(ch);
      ++letters;
    } else if (letters > 0) {
      flush();
    }
  }
  if (letters > 0) flush();
  std::vector<std::string> out;
  for (std::size_t c = 0; c < classes.size(); ++c)
    if (named[c]) out.emplace_back(classes[c].name);
  return out;
}

// ----------------------------------------------------------------------------- claims
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::size_t kReach = 40;  // words searched for a predicate on either side of a value

/// A word of a sentence: a run of ASCII letters or digits, or one punctuation mark that can
/// end a clause.
enum class WordKind : std::uint8_t { kLetters, kDigits, kComma, kBreak };

struct Word {
  std::uint32_t begin = 0, end = 0;
  WordKind kind = WordKind::kLetters;
  std::int8_t cls = -1;      ///< predicate class it names (letters outside names and values)
  bool in_span = false;      ///< inside a name mention or a value entity
  bool in_value = false;     ///< inside a value entity
  bool attribution = false;  ///< inside "according to X"
  bool cut_before = false;   ///< a clause starts at this word
  bool head = false;         ///< a predicate word right after a value: its head noun ("40 jobs")
  std::uint32_t rest = 0;    ///< letter words outside values after this one, to the sentence end
  char lower[12] = {};       ///< first letters, lower case, NUL-padded (for function words)
};

bool word_is(const Word& w, std::string_view s) noexcept {
  return w.kind == WordKind::kLetters && s.size() < sizeof(w.lower) && w.end - w.begin == s.size() &&
         std::string_view(w.lower, s.size()) == s;
}

template <std::size_t N>
bool word_in(const Word& w, const std::string_view (&list)[N]) noexcept {
  for (std::string_view s : list)
    if (word_is(w, s)) return true;
  return false;
}

// Verbs that introduce what someone said or found ("X said ...", "..., X said"): the speaker
// is no subject of the reported clause when that clause names its own.
constexpr std::string_view kSpeechVerbs[] = {
    "said",   "says",      "say",       "told",     "tells",   "noted",  "estimated", "estimates", "estimate",
    "found",  "finds",     "showed",    "shows",    "wrote",   "writes", "argued",    "claimed",   "believes",
    "warned", "predicted", "announced", "reported", "reports", "stated", "added"};
// Auxiliaries: "..., was announced by" is no ", X said" tail.
constexpr std::string_view kAuxiliaries[] = {"was", "were", "is", "are", "be", "been", "has", "have", "had", "not"};
// Words that open a clause of their own.
constexpr std::string_view kClauseOpeners[] = {"while", "whereas", "but", "although", "though", "yet"};
// Determiners between a value and "in"/"of" and the noun that names its event ("$5bn in new funding").
constexpr std::string_view kDeterminers[] = {"a", "an", "the", "new", "its", "their"};
// Words after a value that end the search for its head noun.
constexpr std::string_view kFunctionWords[] = {"in",   "on",    "at",  "of",  "for",  "to",   "by",    "from",
                                               "with", "and",   "or",  "the", "a",    "an",   "than",  "as",
                                               "its",  "their", "his", "her", "this", "that", "which", "who"};

/// The values of one sentence, with the words that surround them.
struct SentenceValue {
  std::size_t index = 0;            ///< into `values`
  std::size_t first = 0, last = 0;  ///< its words [first, last), in the sentence's word list
  bool ordinal = false;
  bool claimable = false;
};

}  // namespace

std::vector<Claim> article_claims(std::string_view text, const Offsets& sentences, const Offsets& paragraphs,
                                  const std::vector<ClaimValueSpan>& values, const std::vector<ClaimNameSpan>& names) {
  const auto& classes = predicate_classes();
  auto class_index = [&](std::string_view name) {
    for (std::size_t c = 0; c < classes.size(); ++c)
      if (classes[c].name == name) return static_cast<int>(c);
    return -2;  // never a word's class
  };
  const int kAnnounce = class_index("announce"), kRank = class_index("rank"), kRise = class_index("rise"),
            kFall = class_index("fall"), kPopulation = class_index("population");
  std::vector<std::size_t> vs, ns;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (is_value_label(values[i].label) || values[i].label == "ORDINAL") vs.push_back(i);
  std::stable_sort(vs.begin(), vs.end(), [&](std::size_t a, std::size_t b) {
    const ClaimValueSpan &x = values[a], &y = values[b];
    return std::tie(x.begin, x.end, x.label, x.text) < std::tie(y.begin, y.end, y.label, y.text);
  });
  for (std::size_t i = 0; i < names.size(); ++i)
    if (is_subject_label(names[i].label) && !names[i].in_boilerplate && names[i].cluster >= 0) ns.push_back(i);
  std::stable_sort(ns.begin(), ns.end(), [&](std::size_t a, std::size_t b) {
    const ClaimNameSpan &x = names[a], &y = names[b];
    return std::tie(x.begin, x.end, x.label, x.cluster) < std::tie(y.begin, y.end, y.label, y.cluster);
  });
  // every name mention (any label) marks its words as no predicate ("Metro Bank", "Fund")
  std::vector<std::pair<std::uint32_t, std::uint32_t>> name_spans;
  name_spans.reserve(names.size());
  for (const ClaimNameSpan& n : names)
    if (n.begin < n.end) name_spans.emplace_back(n.begin, n.end);
  std::sort(name_spans.begin(), name_spans.end());

  std::vector<Claim> out;
  // scratch, reused from sentence to sentence
  std::vector<std::size_t> here;               // eligible names of the sentence
  std::vector<SentenceValue> svals;            // values of the sentence
  std::vector<Word> words;                     // words of the sentence
  std::vector<std::uint32_t> seg_of;           // clause of each word
  std::vector<std::size_t> seg_subject;        // subject (index into names) of each clause
  std::vector<std::size_t> seg_agent;          // the agent of a passive in each clause ("by Pfizer")
  std::vector<std::uint32_t> seg_first_value;  // byte offset of the first value of each clause
  std::vector<char> named(classes.size());
  std::size_t vi = 0, ni = 0, si_name = 0, para = 0;
  std::size_t last_subject = kNone;  // index into `names`
  long long last_para = -1;
  std::size_t count_pos = 0, count_chars = 0;  // code points before byte count_pos
  auto char_offset = [&](std::uint32_t byte) {
    std::size_t b = std::min<std::size_t>(byte, text.size());
    if (b < count_pos) count_pos = count_chars = 0;
    count_chars += internal::count_code_points(text.data() + count_pos, text.data() + b);
    count_pos = b;
    return static_cast<std::uint32_t>(count_chars);
  };
  // a name glued to a hyphen ("UK-based", "Kremlin-backed", "pro-Russia") modifies another word
  auto hyphen_glued = [&](const ClaimNameSpan& n) {
    if (n.end < text.size() && text[n.end] == '-' && n.end + 1 < text.size() && text[n.end + 1] != ' ') return true;
    return n.begin >= 2 && n.begin <= text.size() && text[n.begin - 1] == '-' && text[n.begin - 2] != ' ';
  };
  for (std::size_t si = 0; si < sentences.size(); ++si) {
    const auto [sb, se] = sentences[si];
    here.clear();
    for (; ni < ns.size() && names[ns[ni]].begin < se; ++ni)
      if (names[ns[ni]].begin >= sb && !hyphen_glued(names[ns[ni]])) here.push_back(ns[ni]);
    svals.clear();
    for (; vi < vs.size() && values[vs[vi]].begin < se; ++vi)
      if (values[vs[vi]].begin >= sb) {
        SentenceValue sv;
        sv.index = vs[vi];
        sv.ordinal = values[vs[vi]].label == "ORDINAL";
        sv.claimable = sv.ordinal ? !parse_value(values[vs[vi]].value).is_null()
                                  : claimable(values[vs[vi]].label, values[vs[vi]].value);
        svals.push_back(sv);
      }
    while (para + 1 < paragraphs.size() && paragraphs[para + 1].first <= sb) ++para;
    const std::size_t carried =
        last_subject != kNone && static_cast<long long>(para) - last_para <= 1 ? last_subject : kNone;
    if (here.empty() && (svals.empty() || carried == kNone)) {  // nothing to claim; a carried subject carries on
      if (carried != kNone) last_para = static_cast<long long>(para);
      continue;
    }
    if (svals.empty()) {  // nothing to claim: only a subject to carry (a person, else a name, a nationality last)
      auto rank = [&](std::size_t m) { return names[m].label == "PERSON" ? 0 : names[m].label == "NORP" ? 2 : 1; };
      std::size_t subject = here.front();
      for (std::size_t m : here)
        if (rank(m) < rank(subject)) subject = m;
      last_subject = subject;
      last_para = static_cast<long long>(para);
      continue;
    }

    // ---- words of the sentence
    words.clear();
    const std::uint32_t end = static_cast<std::uint32_t>(std::min<std::size_t>(se, text.size()));
    while (si_name < name_spans.size() && name_spans[si_name].second <= sb) ++si_name;
    std::size_t span_i = si_name, val_i = 0;
    for (std::uint32_t i = sb; i < end;) {
      const char ch = text[i];
      Word w;
      w.begin = i;
      if (is_ascii_letter(ch)) {
        w.kind = WordKind::kLetters;
        while (i < end && is_ascii_letter(text[i])) ++i;
      } else if (ch >= '0' && ch <= '9') {
        w.kind = WordKind::kDigits;
        while (i < end && text[i] >= '0' && text[i] <= '9') ++i;
      } else {
        int len = 1;
        const char32_t cp = code_point_at(text, i, &len);
        i += static_cast<std::uint32_t>(len);
        const bool spaced_dash = (cp == U'\u2014' || cp == U'\u2013' || cp == U'-') && w.begin > sb &&
                                 text[w.begin - 1] == ' ' && i < end && text[i] == ' ';
        if (cp == U',')
          w.kind = WordKind::kComma;
        else if (cp == U';' || cp == U'(' || cp == U')' || spaced_dash)
          w.kind = WordKind::kBreak;
        else
          continue;
      }
      w.end = i;
      while (span_i < name_spans.size() && name_spans[span_i].second <= w.begin) ++span_i;
      for (std::size_t k = span_i; k < name_spans.size() && name_spans[k].first < w.end && !w.in_span; ++k)
        w.in_span = name_spans[k].second > w.begin;
      while (val_i < svals.size() && values[svals[val_i].index].end <= w.begin) ++val_i;
      for (std::size_t k = val_i; k < svals.size() && values[svals[k].index].begin < w.end && !w.in_value; ++k)
        w.in_value = values[svals[k].index].end > w.begin;
      w.in_span = w.in_span || w.in_value;
      if (w.kind == WordKind::kLetters) {
        char buf[kMaxWord];
        std::size_t n = std::min<std::size_t>(kMaxWord, w.end - w.begin);
        for (std::size_t k = 0; k < n; ++k) buf[k] = ascii_lower(text[w.begin + k]);
        for (std::size_t k = 0; k < std::min(n, sizeof(w.lower)); ++k) w.lower[k] = buf[k];
        if (!w.in_span) w.cls = static_cast<std::int8_t>(class_of_word(std::string_view(buf, n)));
      }
      words.push_back(w);
    }
    const std::size_t nw = words.size();
    // "in order to" names no order
    for (std::size_t k = 1; k < nw; ++k)
      if (words[k].cls >= 0 && word_is(words[k], "order") && word_is(words[k - 1], "in")) words[k].cls = -1;
    // values -> word ranges
    {
      std::size_t k = 0;
      for (SentenceValue& sv : svals) {
        const ClaimValueSpan& v = values[sv.index];
        while (k < nw && words[k].end <= v.begin) ++k;
        sv.first = k;
        std::size_t e = k;
        while (e < nw && words[e].begin < v.end) ++e;
        sv.last = std::max(e, k);
      }
    }
    auto in_value = [&](std::size_t k) { return words[k].in_value; };
    for (std::size_t k = nw, rest = 0; k > 0; --k) {
      words[k - 1].rest = static_cast<std::uint32_t>(rest);
      rest += words[k - 1].kind == WordKind::kLetters && !words[k - 1].in_value;
    }
    // the first word that ends after a byte offset (words are in text order)
    auto word_index = [&](std::uint32_t byte) -> std::size_t {
      return static_cast<std::size_t>(
          std::partition_point(words.begin(), words.end(), [&](const Word& w) { return w.end <= byte; }) -
          words.begin());
    };

    // ---- clauses
    for (std::size_t k = 0; k + 1 < nw; ++k) {
      // "according to X": an attribution, a clause of its own, up to the next comma or break
      // within 12 words; without one, to the end of the first name after "to" (else 4 words)
      if (word_is(words[k], "according") && word_is(words[k + 1], "to")) {
        words[k].cut_before = true;
        std::size_t j = k + 2;
        while (j < nw && j < k + 14 && words[j].kind != WordKind::kComma && words[j].kind != WordKind::kBreak) ++j;
        if (j == k + 14 || j == nw) {
          j = k + 2;
          while (j < nw && j < k + 6 && !(words[j].in_span && !words[j].in_value)) ++j;
          if (j < nw && j < k + 6)
            while (j < nw && words[j].in_span && !words[j].in_value) ++j;  // the name
          else
            j = std::min(nw, k + 6);
        }
        for (std::size_t a = k; a < j; ++a) {
          words[a].attribution = true;
          words[a].cls = -1;
        }
        if (j < nw) words[j].cut_before = true;
        k = j > k ? j - 1 : k;
      }
    }
    for (std::size_t k = 0; k < nw; ++k) {
      Word& w = words[k];
      if (w.kind == WordKind::kBreak) w.cut_before = true;
      if (k > 0 && words[k - 1].kind == WordKind::kBreak) w.cut_before = true;
      if (w.kind == WordKind::kComma && k + 1 < nw && word_in(words[k + 1], kClauseOpeners)) w.cut_before = true;
      if (word_in(w, kClauseOpeners) && !(k > 0 && words[k - 1].kind == WordKind::kComma)) w.cut_before = true;
      if (w.kind == WordKind::kComma && k + 1 < nw && word_is(words[k + 1], "and")) w.cut_before = true;
      // ", ending 200 years of ...", ", lifting its user base to ...": a participle opens a clause
      if (w.kind == WordKind::kComma && k + 1 < nw) {
        const Word& n = words[k + 1];
        const std::size_t len = n.end - n.begin;
        if (n.kind == WordKind::kLetters && !n.in_span && len >= 5 && text[n.begin] >= 'a' && text[n.begin] <= 'z' &&
            text.substr(n.end - 3, 3) == "ing" && !word_is(n, "including") && !word_is(n, "according"))
          w.cut_before = true;
      }
      // "and BP cut 500": "and"/"or" after a clause, before a name followed by a verb-like word
      // (not "Norway and Acme Corp signed")
      bool clause_before = false;
      const bool conjunction = word_is(w, "and") || word_is(w, "or");
      for (std::size_t j = k, steps = 0; conjunction && j > 0 && !clause_before && steps < kReach; --j, ++steps) {
        const Word& p = words[j - 1];
        clause_before = in_value(j - 1) || (p.kind == WordKind::kLetters && !p.in_span && !word_in(p, kFunctionWords));
        if (p.cut_before) break;
      }
      if (conjunction && clause_before && k + 1 < nw && words[k + 1].in_span && !in_value(k + 1)) {
        std::size_t j = k + 1;
        while (j < nw && words[j].in_span && !in_value(j)) ++j;
        if (j < nw && word_is(words[j], "s")) ++j;  // "Hungary's"
        if (j < nw && words[j].kind == WordKind::kLetters && !words[j].in_span && !word_in(words[j], kFunctionWords) &&
            text[words[j].begin] >= 'a' && text[words[j].begin] <= 'z')
          w.cut_before = true;
      }
      if (!word_in(w, kSpeechVerbs) || w.in_span) continue;
      // "..., X said (on DATE).": the tail starts at its comma (a few words back, no value
      // between; at most three words after the verb outside values)
      const std::size_t after = w.rest;
      for (std::size_t j = k, steps = 0; after <= 3 && j > 0 && steps < 6; --j, ++steps) {
        const Word& p = words[j - 1];
        if (p.kind == WordKind::kComma) {
          words[j - 1].cut_before = true;
          break;
        }
        if (p.kind == WordKind::kBreak || in_value(j - 1) || word_in(p, kAuxiliaries)) break;  // "was announced"
      }
      // "X said (on DATE) that ...": the reported clause starts at "that" or right after the verb
      bool that = false;
      for (std::size_t j = k + 1; j < nw && j <= k + 8; ++j) {
        if (words[j].kind == WordKind::kBreak) break;
        if (words[j].kind == WordKind::kComma && !in_value(j)) break;
        if (word_is(words[j], "that")) {
          words[j].cut_before = that = true;
          break;
        }
      }
      if (!that && w.cls < 0 && k + 1 < nw) words[k + 1].cut_before = true;
    }
    seg_of.assign(nw, 0);
    std::uint32_t nseg = 0;
    for (std::size_t k = 0; k < nw; ++k) {
      if (words[k].cut_before && k > 0) ++nseg;
      seg_of[k] = nseg;
    }
    ++nseg;
    auto seg_at = [&](std::uint32_t byte) -> std::uint32_t {
      const std::size_t k = word_index(byte);
      return k < nw ? seg_of[k] : nseg - 1;
    };

    // head nouns of the values
    for (const SentenceValue& sv : svals)
      for (std::size_t k = sv.last, n = 0; k < nw && n < 2 && seg_of[k] == seg_of[std::min(sv.first, nw - 1)];
           ++k, ++n) {
        if (words[k].kind != WordKind::kLetters || words[k].in_span || word_in(words[k], kFunctionWords)) break;
        if (words[k].cls >= 0) {
          words[k].head = true;
          break;
        }
      }

    // ---- subject of each clause: its first person, else its first name before its first
    // value; else the subject of the clause before (the first clause: the sentence before's)
    seg_first_value.assign(nseg, se);
    for (const SentenceValue& sv : svals) {
      if (sv.ordinal) continue;
      const std::uint32_t s = sv.first < nw ? seg_of[sv.first] : nseg - 1;
      seg_first_value[s] = std::min(seg_first_value[s], values[sv.index].begin);
    }
    seg_subject.assign(nseg, kNone);
    seg_agent.assign(nseg, kNone);
    for (std::size_t m : here) {
      const std::uint32_t s = seg_at(names[m].begin);
      const std::size_t k = word_index(names[m].begin);
      if (k < nw && words[k].attribution) continue;  // "according to Reuters"
      const std::size_t cur = seg_subject[s];
      if (names[m].label == "PERSON") {
        if (cur == kNone || names[cur].label != "PERSON") seg_subject[s] = m;
      } else if (names[m].begin < seg_first_value[s]) {
        // a nationality is the subject only without another name ("Saudi Aramco", "Russian officials")
        if (cur == kNone || (names[cur].label == "NORP" && names[m].label != "NORP")) seg_subject[s] = m;
      } else if (seg_agent[s] == kNone && k >= 2 && word_is(words[k - 1], "by") &&
                 (words[k - 2].cls >= 0 ||
                  (words[k - 2].end - words[k - 2].begin > 3 && text.substr(words[k - 2].end - 2, 2) == "ed"))) {
        seg_agent[s] = m;  // "was announced by Pfizer": the agent of a passive
      }
    }
    for (std::uint32_t s = 0; s < nseg; ++s)
      if (seg_subject[s] == kNone) seg_subject[s] = seg_agent[s];
    std::size_t sentence_subject = kNone;  // the first subject of its own, else the carried one
    {
      std::size_t running = carried;
      for (std::uint32_t s = 0; s < nseg; ++s) {
        if (seg_subject[s] == kNone)
          seg_subject[s] = running;
        else if (sentence_subject == kNone)
          sentence_subject = seg_subject[s];
        running = seg_subject[s];
      }
      if (sentence_subject == kNone) sentence_subject = carried;
    }

    // ---- one claim per value and predicate that governs it
    std::string_view sentence = slice(text, sb, se);
    std::shared_ptr<const std::string> stripped;  // made with the sentence's first claim
    std::size_t first_claim_subject = kNone;
    // one claim per class in `named`, or one without a predicate
    auto emit = [&](const SentenceValue& sv, std::size_t subject) {
      const ClaimValueSpan& value = values[sv.index];
      if (first_claim_subject == kNone) first_claim_subject = subject;
      const std::string subject_text(slice(text, names[subject].begin, names[subject].end));
      const std::uint32_t cb = char_offset(value.begin), ce = char_offset(value.end);
      bool any = false;
      for (std::size_t c = 0; c <= classes.size(); ++c) {
        if (c < classes.size() && !named[c]) continue;
        if (c == classes.size() && any) break;
        any = true;
        Claim claim;
        claim.entity = sv.index;
        claim.mention = subject;
        claim.subject_cluster = names[subject].cluster;
        claim.subject = subject_text;
        if (c < classes.size()) claim.predicate = std::string(classes[c].name);
        claim.label = value.label;
        claim.text = value.text;
        claim.value = value.value;
        claim.byte_begin = value.begin;
        claim.byte_end = value.end;
        claim.char_begin = cb;
        claim.char_end = ce;
        claim.sentence = static_cast<std::uint32_t>(si);
        if (!stripped) stripped = std::make_shared<const std::string>(py_strip(sentence));
        claim.sentence_text = stripped;
        out.push_back(std::move(claim));
      }
    };
    for (std::size_t x = 0; x < svals.size(); ++x) {
      const SentenceValue& sv = svals[x];
      if (!sv.claimable) continue;
      std::fill(named.begin(), named.end(), 0);
      if (sv.first >= sv.last) {  // no ASCII letter or digit in it ("½", "一百"): no predicate word either
        const std::size_t subject = seg_subject[seg_at(values[sv.index].begin)];
        if (!sv.ordinal && subject != kNone) emit(sv, subject);
        continue;
      }
      const std::uint32_t seg = seg_of[sv.first];
      const bool attributed = words[sv.first].attribution;
      // a source's date ("According to a May 5 post, X ordered"): the subject of what it reports
      const std::size_t subject = attributed && seg + 1 < nseg ? seg_subject[seg + 1] : seg_subject[seg];
      if (subject == kNone) continue;
      auto same_clause = [&](std::size_t k) { return seg_of[k] == seg; };
      // "31st out of 83", "180th of 180 countries", "3rd among 63": the base of a rank
      if (sv.first >= 2 && word_is(words[sv.first - 1], "of") && word_is(words[sv.first - 2], "out")) continue;
      if (sv.first >= 1 && (word_is(words[sv.first - 1], "of") || word_is(words[sv.first - 1], "among")) && x > 0 &&
          svals[x - 1].ordinal && svals[x - 1].last + 2 >= sv.first)
        continue;
      std::fill(named.begin(), named.end(), 0);
      const ClaimValueSpan& value = values[sv.index];
      // the nearest predicate word before the value in its clause, after its subject; the head
      // noun of another value ("cut 300 jobs in 2023") only when there is no other
      // (an agent, "was signed by Egypt on ...", follows its verb)
      bool subject_here = names[subject].begin >= sb && names[subject].end <= value.begin &&
                          seg_at(names[subject].begin) == seg && subject != seg_agent[seg];
      if (subject_here) {
        const std::size_t k = word_index(names[subject].begin);
        subject_here = !(k > 0 && word_is(words[k - 1], "by"));
      }
      std::size_t left = kNone, left_head = kNone;
      if (attributed) {
        // "According to a December 30 post ..., Putin instructed": the date of the source dates
        // the event it reports: the first predicate word of the next clause (else of the one before)
        std::size_t found = kNone;
        std::size_t k = sv.last;
        while (k < nw && seg_of[k] == seg && k < sv.last + kReach) ++k;
        for (const std::uint32_t next = k < nw ? seg_of[k] : nseg; k < nw && seg_of[k] == next && k < sv.last + kReach;
             ++k)
          if (words[k].cls >= 0) {
            found = k;
            break;
          }
        for (k = sv.first; found == kNone && k > 0 && k + kReach > sv.first; --k) {
          if (seg_of[k - 1] == seg) continue;
          if (seg_of[k - 1] + 1 < seg) break;
          if (words[k - 1].cls >= 0) found = k - 1;
        }
        if (sv.ordinal) continue;
        if (found != kNone) named[static_cast<std::size_t>(words[found].cls)] = 1;
        emit(sv, subject);
        continue;
      }
      for (std::size_t k = sv.first; k > 0 && same_clause(k - 1) && k + kReach > sv.first; --k) {
        const Word& w = words[k - 1];
        if (subject_here && w.begin < names[subject].end) break;
        if (w.cls < 0) continue;
        if (w.head) {
          if (left_head == kNone) left_head = k - 1;
          continue;
        }
        left = k - 1;
        break;
      }
      // "reported 1,500 deaths in 2019": a reporting verb gives way to the head noun
      if (left == kNone || (left_head != kNone && words[left].cls == kAnnounce)) left = left_head;
      // its head noun: a predicate word right after it ("$5bn investment", "40 jobs")
      std::size_t head = kNone;
      for (std::size_t k = sv.last, n = 0; k < nw && n < 2 && same_clause(k); ++k, ++n) {
        if (words[k].kind != WordKind::kLetters || words[k].in_span || word_in(words[k], kFunctionWords)) break;
        if (words[k].cls >= 0) {
          head = k;
          break;
        }
      }
      // "$550 billion in new spending", "$40 million of funding": the noun after in/of
      if (head == kNone && (left == kNone || words[left].cls == kAnnounce) && sv.last < nw &&
          (word_is(words[sv.last], "in") || word_is(words[sv.last], "of"))) {
        std::size_t k = sv.last + 1;
        while (k < nw && word_in(words[k], kDeterminers)) ++k;
        for (std::size_t n = 0; k < nw && n < 2 && same_clause(k); ++k, ++n) {
          if (words[k].kind != WordKind::kLetters || words[k].in_span || word_in(words[k], kFunctionWords)) break;
          if (words[k].cls >= 0) {
            head = k;
            break;
          }
        }
      }
      const bool is_date = value.label == "DATE" || value.label == "TIME";
      std::size_t chosen = kNone;
      // "cut its budget by 4%", "rose 4% to €60 billion": an amount after by/to/from measures the change
      if (!is_date && sv.first >= 1 &&
          (word_is(words[sv.first - 1], "by") || word_is(words[sv.first - 1], "to") ||
           word_is(words[sv.first - 1], "from")))
        for (std::size_t k = sv.first; k > 0 && same_clause(k - 1) && k + kReach > sv.first; --k)
          if (words[k - 1].cls == kRise || words[k - 1].cls == kFall) {
            chosen = k - 1;
            break;
          }
      if (chosen == kNone && head != kNone && (left == kNone || words[left].cls == kAnnounce)) {
        chosen = head;
        // "14 people were killed": "people" (population) gives way to the verb that follows
        if (words[head].cls == kPopulation)
          for (std::size_t k = head + 1; k < nw && k <= head + 4 && same_clause(k); ++k)
            if (words[k].cls >= 0 && words[k].cls != kPopulation) {
              chosen = k;
              break;
            }
      }
      if (chosen == kNone) chosen = left;
      if (chosen == kNone) chosen = head;
      if (chosen == kNone) {
        // no predicate before it: the first one after it in its clause ("On May 5, X opened ...",
        // "$5bn was invested"), past a comma only when the value comes before the subject
        bool before_subject = names[subject].begin > value.begin && seg_at(names[subject].begin) == seg;
        // a fronted adjunct ("In 2023, it launched ..."): only function words before the value
        bool fronted = true;
        for (std::size_t k = sv.first; fronted && k > 0 && same_clause(k - 1) && k + kReach > sv.first; --k)
          fronted = words[k - 1].kind != WordKind::kLetters || word_in(words[k - 1], kFunctionWords);
        before_subject = before_subject || fronted;
        for (std::size_t k = sv.last; k < nw && same_clause(k) && k < sv.last + kReach; ++k) {
          if (words[k].kind == WordKind::kComma && !in_value(k) && !before_subject) break;
          if (words[k].cls >= 0) {
            chosen = k;
            break;
          }
        }
      }
      if (chosen != kNone) {
        named[static_cast<std::size_t>(words[chosen].cls)] = 1;
        // "announced and launched": coordinated predicate words all apply
        if (chosen >= 2 && (word_is(words[chosen - 1], "and") || word_is(words[chosen - 1], "or")) &&
            words[chosen - 2].cls >= 0 && same_clause(chosen - 2))
          named[static_cast<std::size_t>(words[chosen - 2].cls)] = 1;
        if (chosen + 2 < nw && (word_is(words[chosen + 1], "and") || word_is(words[chosen + 1], "or")) &&
            words[chosen + 2].cls >= 0 && same_clause(chosen + 2))
          named[static_cast<std::size_t>(words[chosen + 2].cls)] = 1;
      }
      if (sv.ordinal) {
        // an ordinal is a claim as a rank: right after a rank word, or before "place"/"position"
        const bool after_rank = left != kNone && words[left].cls == kRank && left + 4 >= sv.first;
        const bool place = sv.last < nw && (word_is(words[sv.last], "place") || word_is(words[sv.last], "position") ||
                                            word_is(words[sv.last], "spot"));
        if (!after_rank && !place) continue;
        std::fill(named.begin(), named.end(), 0);
        named[static_cast<std::size_t>(kRank)] = 1;
      }
      emit(sv, subject);
    }
    const std::size_t subject = first_claim_subject != kNone ? first_claim_subject : sentence_subject;
    if (subject != kNone) {
      last_subject = subject;
      last_para = static_cast<long long>(para);
    }
  }
  return out;
}

std::vector<Claim> article_claims(const Doc& doc, const ArticleAnalysis& analysis) {
  const auto& tb = doc.token_begin();
  const auto& te = doc.token_end();
  auto ranges = [&](const std::vector<TokenRange>& rs) {
    Offsets out;
    out.reserve(rs.size());
    for (const TokenRange& r : rs)
      out.emplace_back(r.begin < r.end ? tb[r.begin] : 0u, r.begin < r.end ? te[r.end - 1] : 0u);
    return out;
  };
  std::vector<ClaimValueSpan> values;
  std::vector<std::size_t> entity_of;  // values index -> Doc entity index
  const auto& eb = doc.entity_token_begin();
  const auto& ee = doc.entity_token_end();
  for (std::size_t i = 0; i < doc.num_entities(); ++i) {
    const std::string& label = doc.labels()[doc.entity_label_id()[i]];
    if ((!is_value_label(label) && label != "ORDINAL") || eb[i] >= ee[i] || analysis.is_boilerplate_token(eb[i]))
      continue;
    ClaimValueSpan v;
    v.begin = tb[eb[i]];
    v.end = te[ee[i] - 1];
    v.label = label;
    v.text = doc.text().substr(v.begin, v.end - v.begin);
    v.value = doc.entity(i).value;
    values.push_back(std::move(v));
    entity_of.push_back(i);
  }
  std::vector<ClaimNameSpan> names;
  names.reserve(analysis.mentions.size());
  for (const Mention& m : analysis.mentions) {
    ClaimNameSpan n;
    if (m.tok_begin < m.tok_end && m.tok_end <= doc.size()) {
      n.begin = tb[m.tok_begin];
      n.end = te[m.tok_end - 1];
    }
    n.label = m.label;
    n.cluster = m.cluster;
    n.in_boilerplate = m.in_boilerplate;
    names.push_back(std::move(n));
  }
  std::vector<Claim> out = article_claims(doc.text(), ranges(doc.sentences()), ranges(doc.paragraphs()), values, names);
  const auto& cb = doc.token_char_begin();
  const auto& ce = doc.token_char_end();
  for (Claim& c : out) {
    c.entity = entity_of[c.entity];
    c.char_begin = cb[eb[c.entity]];
    c.char_end = ce[ee[c.entity] - 1];
  }
  return out;
}

bool conflicts(std::string_view label_a, std::string_view value_a, std::string_view label_b, std::string_view value_b) {
  return internal::claims::conflict(internal::claims::interval_of(label_a, value_a),
                                    internal::claims::interval_of(label_b, value_b));
}

}  // namespace byline
