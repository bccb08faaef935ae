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
      {"invest", {"invest", "fund", "spend", "budget", "allocat", "loan", "grant"}},
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

std::vector<std::string> predicates_of(std::string_view text) {
  const auto& classes = predicate_classes();
  std::vector<bool> named(classes.size(), false);
  std::string word;
  auto flush = [&] {
    for (std::size_t c = 0; c < classes.size(); ++c)
      if (!named[c])
        for (std::string_view stem : classes[c].stems)
          if (std::string_view(word).substr(0, stem.size()) == stem) {
            named[c] = true;
            break;
          }
    word.clear();
  };
  for (char ch : text) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) {
      word.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
    } else if (!word.empty()) {
      flush();
    }
  }
  if (!word.empty()) flush();
  std::vector<std::string> out;
  for (std::size_t c = 0; c < classes.size(); ++c)
    if (named[c]) out.emplace_back(classes[c].name);
  return out;
}

// ----------------------------------------------------------------------------- claims
std::vector<Claim> article_claims(std::string_view text, const Offsets& sentences, const Offsets& paragraphs,
                                  const std::vector<ClaimValueSpan>& values, const std::vector<ClaimNameSpan>& names) {
  std::vector<std::size_t> vs, ns;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (is_value_label(values[i].label)) vs.push_back(i);
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

  std::vector<Claim> out;
  std::vector<std::size_t> here, claims_here;
  std::size_t vi = 0, ni = 0, para = 0;
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
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
  for (std::size_t si = 0; si < sentences.size(); ++si) {
    const auto [sb, se] = sentences[si];
    here.clear();
    for (; ni < ns.size() && names[ns[ni]].begin < se; ++ni)
      if (names[ns[ni]].begin >= sb) here.push_back(ns[ni]);
    std::uint32_t first_value = se;
    for (std::size_t k = vi; k < vs.size() && values[vs[k]].begin < se; ++k)
      if (values[vs[k]].begin >= sb) {
        first_value = values[vs[k]].begin;
        break;
      }
    // the first person; else the first name before the first value (a name after it,
    // "... published on January 1, following statements about BRICS", is no subject)
    std::size_t subject = kNone;
    for (std::size_t m : here)
      if (names[m].label == "PERSON") {
        subject = m;
        break;
      }
    if (subject == kNone)
      for (std::size_t m : here)
        if (names[m].begin < first_value) {
          subject = m;
          break;
        }
    while (para + 1 < paragraphs.size() && paragraphs[para + 1].first <= sb) ++para;
    if (subject == kNone && last_subject != kNone && static_cast<long long>(para) - last_para <= 1)
      subject = last_subject;  // "The announcement, published on ...": the previous sentence's subject
    claims_here.clear();
    for (; vi < vs.size() && values[vs[vi]].begin < se; ++vi)
      if (values[vs[vi]].begin >= sb && claimable(values[vs[vi]].label, values[vs[vi]].value))
        claims_here.push_back(vs[vi]);
    if (!claims_here.empty() && subject != kNone) {
      std::string_view sentence = slice(text, sb, se);
      std::vector<std::string> preds = predicates_of(sentence);
      if (preds.empty()) preds.emplace_back();
      const std::string subject_text(slice(text, names[subject].begin, names[subject].end));
      const std::string stripped(py_strip(sentence));
      for (std::size_t v : claims_here) {
        const ClaimValueSpan& value = values[v];
        const std::uint32_t cb = char_offset(value.begin), ce = char_offset(value.end);
        for (const std::string& p : preds) {
          Claim c;
          c.entity = v;
          c.mention = subject;
          c.subject_cluster = names[subject].cluster;
          c.subject = subject_text;
          c.predicate = p;
          c.label = value.label;
          c.text = value.text;
          c.value = value.value;
          c.byte_begin = value.begin;
          c.byte_end = value.end;
          c.char_begin = cb;
          c.char_end = ce;
          c.sentence = static_cast<std::uint32_t>(si);
          c.sentence_text = stripped;
          out.push_back(std::move(c));
        }
      }
    }
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
    if (!is_value_label(label) || eb[i] >= ee[i] || analysis.is_boilerplate_token(eb[i])) continue;
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
