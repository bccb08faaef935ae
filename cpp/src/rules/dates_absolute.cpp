// Calendar dates: ISO and numeric dates, weekdays, month/day/year, quarters, mid-compounds,
// decades and centuries, holidays, years (rules/date_scanner.h).
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "rules/date_scanner.h"

namespace byline {
namespace internal::rules {

int Scanner::month(std::uint32_t i) const {
  if (i >= n_ || !capitalised(i)) return 0;
  const auto& t = month_table();
  auto it = t.find(low(i).view());
  return it == t.end() ? 0 : it->second;
}

int Scanner::weekday(std::uint32_t i) const {
  if (i >= n_ || !capitalised(i)) return 0;
  const auto& t = weekday_table();
  auto it = t.find(low(i).view());
  return it == t.end() ? 0 : it->second;
}

bool Scanner::year(std::uint32_t i, int& y, int lo, int hi) const {
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

bool Scanner::day(std::uint32_t i, int& d) const {
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
std::string Scanner::resolve_md(int m, int d) const {
  if (!a_.valid()) {
    char b[24];
    std::snprintf(b, sizeof b, "XXXX-%02d-%02d", m, d);
    return b;
  }
  used_anchor_ = true;
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

std::string Scanner::resolve_m(int m, int tense) const {
  if (!a_.valid()) {
    char b[16];
    std::snprintf(b, sizeof b, "XXXX-%02d", m);
    return b;
  }
  used_anchor_ = true;
  // a past clause names the latest such month up to the anchor's, a future one the next
  if (tense < 0) return fmt_ym(m <= a_.month ? a_.year : a_.year - 1, m);
  if (tense > 0) return fmt_ym(m >= a_.month ? a_.year : a_.year + 1, m);
  int best = a_.year, best_diff = 100;
  for (int y = a_.year - 1; y <= a_.year + 1; ++y) {
    int diff = std::abs((y * 12 + m) - (a_.year * 12 + a_.month));
    if (diff < best_diff) best = y, best_diff = diff;
  }
  return fmt_ym(best, m);
}

int Scanner::tense_at(std::uint32_t i) const {
  static const std::array<std::string_view, 15> kFuture = {"would",    "will",      "'ll",   "shall",   "won't",
                                                           "expected", "scheduled", "due",   "planned", "plans",
                                                           "plan",     "upcoming",  "going", "set",     "forecast"};
  static const std::array<std::string_view, 40> kPast = {
      "was",  "were",   "had",  "did",   "said",  "told",  "has",    "have", "met",  "left",
      "came", "went",   "took", "made",  "saw",   "gave",  "held",   "won",  "lost", "fell",
      "rose", "began",  "sent", "spoke", "wrote", "broke", "found",  "got",  "led",  "paid",
      "put",  "struck", "shot", "hit",   "cut",   "sold",  "bought", "kept", "ran",  "ago"};
  auto cue = [&](std::uint32_t k) -> int {
    if (text(k).empty() || is_ascii_upper(text(k)[0])) return 0;
    const Lower l = low(k);
    for (auto w : kFuture)
      if (l == w) return 1;
    // a past form ("held", "signed", "announced"), not a participle after "be" ("will be held")
    const bool past = std::any_of(kPast.begin(), kPast.end(), [&](std::string_view w) { return l == w; }) ||
                      (l.n > 4 && l.buf[l.n - 2] == 'e' && l.buf[l.n - 1] == 'd');
    return past && !(k > 0 && (is(k - 1, "be") || is(k - 1, "being"))) ? -1 : 0;
  };
  // the clause: up to the sentence's end and a conjunction on either side, and a comma before
  // the date ("On Friday, the company said" reads the verb after the comma)
  auto stop = [&](std::uint32_t k) {
    return text_is(k, ".") || text_is(k, "!") || text_is(k, "?") || text_is(k, ";") || is(k, "and") || is(k, "but") ||
           is(k, "or") || is(k, "while") || is(k, "whereas");
  };
  bool back = true, ahead = true;  // the nearest cue in the clause, before or after the date
  for (std::uint32_t d = 1; d <= 12 && (back || ahead); ++d) {
    if (back && (d > i || stop(i - d) || text_is(i - d, ","))) back = false;
    if (back)
      if (const int c = cue(i - d)) return c;
    if (ahead && (i + d >= n_ || stop(i + d))) ahead = false;
    if (ahead)
      if (const int c = cue(i + d)) return c;
  }
  return 0;
}

std::string Scanner::from_days(std::int64_t days) const {
  int y, m, d;
  civil_from_days(days, y, m, d);
  return fmt_ymd(y, m, d);
}

std::string Scanner::resolve_weekday(int wd, int dir, int tense) const {
  if (!a_.valid()) {
    char b[16];
    std::snprintf(b, sizeof b, "XXXX-WXX-%d", wd);
    return b;
  }
  used_anchor_ = true;
  int awd = weekday_of_days(anchor_days_);
  int back = (awd - wd + 7) % 7, fwd = (wd - awd + 7) % 7;
  if (dir < 0) return from_days(anchor_days_ - (back == 0 ? 7 : back));
  if (dir > 0) return from_days(anchor_days_ + (fwd == 0 ? 7 : fwd));
  // "was signed on Wednesday" is the latest Wednesday, "will meet on Wednesday" the next
  // (the anchor's own day for either); with no tense, the nearest
  if (tense < 0) return from_days(anchor_days_ - back);
  if (tense > 0) return from_days(anchor_days_ + fwd);
  return from_days(back <= 3 ? anchor_days_ - back : anchor_days_ + fwd);
}

// 2025-01-01, 2025-01, 12/30/2024, 30/12/2024
bool Scanner::iso(std::uint32_t i, Match& m) {
  if (!kind_number(i)) return false;
  std::string_view t = text(i);
  int y = 0, mo = 0, d = 0;
  char tail;
  if (t.size() < 7 || t.size() > 10) return false;
  if (t[4] != '-' && t.find('/') == std::string_view::npos) return false;  // no sscanf for plain numbers
  // a range of years: "2019-2020", "2019-20" (not a month: the second part is above 12)
  int y1 = 0, y2 = 0;
  if (t[4] == '-' && (t.size() == 9 || t.size() == 7)) {
    bool digits = true;
    for (std::size_t k = 0; k < t.size(); ++k) digits = digits && (k == 4 || is_ascii_digit(t[k]));
    if (digits) {
      for (std::size_t k = 0; k < 4; ++k) y1 = y1 * 10 + (t[k] - '0');
      for (std::size_t k = 5; k < t.size(); ++k) y2 = y2 * 10 + (t[k] - '0');
      if (t.size() == 7) y2 = y2 > 12 ? (y1 / 100) * 100 + y2 : 0;
      if (y1 >= 1800 && y1 <= 2100 && y2 > y1 && y2 - y1 <= 100) {
        m.end = i + 1;
        m.value = fmt_y(y1) + "/" + fmt_y(y2);
        return true;
      }
    }
  }
  char s[16];
  t.copy(s, t.size());
  s[t.size()] = 0;
  if (t.size() == 10 && std::sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3 && t[4] == '-') {
  } else if (t.size() >= 8 && t.size() <= 10 && std::sscanf(s, "%2d/%2d/%4d%c", &mo, &d, &y, &tail) == 3 && y >= 1000) {
    if (mo > 12 && d <= 12) std::swap(mo, d);
  } else if (t.size() == 7 && std::sscanf(s, "%4d-%2d%c", &y, &mo, &tail) == 2 && t[4] == '-' && mo >= 1 && mo <= 12 &&
             y >= 1800) {
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
bool Scanner::weekday_date(std::uint32_t i, Match& m) {
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
  m.value = resolve_weekday(wd, 0, tense_at(i));
  // "Sunday night": one TIME (OntoNotes); not "Saturday Night Live", and not the end of a
  // range ("Friday to Sunday night" stays a range of days)
  const bool range_end_point = i > 0 && (is(i - 1, "to") || is(i - 1, "and") || is(i - 1, "through") ||
                                         is(i - 1, "until") || text_is(i - 1, "-") || text_is(i - 1, "\xE2\x80\x93"));
  if (!range_end_point) join_night(i + 1, m);
  return true;
}

bool Scanner::month_first(std::uint32_t i, Match& m) {
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
  m.value = resolve_m(mo, tense_at(i));
  return true;
}

// 30 December 2024, 1st of January
bool Scanner::day_first(std::uint32_t i, Match& m) {
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
bool Scanner::quarter(std::uint32_t i, Match& m) {
  std::uint32_t j = is(i, "the") ? i + 1 : i;
  int q = 0;
  std::uint32_t k = 0;
  // "Q1".."Q4" (two bytes: no curly apostrophe, which the lower-cased form would fold)
  const std::string_view tj = j < n_ ? text(j) : std::string_view();
  if (tj.size() == 2 && ascii_lower(tj[0]) == 'q' && tj[1] >= '1' && tj[1] <= '4') {
    q = tj[1] - '0';
    k = j + 1;
  } else if (int y = 0;
             tj.size() == 2 && ascii_lower(tj[0]) == 'h' && (tj[1] == '1' || tj[1] == '2') && year(j + 1, y)) {
    // a half year with its year: "H1 2024" (alone, "H1" may be a visa or a hydrogen bomb)
    char hb[16];
    std::snprintf(hb, sizeof hb, "%04d-H%c", y, tj[1]);
    m.end = j + 2;
    m.value = hb;
    return true;
  } else {
    NumberParse np;
    if (j < n_ && parse_at(j, np) && np.ordinal && np.value >= 1 && np.value <= 4 && np.end == j + 1 &&
        is(j + 1, "quarter")) {
      q = static_cast<int>(np.value);
      k = j + 2;
    } else if (j > i && j < n_ && parse_at(j, np) && np.ordinal && np.value >= 1 && np.value <= 2 && np.end == j + 1 &&
               is(j + 1, "half") && !is(j + 2, "-")) {
      // "the first half" (of a year or a match: no value), "the second half of the year"
      // (the document's year); "the first half of 2026" is the modifier's (match())
      const char h = np.value == 1 ? '1' : '2';
      if (is(j + 2, "of") && is(j + 3, "the") && is(j + 4, "year")) {
        m.end = j + 5;
        if (a_.valid()) {
          used_anchor_ = true;
          char hb[16];
          std::snprintf(hb, sizeof hb, "%04d-H%c", a_.year, h);
          m.value = hb;
        } else {
          m.value = std::string("XXXX-H") + h;
        }
        return true;
      }
      if (is(j + 2, "of")) return false;
      m.end = j + 2;
      m.value.clear();
      return true;
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
    // "the third quarter of last year", "Q3 last year"
    const std::uint32_t o = is(k, "of") ? k + 1 : k;
    if ((is(o, "this") || is(o, "next") || is(o, "last")) && is(o + 1, "year")) {
      int dy = is(o, "this") ? 0 : is(o, "next") ? 1 : -1;
      m.end = o + 2;
      if (a_.valid()) {
        used_anchor_ = true;
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
bool Scanner::mid_compound(std::uint32_t i, Match& m) {
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

// (the) 21st century, (the) twenty-first century, 19th-century, (the) 1990s, the '90s,
// the nineties, the 90s
bool Scanner::century(std::uint32_t i, Match& m) {
  std::uint32_t j = is(i, "the") ? i + 1 : i;
  NumberParse np;
  char b[16];
  if (j < n_ && parse_at(j, np) && np.ordinal && np.value >= 1 && np.value <= 30 &&
      (is(np.end, "century") || is(np.end, "centuries"))) {
    m.end = np.end + 1;
    std::snprintf(b, sizeof b, "%02d", static_cast<int>(np.value) - 1);
    m.value = b;
    return true;
  }
  // "19th-century" in one token (OntoNotes DATE, as a modifier too)
  if (const std::string_view t = j < n_ ? text(j) : std::string_view();
      t.size() > 8 && t.size() < 40 && Lower(t.substr(t.size() - 8)).view() == "-century" &&
      parse_number_text(t.substr(0, t.size() - 8), np) && np.ordinal && np.value >= 1 && np.value <= 30) {
    m.end = j + 1;
    std::snprintf(b, sizeof b, "%02d", static_cast<int>(np.value) - 1);
    m.value = b;
    return true;
  }
  // "the nineties", "the late eighties", "the 90s": a decade of the 1900s, only after "the"
  // ("in her twenties" is an age, durations()). Two digits only from the 30s (as "the
  // '20s" is the 2020s) and not after a preposition unless early/late/mid says it is a
  // time: "in the 40s" is as often a temperature, a score or a price.
  bool spelled = false;
  const bool modified = i >= 2 && is(i - 2, "the") && (is(i - 1, "early") || is(i - 1, "late") || is(i - 1, "mid"));
  if (const int d = j < n_ ? decade_word(low(j).view(), spelled) : 0;
      d >= 20 && (j > i || modified) &&
      (spelled || (d >= 30 && (modified || i == 0 ||
                               !(is(i - 1, "in") || is(i - 1, "into") || is(i - 1, "to") || is(i - 1, "from") ||
                                 is(i - 1, "at") || is(i - 1, "around") || is(i - 1, "near")))))) {
    m.end = j + 1;
    std::snprintf(b, sizeof b, "19%d", d / 10);
    m.value = b;
    return true;
  }
  if (kind_number(j)) {
    std::string_view t = text(j);
    if (t.size() == 5 && t[4] == 's' && t[3] == '0' && is_ascii_digit(t[0]) && is_ascii_digit(t[1]) &&
        is_ascii_digit(t[2])) {
      m.end = j + 1;
      m.value = std::string(t.substr(0, 3));
      // "the 1800s" is the hundred years 1800-1899, not the decade 1800-1809; "the 2000s" is
      // mostly the decade in news
      if (t[2] == '0' && t[0] == '1') {
        const int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100;
        m.value = std::string(t.substr(0, 2));
        m.first = fmt_ymd(y, 1, 1);
        m.last = fmt_ymd(y + 99, 12, 31);
      }
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
bool Scanner::holiday(std::uint32_t i, Match& m) {
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
  } else if (text(i) == "Easter" || text(i) == "Thanksgiving") {
    // dates computed per year: Easter Sunday (Gregorian computus), US Thanksgiving (the
    // fourth Thursday of November); "Easter 2025", or the one nearest the document date
    const bool easter = text(i) == "Easter";
    auto day_of = [easter](int y) {
      if (!easter) {
        const std::int64_t nov1 = days_from_civil(y, 11, 1);
        return nov1 + (4 - weekday_of_days(nov1) + 7) % 7 + 21;
      }
      const int a = y % 19, b = y / 100, c = y % 100, dd = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
      const int h = (19 * a + b - dd - g + 15) % 30, l = (32 + 2 * e + 2 * (c / 4) - h - c % 4) % 7;
      const int mm = (a + 11 * h + 22 * l) / 451, month = (h + l - 7 * mm + 114) / 31;
      return days_from_civil(y, month, (h + l - 7 * mm + 114) % 31 + 1);
    };
    std::uint32_t j = i + 1;
    if (easter && (is(j, "sunday") || is(j, "monday"))) ++j;
    int y = 0;
    if (year(j, y, 1800, 2100)) {
      m.end = j + 1;
      m.value = from_days(day_of(y) + (easter && is(i + 1, "monday") ? 1 : 0));
      return true;
    }
    m.end = j;
    if (a_.valid()) {
      used_anchor_ = true;
      std::int64_t best = day_of(a_.year);
      for (int yy : {a_.year - 1, a_.year + 1})
        if (std::llabs(day_of(yy) - anchor_days_) < std::llabs(best - anchor_days_)) best = day_of(yy);
      m.value = from_days(best + (easter && is(i + 1, "monday") ? 1 : 0));
    }
    return true;
  } else if (text(i) == "Ramadan" || text(i) == "Hanukkah" || text(i) == "Diwali") {
    m.end = i + 1;  // lunar or lunisolar calendars: no value
    return true;
  } else {
    return false;
  }
  m.end = end;
  m.value = resolve_md(mo, d);
  return true;
}

bool Scanner::fiscal(std::uint32_t i, Match& m) {
  // The value is the year as written, with "fiscal":true; a fiscal year's days depend on
  // who keeps it, so no start/end.
  auto finish = [&](std::uint32_t end, int y) {
    m.end = end;
    m.value = fmt_y(y);
    m.extra = "\"fiscal\":true";
    m.no_period = true;
    return true;
  };
  int y = 0;
  std::string_view t = text(i);
  if (t.size() >= 4 && t.size() <= 6 && t[0] == 'F' && t[1] == 'Y') {  // FY2024, FY24
    int v = 0;
    for (std::size_t k = 2; k < t.size(); ++k) {
      if (!is_ascii_digit(t[k])) return false;
      v = v * 10 + (t[k] - '0');
    }
    if (t.size() == 4) v += v < 50 ? 2000 : 1900;  // FY24 is 2024, FY87 1987
    if (t.size() == 5 || v < 1800 || v > 2100) return false;
    return finish(i + 1, v);
  }
  if (t == "FY" && year(i + 1, y, 1800, 2100)) return finish(i + 2, y);
  if (is(i, "fiscal")) {
    std::uint32_t k = is(i + 1, "year") ? i + 2 : i + 1;
    if (year(k, y, 1800, 2100)) return finish(k + 1, y);
    return false;
  }
  std::uint32_t j = is(i, "the") ? i + 1 : i;  // "the 2024 fiscal year"
  if (year(j, y, 1800, 2100) && is(j + 1, "fiscal") && is(j + 2, "year")) return finish(j + 3, y);
  return false;
}

bool Scanner::year_alone(std::uint32_t i, Match& m) {
  int y;
  if (!year(i, y, 1000, 2100)) return false;
  // an earlier year only after a preposition of time and not before a counted noun: "in 1738",
  // "In 1776 we declared", "since 1648 peace held"; not "in 1500 cases", "in 1500 km"
  if (y < 1800) {
    if (!(i > 0 &&
          (is(i - 1, "in") || is(i - 1, "since") || is(i - 1, "until") || is(i - 1, "during") || is(i - 1, "before") ||
           is(i - 1, "after") || is(i - 1, "by") || is(i - 1, "circa") || is(i - 1, "c.") || is(i - 1, "ca."))))
      return false;
    if (i + 1 < n_ && doc_.kind(i + 1) == TokenKind::kWord && !capitalised(i + 1)) {
      static const std::array<std::string_view, 17> kNotPlural = {
          "was",  "has",    "is",      "his",     "its",  "this", "thus",   "as", "us",
          "does", "always", "perhaps", "whereas", "hers", "ours", "theirs", "yes"};
      static const std::array<std::string_view, 9> kUnits = {"km", "kg", "m", "ft", "lb", "mi", "cm", "mm", "t"};
      const Lower next = low(i + 1);
      const bool plural =
          next.n > 2 && next.buf[next.n - 1] == 's' &&
          std::none_of(kNotPlural.begin(), kNotPlural.end(), [&](std::string_view w) { return next == w; });
      if (plural || std::any_of(kUnits.begin(), kUnits.end(), [&](std::string_view w) { return next == w; }))
        return false;
    }
  }
  m.end = i + 1;
  m.value = fmt_y(y);
  return true;
}

}  // namespace internal::rules
}  // namespace byline
