// DATE and TIME recogniser with ISO 8601 / TIMEX3-style values. A hand-written
// matcher over tokens: at each token the patterns below are tried in order of
// specificity and the first that matches is taken (each is longest-first itself).
#include <array>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <utility>

#include "byline/rules.h"
#include "rules/numbers.h"
#include "rules/text_util.h"

namespace byline {

DateAnchor DateAnchor::parse(std::string_view s) noexcept {
  DateAnchor a;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return a;
  for (int k : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!internal::rules::is_ascii_digit(s[k])) return a;
  auto num = [&](int b, int len) {
    int v = 0;
    for (int k = b; k < b + len; ++k) v = v * 10 + (s[k] - '0');
    return v;
  };
  DateAnchor r{num(0, 4), num(5, 2), num(8, 2)};
  if (!r.valid() || r.day > internal::rules::days_in_month(r.year, r.month)) return a;
  return r;
}

namespace internal::rules {
namespace {

struct Match {
  std::uint32_t end = 0;
  bool time = false;
  std::string value;  // bare ISO text (quoted on output); empty = none
};

const std::unordered_map<std::string_view, int>& month_table() {
  static const std::unordered_map<std::string_view, int> t = {
      {"january", 1}, {"february", 2},  {"march", 3},    {"april", 4},     {"may", 5},       {"june", 6}, {"july", 7},
      {"august", 8},  {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12}, {"jan.", 1}, {"feb.", 2},
      {"mar.", 3},    {"apr.", 4},      {"jun.", 6},     {"jul.", 7},      {"aug.", 8},      {"sep.", 9}, {"sept.", 9},
      {"oct.", 10},   {"nov.", 11},     {"dec.", 12},    {"jan", 1},       {"feb", 2},       {"apr", 4},  {"jun", 6},
      {"jul", 7},     {"aug", 8},       {"sep", 9},      {"sept", 9},      {"oct", 10},      {"nov", 11}, {"dec", 12}};
  return t;
}

const std::unordered_map<std::string_view, int>& weekday_table() {  // ISO: Monday = 1
  static const std::unordered_map<std::string_view, int> t = {
      {"monday", 1}, {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4}, {"friday", 5}, {"saturday", 6},
      {"sunday", 7}, {"mon.", 1},    {"tue.", 2},      {"tues.", 2},    {"wed.", 3},   {"thu.", 4},
      {"thur.", 4},  {"thurs.", 4},  {"fri.", 5},      {"sat.", 6}};
  return t;
}

/// Calendar unit: D W M Y plus multiples (decade = 10Y) and clock units.
struct Unit {
  char code;  // 'D','W','M','Y','Q' (quarter), 'h','m','s' (clock)
  int mult;
};
bool unit_of(std::string_view lower, Unit& u) {
  static const std::unordered_map<std::string_view, Unit> t = {
      {"day", {'D', 1}},       {"days", {'D', 1}},      {"week", {'W', 1}},        {"weeks", {'W', 1}},
      {"fortnight", {'W', 2}}, {"month", {'M', 1}},     {"months", {'M', 1}},      {"quarter", {'Q', 1}},
      {"quarters", {'Q', 1}},  {"year", {'Y', 1}},      {"years", {'Y', 1}},       {"decade", {'Y', 10}},
      {"decades", {'Y', 10}},  {"century", {'Y', 100}}, {"centuries", {'Y', 100}}, {"hour", {'h', 1}},
      {"hours", {'h', 1}},     {"minute", {'m', 1}},    {"minutes", {'m', 1}},     {"second", {'s', 1}},
      {"seconds", {'s', 1}},   {"weekend", {'E', 1}},   {"weekends", {'E', 1}}};
  auto it = t.find(lower);
  if (it == t.end()) return false;
  u = it->second;
  return true;
}

bool is_clock(const Unit& u) { return u.code == 'h' || u.code == 'm' || u.code == 's'; }

std::string duration(double n, const Unit& u) {
  char buf[48];
  double v = n * u.mult;
  const char* num = nullptr;
  std::string s = json_number(v);
  num = s.c_str();
  switch (u.code) {
    case 'Q':
      std::snprintf(buf, sizeof buf, "P%sM", json_number(v * 3).c_str());
      break;
    case 'h':
      std::snprintf(buf, sizeof buf, "PT%sH", num);
      break;
    case 'm':
      std::snprintf(buf, sizeof buf, "PT%sM", num);
      break;
    case 's':
      std::snprintf(buf, sizeof buf, "PT%sS", num);
      break;
    case 'E':
      std::snprintf(buf, sizeof buf, "P%sWE", num);
      break;
    default:
      std::snprintf(buf, sizeof buf, "P%s%c", num, u.code);
  }
  return buf;
}

/// Zero-padded decimal digits of v (>= 0) into out, `width` at least.
void append_padded(std::string& out, int v, int width) {
  char b[12];
  int n = 0;
  unsigned u = static_cast<unsigned>(v < 0 ? 0 : v);
  do {
    b[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u > 0 && n < 12);
  for (int k = n; k < width; ++k) out += '0';
  while (n > 0) out += b[--n];
}
std::string fmt_ymd(int y, int m, int d) {
  std::string s;
  s.reserve(10);
  append_padded(s, y, 4);
  s += '-';
  append_padded(s, m, 2);
  s += '-';
  append_padded(s, d, 2);
  return s;
}
std::string fmt_ym(int y, int m) {
  std::string s;
  s.reserve(7);
  append_padded(s, y, 4);
  s += '-';
  append_padded(s, m, 2);
  return s;
}
std::string fmt_y(int y) {
  std::string s;
  append_padded(s, y, 4);
  return s;
}

void iso_week(int y, int m, int d, int& wy, int& w) {
  std::int64_t days = days_from_civil(y, m, d);
  int wd = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;  // 1970-01-01 was a Thursday (4)
  std::int64_t thursday = days - wd + 4;
  int ty, tm, td;
  civil_from_days(thursday, ty, tm, td);
  wy = ty;
  w = static_cast<int>((thursday - days_from_civil(ty, 1, 1)) / 7 + 1);
}
int weekday_of_days(std::int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7) + 1; }

class Scanner {
 public:
  Scanner(const Doc& doc, DateAnchor a) : doc_(doc), n_(static_cast<std::uint32_t>(doc.size())), a_(a) {
    if (a_.valid()) anchor_days_ = days_from_civil(a_.year, a_.month, a_.day);
  }

  /// Cheap filter: can a date/time pattern start at token i?
  bool may_start(std::uint32_t i) const {
    if (i >= n_) return false;
    const auto kind = static_cast<TokenKind>(doc_.token_kind()[i]);
    if (kind != TokenKind::kWord && kind != TokenKind::kNumber) return false;  // "-", ",", "$" never start one
    if (kind_number(i)) return true;
    std::string_view t = text(i);
    if (t.empty() || t.size() >= Lower::kMax) return false;
    for (char c : t)  // "mid-December", "twenty-five": no memchr call for short tokens
      if (c == '-') return true;
    static const std::pair<WordFilter, std::unordered_map<std::string_view, int>> triggers = [] {
      std::unordered_map<std::string_view, int> m;
      for (const auto& kv : month_table()) m.emplace(kv.first, 1);
      for (const auto& kv : weekday_table()) m.emplace(kv.first, 1);
      for (const char* w : {"early",     "late",     "mid",     "earlier",  "later",     "the",      "end",
                            "beginning", "start",    "middle",  "turn",     "rest",      "today",    "yesterday",
                            "tomorrow",  "tonight",  "last",    "previous", "past",      "next",     "coming",
                            "following", "this",     "current", "noon",     "midday",    "midnight", "a",
                            "an",        "several",  "many",    "new",      "christmas", "easter",   "thanksgiving",
                            "ramadan",   "hanukkah", "diwali",  "q1",       "q2",        "q3",       "q4"})
        m.emplace(w, 1);
      WordFilter f;
      for (const auto& kv : m) f.add(kv.first);
      return std::make_pair(f, m);
    }();
    const bool trigger = triggers.first.may_contain(t);
    if (!trigger && !may_be_number_word(t)) return false;
    Lower l(t);
    if (!((trigger && triggers.second.count(l.view()) > 0) || is_number_word(l.view()))) return false;
    // frequent function words only start a date together with the next token
    if (l == "the") return i + 1 < n_ && (is(i + 1, "few") || may_start(i + 1));
    if (l == "a" || l == "an") {
      Unit u;
      return i + 1 < n_ && (is(i + 1, "few") || unit_of(low(i + 1).view(), u));
    }
    return true;
  }

  bool match(std::uint32_t i, Match& m) {
    // modifiers that widen a date: "early", "late", "mid", "the end of", "the beginning of"
    std::uint32_t mod = modifier(i);
    if (mod > 0 && core(i + mod, m)) return true;
    return core(i, m);
  }

 private:
  /// parse_number_at() memoised: the sub-matchers of core() parse the same few tokens.
  bool parse_at(std::uint32_t i, NumberParse& np) const {
    for (const auto& c : memo_)
      if (c.index == i) {
        np = c.np;
        return c.ok;
      }
    auto& slot = memo_[memo_next_++ % memo_.size()];
    slot.index = i;
    slot.ok = parse_number_at(doc_, i, slot.np);
    np = slot.np;
    return slot.ok;
  }
  struct Memo {
    std::uint32_t index = UINT32_MAX;
    bool ok = false;
    NumberParse np;
  };
  mutable std::array<Memo, 4> memo_{};
  mutable std::uint32_t memo_next_ = 0;

  std::string_view text(std::uint32_t i) const { return tok_text(doc_, i); }
  Lower low(std::uint32_t i) const { return Lower(i < n_ ? text(i) : std::string_view()); }
  /// Token i is `w` (lower-case ASCII) in any case; a curly apostrophe in the token
  /// matches ' in `w`. No copy unless `w` has an apostrophe.
  bool is(std::uint32_t i, std::string_view w) const {
    if (i >= n_) return false;
    if (w.find('\'') == std::string_view::npos) return lower_is(doc_, i, w);
    return low(i) == w;
  }
  bool capitalised(std::uint32_t i) const { return i < n_ && !text(i).empty() && is_ascii_upper(text(i)[0]); }
  bool kind_number(std::uint32_t i) const { return i < n_ && looks_numeric(text(i)); }

  std::uint32_t modifier(std::uint32_t i) const {
    if (is(i, "early") || is(i, "late") || is(i, "mid") || is(i, "earlier") || is(i, "later")) return 1;
    std::uint32_t k = is(i, "the") ? i + 1 : i;
    if ((is(k, "end") || is(k, "beginning") || is(k, "start") || is(k, "middle") || is(k, "turn") || is(k, "first") ||
         is(k, "second") || is(k, "rest")) &&
        is(k + 1, "of"))
      return k + 2 - i;
    if ((is(k, "first") || is(k, "second")) && is(k + 1, "half") && is(k + 2, "of")) return k + 3 - i;
    return 0;
  }

  int month(std::uint32_t i) const {
    if (i >= n_ || !capitalised(i)) return 0;
    const auto& t = month_table();
    auto it = t.find(low(i).view());
    return it == t.end() ? 0 : it->second;
  }
  int weekday(std::uint32_t i) const {
    if (i >= n_ || !capitalised(i)) return 0;
    const auto& t = weekday_table();
    auto it = t.find(low(i).view());
    return it == t.end() ? 0 : it->second;
  }
  bool year(std::uint32_t i, int& y, int lo = 1000, int hi = 2999) const {
    if (!kind_number(i)) return false;
    std::string_view t = text(i);
    if (t.size() != 4) return false;
    int v = 0;
    for (char c : t) {
      if (!is_ascii_digit(c)) return false;
      v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi) return false;
    y = v;
    return true;
  }
  bool day(std::uint32_t i, int& d) const {
    if (!kind_number(i)) return false;
    std::string_view t = text(i);
    if (t.size() > 4) return false;
    NumberParse np;
    if (!parse_number_text(t, np) || (!np.plain_int && !np.ordinal) || np.value < 1 || np.value > 31) return false;
    if (np.plain_int && np.digits > 2) return false;
    d = static_cast<int>(np.value);
    return true;
  }

  /// Year for a month/day without one: the year that puts the date nearest the anchor.
  std::string resolve_md(int m, int d) const {
    if (!a_.valid()) {
      char b[24];
      std::snprintf(b, sizeof b, "XXXX-%02d-%02d", m, d);
      return b;
    }
    int best = a_.year;
    std::int64_t best_diff = -1;
    for (int y = a_.year - 1; y <= a_.year + 1; ++y) {
      if (d > days_in_month(y, m)) continue;
      std::int64_t diff = days_from_civil(y, m, d) - anchor_days_;
      if (diff < 0) diff = -diff;
      if (best_diff < 0 || diff < best_diff) best = y, best_diff = diff;
    }
    return fmt_ymd(best, m, d);
  }
  std::string resolve_m(int m) const {
    if (!a_.valid()) {
      char b[16];
      std::snprintf(b, sizeof b, "XXXX-%02d", m);
      return b;
    }
    int best = a_.year, best_diff = 100;
    for (int y = a_.year - 1; y <= a_.year + 1; ++y) {
      int diff = std::abs((y * 12 + m) - (a_.year * 12 + a_.month));
      if (diff < best_diff) best = y, best_diff = diff;
    }
    return fmt_ym(best, m);
  }
  std::string from_days(std::int64_t days) const {
    int y, m, d;
    civil_from_days(days, y, m, d);
    return fmt_ymd(y, m, d);
  }
  std::string resolve_weekday(int wd, int dir) const {  // dir: -1 last, +1 next, 0 nearest
    if (!a_.valid()) {
      char b[16];
      std::snprintf(b, sizeof b, "XXXX-WXX-%d", wd);
      return b;
    }
    int awd = weekday_of_days(anchor_days_);
    int back = (awd - wd + 7) % 7, fwd = (wd - awd + 7) % 7;
    if (dir < 0) return from_days(anchor_days_ - (back == 0 ? 7 : back));
    if (dir > 0) return from_days(anchor_days_ + (fwd == 0 ? 7 : fwd));
    return from_days(back <= 3 ? anchor_days_ - back : anchor_days_ + fwd);
  }

  bool number(std::uint32_t i, NumberParse& np) const {
    if (i >= n_) return false;
    if (!parse_at(i, np) || np.ordinal || np.value < 0) return false;
    return true;
  }

  bool core(std::uint32_t i, Match& m) {
    if (i >= n_) return false;
    return iso(i, m) || weekday_date(i, m) || month_first(i, m) || day_first(i, m) || quarter(i, m) ||
           mid_compound(i, m) || century(i, m) || holiday(i, m) || relative(i, m) || time_of_day(i, m) ||
           durations(i, m) || year_alone(i, m);
  }

  // 2025-01-01, 2025-01, 12/30/2024, 30/12/2024
  bool iso(std::uint32_t i, Match& m) {
    if (!kind_number(i)) return false;
    std::string_view t = text(i);
    int y = 0, mo = 0, d = 0;
    char tail;
    if (t.size() < 7 || t.size() > 10) return false;
    if (t[4] != '-' && t.find('/') == std::string_view::npos) return false;  // no sscanf for plain numbers
    char s[16];
    t.copy(s, t.size());
    s[t.size()] = 0;
    if (t.size() == 10 && std::sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3 && t[4] == '-') {
    } else if (t.size() >= 8 && t.size() <= 10 && std::sscanf(s, "%2d/%2d/%4d%c", &mo, &d, &y, &tail) == 3 &&
               y >= 1000) {
      if (mo > 12 && d <= 12) std::swap(mo, d);
    } else if (t.size() == 7 && std::sscanf(s, "%4d-%2d%c", &y, &mo, &tail) == 2 && t[4] == '-' && mo >= 1 &&
               mo <= 12 && y >= 1800) {
      m.end = i + 1;
      m.value = fmt_ym(y, mo);
      return true;
    } else {
      return false;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return false;
    m.end = i + 1;
    m.value = fmt_ymd(y, mo, d);
    return true;
  }

  // Monday, Monday, Dec. 30(, 2024)
  bool weekday_date(std::uint32_t i, Match& m) {
    int wd = weekday(i);
    if (!wd) return false;
    std::uint32_t j = i + 1 + (is(i + 1, ",") ? 1 : 0);
    Match inner;
    if (month_first(j, inner) && inner.value.size() == 10) {
      m = inner;
      return true;
    }
    if (day_first(j, inner) && inner.value.size() == 10) {
      m = inner;
      return true;
    }
    m.end = i + 1;
    m.value = resolve_weekday(wd, 0);
    return true;
  }

  bool month_first(std::uint32_t i, Match& m) {
    int mo = month(i);
    if (!mo) return false;
    int d = 0, y = 0;
    if (day(i + 1, d) && d <= days_in_month(2024, mo)) {
      std::uint32_t j = i + 2;
      std::uint32_t k = is(j, ",") ? j + 1 : j;
      if (year(k, y)) {
        if (d > days_in_month(y, mo)) return false;
        m.end = k + 1;
        m.value = fmt_ymd(y, mo, d);
        return true;
      }
      m.end = j;
      m.value = resolve_md(mo, d);
      return true;
    }
    std::uint32_t k = is(i + 1, ",") ? i + 2 : i + 1;
    if (year(k, y)) {
      m.end = k + 1;
      m.value = fmt_ym(y, mo);
      return true;
    }
    // a month alone; "May" and "March" only after a preposition or modifier
    Lower l = low(i);
    if (l == "may" || l == "march" || l == "mar" || l == "jan" || l == "sat") {
      if (i == 0) return false;
      Lower p = low(i - 1);
      static const std::array<std::string_view, 14> preps = {"in", "since", "until", "by",  "from", "to",   "during",
                                                             "of", "early", "late",  "mid", "last", "next", "this"};
      bool ok = false;
      for (auto w : preps) ok = ok || p == w;
      if (!ok) return false;
    }
    m.end = i + 1;
    m.value = resolve_m(mo);
    return true;
  }

  // 30 December 2024, 1st of January
  bool day_first(std::uint32_t i, Match& m) {
    int d = 0;
    if (!day(i, d)) return false;
    std::uint32_t j = is(i + 1, "of") ? i + 2 : i + 1;
    int mo = month(j);
    if (!mo || d > days_in_month(2024, mo)) return false;
    int y = 0;
    std::uint32_t k = is(j + 1, ",") ? j + 2 : j + 1;
    if (year(k, y)) {
      if (d > days_in_month(y, mo)) return false;
      m.end = k + 1;
      m.value = fmt_ymd(y, mo, d);
      return true;
    }
    m.end = j + 1;
    m.value = resolve_md(mo, d);
    return true;
  }

  // (the) first quarter (of 2025), Q1 2025, the fourth quarter
  bool quarter(std::uint32_t i, Match& m) {
    std::uint32_t j = is(i, "the") ? i + 1 : i;
    int q = 0;
    std::uint32_t k = 0;
    Lower l = low(j);
    if (l.n == 2 && l.buf[0] == 'q' && l.buf[1] >= '1' && l.buf[1] <= '4') {
      q = l.buf[1] - '0';
      k = j + 1;
    } else {
      NumberParse np;
      if (j < n_ && parse_at(j, np) && np.ordinal && np.value >= 1 && np.value <= 4 && np.end == j + 1 &&
          is(j + 1, "quarter")) {
        q = static_cast<int>(np.value);
        k = j + 2;
      }
    }
    if (!q) return false;
    int y = 0;
    std::uint32_t yk = is(k, "of") ? k + 1 : k;
    char b[16];
    if (year(yk, y)) {
      std::snprintf(b, sizeof b, "%04d-Q%d", y, q);
      m.end = yk + 1;
    } else {
      if (is(k, "of") && (is(k + 1, "this") || is(k + 1, "next") || is(k + 1, "last")) && is(k + 2, "year")) {
        int dy = is(k + 1, "this") ? 0 : is(k + 1, "next") ? 1 : -1;
        m.end = k + 3;
        if (a_.valid()) {
          std::snprintf(b, sizeof b, "%04d-Q%d", a_.year + dy, q);
          m.value = b;
        }
        return true;
      }
      std::snprintf(b, sizeof b, "XXXX-Q%d", q);
      m.end = k;
    }
    m.value = b;
    return true;
  }

  // mid-2025, mid-December, mid-1990s
  bool mid_compound(std::uint32_t i, Match& m) {
    std::string_view t = text(i);
    if (t.size() < 8 || t.size() > 20) return false;
    Lower l(t);
    if (l.view().substr(0, 4) != "mid-" && l.view().substr(0, 5) != "late-" && l.view().substr(0, 6) != "early-")
      return false;
    std::string_view rest = t.substr(t.find('-') + 1);
    Lower lr(rest);
    if (rest.size() == 4 && is_ascii_digit(rest[0]) && is_ascii_digit(rest[1]) && is_ascii_digit(rest[2]) &&
        is_ascii_digit(rest[3])) {
      m.end = i + 1;
      m.value = std::string(rest);
      return true;
    }
    if (rest.size() == 5 && rest[4] == 's' && is_ascii_digit(rest[0]) && is_ascii_digit(rest[2]) && rest[3] == '0') {
      m.end = i + 1;
      m.value = std::string(rest.substr(0, 3));
      return true;
    }
    auto it = month_table().find(lr.view());
    if (it != month_table().end() && lr.n > 4 && is_ascii_upper(rest[0])) {
      m.end = i + 1;
      m.value = resolve_m(it->second);
      return true;
    }
    return false;
  }

  // (the) 21st century, (the) twenty-first century, (the) 1990s, the '90s
  bool century(std::uint32_t i, Match& m) {
    std::uint32_t j = is(i, "the") ? i + 1 : i;
    NumberParse np;
    if (j < n_ && parse_at(j, np) && np.ordinal && np.value >= 1 && np.value <= 30 &&
        (is(np.end, "century") || is(np.end, "centuries"))) {
      m.end = np.end + 1;
      char b[16];
      std::snprintf(b, sizeof b, "%02d", static_cast<int>(np.value) - 1);
      m.value = b;
      return true;
    }
    if (kind_number(j)) {
      std::string_view t = text(j);
      if (t.size() == 5 && t[4] == 's' && t[3] == '0' && is_ascii_digit(t[0]) && is_ascii_digit(t[1]) &&
          is_ascii_digit(t[2])) {
        m.end = j + 1;
        m.value = std::string(t.substr(0, 3));
        return true;
      }
      if ((t.size() == 4 || t.size() == 6) && t.back() == 's' && t[t.size() - 2] == '0' &&
          (t[0] == '\'' || t.substr(0, 3) == "\xE2\x80\x99")) {
        char dd = t[t.size() - 3];
        m.end = j + 1;
        m.value = std::string(dd >= '3' ? "19" : "20") + dd;
        return true;
      }
    }
    return false;
  }

  // New Year's Eve/Day, Christmas (Eve/Day), New Year
  bool holiday(std::uint32_t i, Match& m) {
    int mo = 0, d = 0;
    std::uint32_t end = 0;
    if (text(i) == "New" && i + 1 < n_ && text(i + 1) == "Year") {
      std::uint32_t j = i + 2;
      if (j < n_ && is_possessive(text(j))) ++j;
      if (j < n_ && text(j) == "Eve") {
        mo = 12, d = 31, end = j + 1;
      } else if (j < n_ && text(j) == "Day") {
        mo = 1, d = 1, end = j + 1;
      } else {
        mo = 1, d = 1, end = i + 2;
      }
    } else if (text(i) == "Christmas") {
      mo = 12, d = 25, end = i + 1;
      if (i + 1 < n_ && text(i + 1) == "Eve") d = 24, end = i + 2;
      if (i + 1 < n_ && text(i + 1) == "Day") end = i + 2;
    } else if (text(i) == "Easter" || text(i) == "Thanksgiving" || text(i) == "Ramadan" || text(i) == "Hanukkah" ||
               text(i) == "Diwali") {
      m.end = i + 1;
      return true;
    } else {
      return false;
    }
    m.end = end;
    m.value = resolve_md(mo, d);
    return true;
  }

  bool period_word(std::uint32_t i, Unit& u) const {
    if (i >= n_) return false;
    return unit_of(low(i).view(), u) && !is_clock(u);
  }

  std::string shift(char code, int amount) const {
    if (!a_.valid()) return {};
    switch (code) {
      case 'D':
        return from_days(anchor_days_ + amount);
      case 'W': {
        int y, m, d, wy, w;
        civil_from_days(anchor_days_ + 7 * amount, y, m, d);
        iso_week(y, m, d, wy, w);
        char b[16];
        std::snprintf(b, sizeof b, "%04d-W%02d", wy, w);
        return b;
      }
      case 'M': {
        int t = a_.year * 12 + (a_.month - 1) + amount;
        return fmt_ym(t / 12, t % 12 + 1);
      }
      case 'Q': {
        int q = (a_.month - 1) / 3 + amount, y = a_.year;
        while (q < 0) q += 4, --y;
        while (q > 3) q -= 4, ++y;
        char b[16];
        std::snprintf(b, sizeof b, "%04d-Q%d", y, q + 1);
        return b;
      }
      case 'Y':
        return fmt_y(a_.year + amount);
      default:
        return {};
    }
  }

  bool relative(std::uint32_t i, Match& m) {
    Lower l = low(i);
    if (l == "today" || l == "yesterday" || l == "tomorrow") {
      m.end = i + 1;
      m.value = shift('D', l == "today" ? 0 : l == "yesterday" ? -1 : 1);
      return true;
    }
    if (l == "tonight" || (l == "last" && is(i + 1, "night"))) {
      m.end = l == "tonight" ? i + 1 : i + 2;
      m.time = true;
      return true;
    }
    std::uint32_t j = i;
    bool the = false;
    if (is(j, "the")) the = true, ++j;
    int dir = 0;
    bool past = false;
    if (is(j, "last") || is(j, "previous") || is(j, "past")) {
      dir = -1, past = is(j, "past");
    } else if (is(j, "next") || is(j, "coming") || is(j, "following")) {
      dir = 1;
    } else if (!the && (is(j, "this") || is(j, "current"))) {
      dir = 0;
    } else {
      return false;
    }
    std::uint32_t k = j + 1;
    // "the past three years", "the next five years", "last two months"
    NumberParse np;
    Unit u;
    if (number(k, np) && period_word(np.end, u)) {
      m.end = np.end + 1;
      m.value = duration(np.value, u);
      return true;
    }
    if (is(k, "few") || is(k, "several")) {
      if (period_word(k + 1, u)) {
        m.end = k + 2;
        return true;
      }
    }
    if (period_word(k, u)) {
      m.end = k + 1;
      if (u.code == 'E') return true;
      Lower pl = low(k);
      if (pl.n > 1 && pl.buf[pl.n - 1] == 's') {
        // "the coming decades": no value
      } else if (past || the) {
        m.value = duration(1, u);
      } else if (u.mult == 1) {
        m.value = shift(u.code, dir);
      }
      return true;
    }
    if (!the) {
      if (int mo = month(k)) {
        m.end = k + 1;
        if (a_.valid()) {
          int y = a_.year;
          if (dir < 0 && mo >= a_.month) --y;
          if (dir > 0 && mo <= a_.month) ++y;
          m.value = fmt_ym(y, mo);
        }
        return true;
      }
      if (int wd = weekday(k)) {
        m.end = k + 1;
        m.value = resolve_weekday(wd, dir);
        return true;
      }
      static const std::array<std::string_view, 5> seasons = {"spring", "summer", "autumn", "fall", "winter"};
      for (auto s : seasons)
        if (is(k, s)) {
          m.end = k + 1;
          return true;
        }
      if (is(k, "morning") || is(k, "afternoon") || is(k, "evening")) {
        m.end = k + 1;
        m.time = true;
        return true;
      }
    }
    return false;
  }

  // 10:30, 10:30 a.m., 3 p.m., 3pm, noon, midnight
  bool time_of_day(std::uint32_t i, Match& m) {
    Lower l = low(i);
    if (l == "noon" || l == "midday" || l == "midnight") {
      m.end = i + 1;
      m.time = true;
      m.value = l == "midnight" ? "T00:00" : "T12:00";
      return true;
    }
    if (!kind_number(i)) return false;
    std::string_view t = text(i);
    int h = -1, mi = 0;
    std::size_t p = 0;
    while (p < t.size() && is_ascii_digit(t[p]) && p < 2) h = (h < 0 ? 0 : h * 10) + (t[p++] - '0');
    if (h < 0) return false;
    bool colon = false;
    if (p < t.size() && (t[p] == ':' || t[p] == '.') && p + 3 <= t.size() && is_ascii_digit(t[p + 1]) &&
        is_ascii_digit(t[p + 2])) {
      if (t[p] == '.' && p + 3 == t.size()) {
        // "10.30" only with am/pm after
      }
      colon = t[p] == ':';
      mi = (t[p + 1] - '0') * 10 + (t[p + 2] - '0');
      p += 3;
      if (t[p - 3] == '.') colon = false;
    }
    std::string_view suffix = t.substr(p);
    std::uint32_t end = i + 1;
    int ampm = 0;
    Lower sl(suffix);
    if (sl == "am" || sl == "a.m.")
      ampm = 1;
    else if (sl == "pm" || sl == "p.m.")
      ampm = 2;
    else if (!suffix.empty())
      return false;
    if (!ampm) {
      Lower nx = low(i + 1);
      if (nx == "am" || nx == "a.m." || nx == "a.m")
        ampm = 1, end = i + 2;
      else if (nx == "pm" || nx == "p.m." || nx == "p.m")
        ampm = 2, end = i + 2;
    }
    if (!ampm && !colon) return false;
    if (h > 24 || mi > 59 || (ampm && (h < 1 || h > 12))) return false;
    if (ampm == 2 && h < 12) h += 12;
    if (ampm == 1 && h == 12) h = 0;
    // time zone
    if (end < n_) {
      static const std::array<std::string_view, 12> zones = {"GMT", "UTC", "BST", "CET", "CEST", "EST",
                                                             "EDT", "ET",  "PT",  "PST", "MSK",  "JST"};
      std::string_view z = text(end);
      for (auto zz : zones)
        if (z == zz) {
          ++end;
          break;
        }
    }
    char b[16];
    std::snprintf(b, sizeof b, "T%02d:%02d", h, mi);
    m.end = end;
    m.time = true;
    m.value = b;
    return true;
  }

  // six to nine months, 34 months, three weeks after, two years ago, six-to-nine-month, 34-month
  bool durations(std::uint32_t i, Match& m) {
    NumberParse a;
    Unit u;
    bool a_article = false;
    if ((is(i, "a") || is(i, "an")) && period_word(i + 1, u)) {
      a.value = 1, a.end = i + 1, a_article = true;
    } else if (is(i, "several") || is(i, "many") || (is(i, "a") && is(i + 1, "few"))) {
      std::uint32_t k = is(i, "a") ? i + 2 : i + 1;
      if (k < n_ && unit_of(low(k).view(), u) && !is_clock(u)) {
        m.end = k + 1;
        return true;
      }
      return false;
    } else if (!number(i, a)) {
      return compound_duration(i, m);
    }
    std::uint32_t j = a.end;
    NumberParse b;
    bool range = false;
    if (!a_article && (is(j, "to") || is(j, "-") || text_is(j, "\xE2\x80\x93") || is(j, "or") || is(j, "and")) &&
        number(j + 1, b) && b.value > a.value) {
      range = true;
      j = b.end;
    }
    if (j >= n_ || !unit_of(low(j).view(), u) || u.code == 'E') return false;
    std::uint32_t end = j + 1;
    std::string dur = range ? duration(a.value, u) + "/" + duration(b.value, u) : duration(a.value, u);
    if (!range && (is(end, "ago") || is(end, "earlier") || is(end, "later") || is(end, "after") || is(end, "before") ||
                   is(end, "previously"))) {
      bool ago = is(end, "ago");
      ++end;
      m.end = end;
      m.time = is_clock(u);
      if (ago && !is_clock(u) && a_.valid() && a.value == static_cast<int>(a.value)) {
        int amount = -static_cast<int>(a.value) * u.mult;
        m.value = u.code == 'D'   ? shift('D', amount)
                  : u.code == 'W' ? shift('W', amount)
                  : u.code == 'M' ? shift('M', amount)
                  : u.code == 'Y' ? shift('Y', amount)
                                  : shift('Q', amount);
      } else {
        m.value = dur;
      }
      return true;
    }
    if (a_article) return false;
    m.end = end;
    m.time = is_clock(u);
    m.value = dur;
    return true;
  }
  bool text_is(std::uint32_t i, std::string_view s) const { return i < n_ && text(i) == s; }

  bool compound_duration(std::uint32_t i, Match& m) {
    // one hyphenated token: "six-to-nine-month", "34-month", "five-year"
    std::string_view t = text(i);
    if (t.size() > 40 || t.find('-') == std::string_view::npos) return false;
    std::array<std::string_view, 4> parts;
    std::size_t np = 0, b = 0;
    for (std::size_t k = 0; k <= t.size(); ++k) {
      if (k == t.size() || t[k] == '-') {
        if (np == parts.size()) return false;
        parts[np++] = t.substr(b, k - b);
        b = k + 1;
      }
    }
    Unit u;
    if (np < 2 || !unit_of(Lower(parts[np - 1]).view(), u) || u.code == 'E') return false;
    NumberParse a, c;
    std::string dur;
    if (np == 2 && parse_number_text(parts[0], a) && !a.ordinal) {
      dur = duration(a.value, u);
    } else if (np == 4 && parse_number_text(parts[0], a) && !a.ordinal && Lower(parts[1]) == "to" &&
               parse_number_text(parts[2], c) && !c.ordinal) {
      dur = duration(a.value, u) + "/" + duration(c.value, u);
    } else {
      return false;
    }
    m.end = i + 1;
    m.time = is_clock(u);
    m.value = dur;
    return true;
  }

  bool year_alone(std::uint32_t i, Match& m) {
    int y;
    if (!year(i, y, 1800, 2100)) return false;
    // "2,000" never gets here (comma); "2025 people" is rare enough in news
    m.end = i + 1;
    m.value = fmt_y(y);
    return true;
  }

  const Doc& doc_;
  std::uint32_t n_;
  DateAnchor a_;
  std::int64_t anchor_days_ = 0;
};

}  // namespace

std::vector<Entity> find_temporal(const Doc& doc, DateAnchor anchor) {
  if (!anchor.valid()) {
    auto it = doc.meta().find("date");
    if (it != doc.meta().end()) anchor = DateAnchor::parse(it->second);
  }
  std::vector<Entity> out;
  Scanner sc(doc, anchor);
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  for (std::uint32_t i = 0; i < n;) {
    Match m;
    if (!sc.may_start(i)) {
      ++i;
      continue;
    }
    if (sc.match(i, m) && m.end > i) {
      Entity e;
      e.tok_begin = i;
      e.tok_end = m.end;
      e.label = m.time ? "TIME" : "DATE";
      e.source = EntitySource::kPattern;
      if (!m.value.empty()) e.value = json_string(m.value);
      out.push_back(std::move(e));
      i = m.end;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace internal::rules

std::vector<Entity> find_temporal_entities(const Doc& doc, DateAnchor anchor) {
  return internal::rules::find_temporal(doc, anchor);
}

}  // namespace byline
