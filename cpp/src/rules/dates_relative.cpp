// Dates relative to the document date and durations (rules/date_scanner.h).
#include <cstdio>

#include "rules/date_scanner.h"

namespace byline {
namespace internal::rules {

std::string Scanner::shift(char code, int amount) const {
  if (!a_.valid()) return {};
  // a shift that leaves years 1..9999 has no calendar value ("3,000 years ago" is fine,
  // "400000000 weeks ago" is not)
  constexpr std::int64_t kMaxDays = 3'000'000;
  const std::int64_t days = static_cast<std::int64_t>(amount) * (code == 'D'   ? 1
                                                                 : code == 'W' ? 7
                                                                 : code == 'M' ? 31
                                                                 : code == 'Q' ? 92
                                                                               : 366);
  const std::int64_t target = anchor_days_ + days;
  if (days > kMaxDays || days < -kMaxDays || target < days_from_civil(1, 1, 1) ||
      target > days_from_civil(9999, 12, 31))
    return {};
  used_anchor_ = true;
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

bool Scanner::relative(std::uint32_t i, Match& m) {
  Lower l = low(i);
  if (l == "today" || l == "yesterday" || l == "tomorrow") {
    m.end = i + 1;
    m.value = shift('D', l == "today" ? 0 : l == "yesterday" ? -1 : 1);
    if (l != "today") join_night(i + 1, m);  // "tomorrow night"
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
  if (the && is(j, "weekend")) {  // "the weekend", "over the weekend": the latest one
    m.end = j + 1;
    m.value = weekend_value(0, true);
    return true;
  }
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
    // "the past three years" with a document date: the days from then to the anchor
    if (dir < 0 && a_.valid() && np.value < 1e5 && np.value == static_cast<int>(np.value) && u.code != 'E') {
      const int n = static_cast<int>(np.value) * u.mult;
      if (u.code == 'W') used_anchor_ = true;
      const std::string back = u.code == 'D'   ? shift('D', -n)
                               : u.code == 'W' ? shift('D', -7 * n)
                               : u.code == 'Q' ? shift_months(-3 * n)
                               : u.code == 'M' ? shift_months(-n)
                                               : shift_months(-12 * n);
      if (!back.empty()) {
        m.first = back;
        m.last = from_days(anchor_days_);
        m.kind = 'd';
      }
    }
    return true;
  }
  if (is(k, "few") || is(k, "several")) {
    if (period_word(k + 1, u)) {
      m.end = k + 2;
      m.value = u.code == 'E' ? std::string() : unspecified_duration(u);
      return true;
    }
  }
  if (period_word(k, u)) {
    m.end = k + 1;
    if (u.code == 'E') {  // "this weekend", "last weekend", "the past weekend"
      Lower pl = low(k);
      if (pl.view() == "weekend") m.value = weekend_value(dir, false);
      return true;
    }
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
        used_anchor_ = true;
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
      join_night(k + 1, m);  // "last Friday night"
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

std::string Scanner::shift_months(int months) const {
  if (!a_.valid() || months > 12 * 8000 || months < -12 * 8000 || a_.year * 12 + months < 12) return {};
  used_anchor_ = true;
  const int t = a_.year * 12 + (a_.month - 1) + months;
  const int y = t / 12, mo = t % 12 + 1;
  return fmt_ymd(y, mo, a_.day > days_in_month(y, mo) ? days_in_month(y, mo) : a_.day);
}

std::string Scanner::weekend_value(int weeks, bool latest) const {
  if (!a_.valid()) return "XXXX-WXX-WE";
  used_anchor_ = true;
  std::int64_t day = anchor_days_ + 7 * weeks;
  // the latest weekend: this week's once it has begun (Saturday), else the previous week's
  if (latest && weekday_of_days(anchor_days_) < 6) day -= 7;
  int y, mo, d, wy, w;
  civil_from_days(day, y, mo, d);
  iso_week(y, mo, d, wy, w);
  char b[20];
  std::snprintf(b, sizeof b, "%04d-W%02d-WE", wy, w);
  return b;
}

std::string Scanner::season_value(int code, int dir) const {
  static const char* const kCodes[] = {"SP", "SU", "FA", "WI"};
  static const int kFirstMonth[] = {3, 6, 9, 12};
  if (!a_.valid()) return std::string("XXXX-") + kCodes[code];
  used_anchor_ = true;
  // the season holding the anchor, as (year, code)
  const int am = a_.month;
  const int cur_code = am >= 3 && am <= 5 ? 0 : am >= 6 && am <= 8 ? 1 : am >= 9 && am <= 11 ? 2 : 3;
  const int cur_year = am <= 2 ? a_.year - 1 : a_.year;
  auto start = [&](int y, int c) { return days_from_civil(y, kFirstMonth[c], 1); };
  const std::int64_t now = start(cur_year, cur_code);
  int y = cur_year;
  if (dir == 0) {
    // "this winter" in January is the winter under way; otherwise the season of this year
    y = code == 3 ? cur_year : a_.year;
  } else if (dir < 0) {
    for (y = cur_year; start(y, code) >= now;) --y;
  } else {
    for (y = cur_year; start(y, code) <= now;) ++y;
  }
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%s", y, kCodes[code]);
  return b;
}

bool Scanner::season(std::uint32_t i, Match& m) {
  auto code_at = [&](std::uint32_t k) {
    if (is(k, "spring")) return 0;
    if (is(k, "summer")) return 1;
    if (is(k, "autumn") || is(k, "fall")) return 2;
    if (is(k, "winter")) return 3;
    return -1;
  };
  static const char* const kCodes[] = {"SP", "SU", "FA", "WI"};
  std::uint32_t j = is(i, "the") ? i + 1 : i;
  int dir = 2;  // 2: no direction word
  if (is(j, "this") || is(j, "current"))
    dir = 0, ++j;
  else if (is(j, "last") || is(j, "previous") || is(j, "past"))
    dir = -1, ++j;
  else if (is(j, "next") || is(j, "coming"))
    dir = 1, ++j;
  const int code = code_at(j);
  if (code < 0) return false;
  // "fall" alone is a verb too: only with a year or a determiner
  int y = 0;
  std::uint32_t yk = is(j + 1, "of") ? j + 2 : j + 1;
  char b[16];
  if (year(yk, y, 1800, 2100)) {  // "summer 2024", "the summer of 2024"
    std::snprintf(b, sizeof b, "%04d-%s", y, kCodes[code]);
    m.end = yk + 1;
    m.value = b;
    return true;
  }
  if (dir == 2 && j == i) return false;  // a bare season word: "summer" is too often not a date
  if (dir == 2 && code == 2 && is(i, "the")) {
    // "the fall of the regime": not a season
    if (is(j + 1, "of")) return false;
  }
  m.end = j + 1;
  m.value = season_value(code, dir == 2 ? 0 : dir);
  return true;
}

bool Scanner::sets(std::uint32_t i, Match& m) {
  static const struct {
    const char* word;
    const char* timex;
  } kAdverbs[] = {{"daily", "P1D"},     {"weekly", "P1W"},   {"monthly", "P1M"},
                  {"quarterly", "P3M"}, {"annually", "P1Y"}, {"yearly", "P1Y"}};
  for (const auto& a : kAdverbs)
    if (i < n_ && text(i) == a.word) {  // lower case only: "Daily Mail" is a name
      m.end = i + 1;
      m.value = a.timex;
      m.kind = 's';
      return true;
    }
  if (!is(i, "every") && !is(i, "each")) return false;
  std::uint32_t k = i + 1;
  double count = 1;
  NumberParse np;
  if (number(k, np) && !np.ordinal && np.value >= 1 && np.value < 1000)
    count = np.value, k = np.end;
  else if (is(k, "other"))
    count = 2, ++k;
  Unit u;
  if (int wd = weekday(k)) {
    char b[16];
    std::snprintf(b, sizeof b, "XXXX-WXX-%d", wd);
    m.end = k + 1;
    m.value = b;
    m.kind = 's';
    return true;
  }
  if (k < n_ && unit_of(low(k).view(), u)) {
    m.end = k + 1;
    m.value = u.code == 'E' ? std::string("XXXX-WXX-WE") : duration(count, u);
    m.kind = 's';
    m.time = is_clock(u);
    return true;
  }
  return false;
}

// six to nine months, 34 months, three weeks after, two years ago, six-to-nine-month, 34-month
bool Scanner::durations(std::uint32_t i, Match& m) {
  NumberParse a;
  Unit u;
  bool a_article = false;
  if ((is(i, "a") || is(i, "an")) && period_word(i + 1, u)) {
    a.value = 1, a.end = i + 1, a_article = true;
  } else if (is(i, "several") || is(i, "many") || is(i, "recent") || (is(i, "a") && is(i + 1, "few"))) {
    // "several years", "a few months ago", "many years later", "recent years"
    std::uint32_t k = is(i, "a") ? i + 2 : i + 1;
    if (k < n_ && unit_of(low(k).view(), u) && !is_clock(u) && (!is(i, "recent") || plural(k))) {
      m.end = k + 1;
      if (!is(i, "recent") && relative_end(m.end)) ++m.end;
      if (u.code != 'E') m.value = unspecified_duration(u);
      return true;
    }
    return false;
  } else if (is(i, "his") || is(i, "her") || is(i, "their")) {
    // an age by decade: "in his 40s", "in her late twenties", "in their mid-30s" (OntoNotes
    // DATE, the possessive inside); the value is the range of ages
    if (i == 0 || !is(i - 1, "in")) return false;
    std::uint32_t k = (is(i + 1, "early") || is(i + 1, "mid") || is(i + 1, "late")) ? i + 2 : i + 1;
    if (k >= n_) return false;
    Lower lk(text(k));
    std::string_view w = lk.view();
    for (std::string_view prefix : {"early-", "mid-", "late-"})
      if (k == i + 1 && w.size() > prefix.size() && w.substr(0, prefix.size()) == prefix)
        w.remove_prefix(prefix.size());
    bool spelled = false;
    const int d = decade_word(w, spelled);
    if (d == 0) return false;
    m.end = k + 1;
    m.value = duration(d, Unit{'Y', 1}) + "/" + duration(d == 13 ? 19 : d + 9, Unit{'Y', 1});
    return true;
  } else if ((is(i, "the") && is(i + 1, "age") && is(i + 2, "of") && number(i + 3, a)) ||
             (text_is(i, "age") && number(i + 1, a))) {  // "Ice Age 4" is a title
    // an age: "the age of 16", "at age 16" (OntoNotes DATE)
    if (a.value > 150) return false;
    m.end = a.end;
    m.value = duration(a.value, Unit{'Y', 1});
    return true;
  } else if (unit_of(low(i).view(), u) && u.code != 'E' && plural(i) &&
             (is(i, "decades") || is(i, "centuries") || relative_end(i + 1) || is(i + 1, "after") ||
              is(i + 1, "before"))) {
    // a count left unsaid: "for decades", "Decades ago" (OntoNotes DATE), and other units
    // before a relative word: "hours after the blast", "just days before the vote", "years later"
    m.end = relative_end(i + 1) ? i + 2 : i + 1;
    m.time = is_clock(u);
    m.value = unspecified_duration(u);
    return true;
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
  // an age in apposition: "The mayor, 58, said", "John Smith, 45, of Leeds", and after a
  // full name at the end of a sentence: "said Li Wei, 61." (OntoNotes DATE)
  const bool name_at_end = text_is(i + 1, ".") && i >= 3 && capitalised(i - 2) &&
                           (capitalised(i - 3) || is(i - 3, "said") || is(i - 3, "says"));
  if (!a_article && !range && a.end == i + 1 && i >= 2 && text_is(i - 1, ",") && a.value >= 1 && a.value <= 120 &&
      a.value == static_cast<int>(a.value) && doc_.kind(i - 2) == TokenKind::kWord && !month(i - 2) &&
      !weekday(i - 2) && ((text_is(i + 1, ",") && i + 2 < n_ && doc_.kind(i + 2) == TokenKind::kWord) || name_at_end)) {
    m.end = i + 1;
    m.value = duration(a.value, Unit{'Y', 1});
    return true;
  }
  if (!a_article && i > 0 && is(i - 1, "aged") && a.value <= 150 && !(j < n_ && unit_of(low(j).view(), u))) {
    m.end = j;  // "aged 12", "aged 12 to 15": the age is the number (OntoNotes DATE)
    m.value = range ? duration(a.value, Unit{'Y', 1}) + "/" + duration(b.value, Unit{'Y', 1})
                    : duration(a.value, Unit{'Y', 1});
    return true;
  }
  if (j >= n_ || !unit_of(low(j).view(), u) || u.code == 'E') return false;
  std::uint32_t end = j + 1;
  std::string dur = range ? duration(a.value, u) + "/" + duration(b.value, u) : duration(a.value, u);
  if (!range && relative_end(end)) {
    bool ago = is(end, "ago");
    ++end;
    m.end = end;
    m.time = is_clock(u);
    if (ago && !is_clock(u) && a_.valid() && a.value < 1e5 && a.value == static_cast<int>(a.value)) {
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
  if (a_article) {
    if (!is(end, "after") && !is(end, "before")) return false;
    m.end = end;  // "a week after his arrest": the preposition stays outside
    m.time = is_clock(u);
    m.value = dur;
    return true;
  }
  // an age: "61 years old", "seven and nine years old" (OntoNotes DATE, "old" inside)
  if (!is_clock(u) && is(end, "old")) ++end;
  m.end = end;
  m.time = is_clock(u);
  m.value = dur;
  return true;
}

void Scanner::join_night(std::uint32_t k, Match& m) const {
  if (!text_is(k, "night")) return;
  m.end = k + 1;
  m.time = true;
  if (!m.value.empty()) m.value += "TNI";
}

bool Scanner::relative_end(std::uint32_t k) const {
  if (is(k, "ago") || is(k, "earlier") || is(k, "later") || is(k, "previously")) return true;
  // "three weeks after" ends a date; "five days before the vote" keeps its preposition out
  return (is(k, "after") || is(k, "before")) && (k + 1 >= n_ || !is_word(k + 1));
}

bool Scanner::compound_duration(std::uint32_t i, Match& m) {
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
  // an age: "22-year-old", "six-month-olds" (OntoNotes DATE)
  const bool age = np >= 3 && (Lower(parts[np - 1]) == "old" || Lower(parts[np - 1]) == "olds");
  if (age) --np;
  Unit u;
  if (np < 2 || !unit_of(Lower(parts[np - 1]).view(), u) || u.code == 'E' || (age && is_clock(u))) return false;
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

}  // namespace internal::rules
}  // namespace byline
