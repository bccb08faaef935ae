// DATE and TIME recogniser with ISO 8601 / TIMEX3-style values: the scanner's filter,
// modifiers and stage order, and find_temporal (the stages: rules/date_scanner.h).
#include <algorithm>
#include <charconv>
#include <utility>

#include "byline/rules.h"
#include "rules/date_scanner.h"

namespace byline {

namespace {

using internal::rules::ascii_lower;
using internal::rules::is_ascii_alpha;
using internal::rules::is_ascii_digit;

/// The number written by the `n` digits at s[i], or -1 when they are not all digits.
int digits_at(std::string_view s, std::size_t i, std::size_t n) {
  if (i + n > s.size()) return -1;
  int v = 0;
  for (std::size_t k = i; k < i + n; ++k) {
    if (!is_ascii_digit(s[k])) return -1;
    v = v * 10 + (s[k] - '0');
  }
  return v;
}

/// `r` when it is a calendar date, else an invalid anchor.
DateAnchor checked(DateAnchor r) {
  if (!r.valid() || r.day > internal::rules::days_in_month(r.year, r.month)) return {};
  return r;
}

/// A time of day "hh:mm[:ss[.fraction]]" from s[i] on; `i` moves past it.
bool clock_at(std::string_view s, std::size_t& i) {
  const int h = digits_at(s, i, 2), m = i + 2 < s.size() && s[i + 2] == ':' ? digits_at(s, i + 3, 2) : -1;
  if (h < 0 || h > 23 || m < 0 || m > 59) return false;
  i += 5;
  if (i < s.size() && s[i] == ':') {
    const int sec = digits_at(s, i + 1, 2);
    if (sec < 0 || sec > 60) return false;  // 60: a leap second
    i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      const std::size_t b = ++i;
      while (i < s.size() && is_ascii_digit(s[i])) ++i;
      if (i == b) return false;
    }
  }
  return true;
}

/// A numeric zone "+hh", "+hhmm" or "+hh:mm" (or "-") that is all of s[i...].
bool offset_at(std::string_view s, std::size_t i) {
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  const int h = digits_at(s, i + 1, 2);
  if (h < 0 || h > 23) return false;
  std::size_t j = i + 3;
  if (j == s.size()) return true;
  if (s[j] == ':') ++j;
  const int m = digits_at(s, j, 2);
  return m >= 0 && m <= 59 && j + 2 == s.size();
}

/// ISO 8601 / RFC 3339: "yyyy-mm-dd", optionally followed by "T" (or a space) and a time
/// of day with an optional zone ("Z", "+01:00", "+0100").
DateAnchor parse_iso(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return {};
  const DateAnchor r = checked({digits_at(s, 0, 4), digits_at(s, 5, 2), digits_at(s, 8, 2)});
  if (!r.valid() || s.size() == 10) return r;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return {};
  std::size_t i = 11;
  if (!clock_at(s, i)) return {};
  if (i == s.size()) return r;
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return r;
  return offset_at(s, i) ? r : DateAnchor{};
}

/// The next run of non-blank characters of s from `i` (blanks before it skipped).
std::string_view word_at(std::string_view s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  const std::size_t b = i;
  while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
  return s.substr(b, i - b);
}

/// Index (0-based) of `w` in `names` compared case-insensitively, or -1.
template <std::size_t N>
int name_index(std::string_view w, const std::string_view (&names)[N]) {
  for (std::size_t k = 0; k < N; ++k) {
    const std::string_view n = names[k];
    if (w.size() < 3 || w.size() > n.size()) continue;  // an abbreviation of 3 letters or more
    bool same = true;
    for (std::size_t c = 0; c < w.size() && same; ++c) same = ascii_lower(w[c]) == n[c];
    if (same && (w.size() == 3 || w.size() == n.size())) return static_cast<int>(k);
  }
  return -1;
}

/// RFC 2822 (e-mail, RSS): "[Thu, ]02 Jan 2025[ 10:00[:00][ zone]]", the zone "+0000",
/// "-05:00" or a name ("GMT", "UT", "EST", "CET"). Day and month names are English, three
/// letters or in full; a two-digit year is 19xx from 50 on, else 20xx (RFC 2822 4.3). A
/// weekday that is not the date's makes it invalid (`problem`, when given, says so).
DateAnchor parse_rfc2822(std::string_view s, std::string* problem) {
  static constexpr std::string_view kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};
  static constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};
  // One trailing comment, as mail headers carry: "... +0000 (UTC)".
  if (!s.empty() && s.back() == ')') {
    const std::size_t open = s.rfind('(');
    if (open == std::string_view::npos) return {};
    s = s.substr(0, open);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  }
  std::size_t i = 0;
  std::string_view w = word_at(s, i);
  int weekday = -1;                          // 0 = Monday, as written
  if (!w.empty() && is_ascii_alpha(w[0])) {  // the day of the week and its comma ("Thu," "Thu ," "Thu,02")
    std::string_view name = w, rest;
    if (const std::size_t comma = w.find(','); comma != std::string_view::npos) {
      name = w.substr(0, comma);
      rest = w.substr(comma + 1);
    } else {
      std::size_t j = i;
      if (word_at(s, j) != ",") return {};
      i = j;
    }
    weekday = name_index(name, kDays);
    if (weekday < 0) return {};
    w = rest.empty() ? word_at(s, i) : rest;
  }
  const int day = w.size() <= 2 ? digits_at(w, 0, w.size()) : -1;
  const int month = name_index(word_at(s, i), kMonths) + 1;
  const std::string_view y = word_at(s, i);
  int year = y.size() == 4 || y.size() == 2 ? digits_at(y, 0, y.size()) : -1;
  if (y.size() == 2 && year >= 0) year += year < 50 ? 2000 : 1900;
  if (day < 0 || month < 1 || year < 0) return {};
  const DateAnchor r = checked({year, month, day});
  if (!r.valid()) return {};
  if (weekday >= 0) {
    const int actual = internal::rules::weekday_of_days(internal::rules::days_from_civil(year, month, day)) - 1;
    if (actual != weekday) {
      if (problem != nullptr) {
        std::string name(kDays[actual]), given(kDays[weekday]);
        name[0] = static_cast<char>(name[0] - 'a' + 'A');
        given[0] = static_cast<char>(given[0] - 'a' + 'A');
        *problem = internal::rules::fmt_ymd(year, month, day) + " is a " + name + ", not a " + given;
      }
      return {};
    }
  }
  std::string_view t = word_at(s, i);
  if (t.empty()) return r;
  std::size_t k = 0;
  if (!clock_at(t, k) || k != t.size() || t.find_first_of(".,") != std::string_view::npos) return {};
  const std::string_view zone = word_at(s, i);
  if (!word_at(s, i).empty()) return {};
  if (zone.empty() || offset_at(zone, 0)) return r;
  if (zone.size() > 5) return {};
  for (char c : zone)
    if (!is_ascii_alpha(c)) return {};
  return r;
}

}  // namespace

namespace {

DateAnchor parse_date(std::string_view s, std::string* problem) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  if (s.size() >= 10 && is_ascii_digit(s[0]) && s[4] == '-') return parse_iso(s);
  return parse_rfc2822(s, problem);
}

}  // namespace

DateAnchor DateAnchor::parse(std::string_view s) noexcept { return parse_date(s, nullptr); }

std::string DateAnchor::parse_error(std::string_view text) {
  std::string problem;
  if (parse_date(text, &problem).valid()) return {};
  if (!problem.empty()) return problem;
  return "expected an ISO date or date-time (2025-01-02, 2025-01-02T10:00:00Z) or an RFC 2822 date (Thu, 02 Jan "
         "2025 10:00:00 GMT)";
}

namespace internal::rules {

const Scanner::WordTables& Scanner::word_tables() {
  static const WordTables tables = [] {
    WordTables w;
    // The trigger words and the number words (bit 1 trigger, bit 2 number word), and one
    // filter for both: one lookup per candidate token.
    WordTable<int>& m = w.triggers;
    for (const auto& kv : month_table()) m[kv.first] |= 1;
    for (const auto& kv : weekday_table()) m[kv.first] |= 1;
    for (const char* x :
         {"early",     "late",     "mid",          "earlier",   "later",     "the",       "end",       "beginning",
          "start",     "middle",   "turn",         "rest",      "today",     "yesterday", "tomorrow",  "tonight",
          "last",      "previous", "past",         "next",      "coming",    "following", "this",      "current",
          "noon",      "midday",   "midnight",     "a",         "an",        "several",   "many",      "new",
          "christmas", "easter",   "thanksgiving", "ramadan",   "hanukkah",  "diwali",    "q1",        "q2",
          "q3",        "q4",       "every",        "each",      "fiscal",    "fy",        "spring",    "summer",
          "autumn",    "fall",     "winter",       "weekend",   "daily",     "weekly",    "monthly",   "quarterly",
          "annually",  "yearly",   "recent",       "decades",   "centuries", "age",       "overnight", "morning",
          "afternoon", "evening",  "days",         "weeks",     "months",    "years",     "hours",     "minutes",
          "his",       "her",      "their",        "h1",        "h2",        "teens",     "twenties",  "thirties",
          "forties",   "fifties",  "sixties",      "seventies", "eighties",  "nineties"})
      m[x] |= 1;
    for (auto x : number_word_list()) m[x] |= 2;
    for (const auto& kv : m) w.trigger_filter.add(kv.first);
    // The first words of each stage (lower-case; a stage that wants capitals, "New Year"
    // or "Monday", tests them itself) with the stages they may start.
    WordTable<std::uint32_t>& st = w.stages;
    auto add = [&st](std::initializer_list<std::string_view> ws, std::uint32_t bits) {
      for (auto x : ws) st[x] |= bits;
    };
    for (const auto& kv : month_table()) st[kv.first] |= kMonthFirst;
    for (const auto& kv : weekday_table()) st[kv.first] |= kWeekdayDate;
    // a number word may start an ordinal ("first quarter", "21st century") or a count
    for (auto x : number_word_list()) st[x] |= kQuarter | kCentury | kDurations;
    add({"the"}, kQuarter | kFiscal | kSeason | kCentury | kRelative | kModifier);
    add({"q1", "q2", "q3", "q4", "h1", "h2"}, kQuarter);
    add({"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"}, kCentury);
    add({"his", "her", "their"}, kDurations);
    add({"fiscal"}, kFiscal);
    add({"spring", "summer", "autumn", "fall", "winter", "this", "current", "last", "previous", "past", "next",
         "coming"},
        kSeason);
    add({"new", "christmas", "easter", "thanksgiving", "ramadan", "hanukkah", "diwali"}, kHoliday);
    add({"daily", "weekly", "monthly", "quarterly", "annually", "yearly", "every", "each"}, kSets);
    add({"today", "yesterday", "tomorrow", "tonight", "last", "previous", "past", "next", "coming", "following", "this",
         "current"},
        kRelative);
    add({"noon", "midday", "midnight", "overnight", "morning", "afternoon", "evening"}, kTimeOfDay);
    add({"a", "an", "several", "many", "recent", "decades", "centuries", "age", "the", "days", "weeks", "months",
         "years", "hours", "minutes"},
        kDurations);
    add({"early", "late", "mid", "earlier", "later", "end", "beginning", "start", "middle", "turn", "first", "second",
         "rest"},
        kModifier);
    for (const auto& kv : st) w.stage_filter.add(kv.first);
    return w;
  }();
  return tables;
}

bool Scanner::trigger_word_may_start(std::uint32_t i, std::string_view t) const {
  Lower l(t);
  if (words_.triggers.count(l.view()) == 0) return false;
  // frequent function words only start a date together with the next token
  if (l == "the") return i + 1 < n_ && (is(i + 1, "few") || may_start(i + 1));
  // "in his 40s", "in her late twenties"
  if (l == "his" || l == "her" || l == "their") return i > 0 && is(i - 1, "in");
  if (l == "a" || l == "an") {
    Unit u;
    return i + 1 < n_ && (is(i + 1, "few") || unit_of(low(i + 1).view(), u));
  }
  return true;
}

std::uint32_t Scanner::stages_at(std::uint32_t i) const {
  if (i >= n_) return 0;
  const std::string_view t = text(i);
  // a number: the stages that read a number first (the others test words or capitals)
  if (looks_numeric(t)) return kIso | kDayFirst | kQuarter | kFiscal | kCentury | kTimeOfDay | kDurations | kYearAlone;
  // "mid-2025", "twenty-first", "six-month" (rare): every stage
  if (has_hyphen(t, text_end_)) return kAllStages;
  std::uint32_t stages = t.size() >= 2 && t[0] == 'F' && t[1] == 'Y' ? std::uint32_t{kFiscal} : 0;  // "FY2024", "FY"
  if (!words_.stage_filter.may_contain(t)) return stages;
  const Lower l(t);
  if (auto it = words_.stages.find(l.view()); it != words_.stages.end()) stages |= it->second;
  return stages;
}

bool Scanner::match(std::uint32_t i, Match& m) {
  used_anchor_ = false;
  const std::uint32_t stages = stages_at(i);
  // modifiers that widen a date: "early", "late", "mid", "the end of", "the beginning of"
  std::uint32_t mod = modifier(i, stages);
  if (mod > 0 && core(i + mod, stages_at(i + mod), m)) {
    // "the first half of 2026" is the half year 2026-H1; other modifiers keep the core's value
    const std::uint32_t k = is(i, "the") ? i + 1 : i;
    if (is(k + 1, "half") && m.value.size() == 4 &&
        std::all_of(m.value.begin(), m.value.end(), [](char c) { return c >= '0' && c <= '9'; }))
      m.value += is(k, "first") ? "-H1" : "-H2";
    return true;
  }
  return core(i, stages, m);
}

std::uint32_t Scanner::modifier(std::uint32_t i, std::uint32_t stages) const {
  if ((stages & kModifier) == 0) return 0;
  if (is(i, "early") || is(i, "late") || is(i, "mid") || is(i, "earlier") || is(i, "later")) return 1;
  // "the early 1980s", "the late 1990s": the article belongs to the date (OntoNotes)
  if (is(i, "the") && (is(i + 1, "early") || is(i + 1, "late") || is(i + 1, "mid"))) return 2;
  std::uint32_t k = is(i, "the") ? i + 1 : i;
  if ((is(k, "end") || is(k, "beginning") || is(k, "start") || is(k, "middle") || is(k, "turn") || is(k, "first") ||
       is(k, "second") || is(k, "rest")) &&
      is(k + 1, "of"))
    return k + 2 - i;
  if ((is(k, "first") || is(k, "second")) && is(k + 1, "half") && is(k + 2, "of")) return k + 3 - i;
  return 0;
}

bool Scanner::core(std::uint32_t i, std::uint32_t stages, Match& m) {
  if (i >= n_) return false;
  return ((stages & kIso) && iso(i, m)) || ((stages & kWeekdayDate) && weekday_date(i, m)) ||
         ((stages & kMonthFirst) && month_first(i, m)) || ((stages & kDayFirst) && day_first(i, m)) ||
         ((stages & kQuarter) && quarter(i, m)) || ((stages & kFiscal) && fiscal(i, m)) ||
         ((stages & kSeason) && season(i, m)) || ((stages & kMidCompound) && mid_compound(i, m)) ||
         ((stages & kCentury) && century(i, m)) || ((stages & kHoliday) && holiday(i, m)) ||
         ((stages & kSets) && sets(i, m)) || ((stages & kRelative) && relative(i, m)) ||
         ((stages & kTimeOfDay) && time_of_day(i, m)) || ((stages & kDurations) && durations(i, m)) ||
         ((stages & kYearAlone) && year_alone(i, m));
}

namespace {

/// Whether every calendar date a TIMEX3 value or a day ("yyyy-mm-dd") names lies in
/// years 1..9999, the years ISO 8601 writes with four digits: false for "10000-W01",
/// "0000-12", "-001-03". Durations ("P3Y"), times ("T10:00") and unknown parts ("XXXX")
/// are not dates and pass.
bool in_year_range(std::string_view timex) {
  while (!timex.empty()) {
    const std::size_t slash = timex.find('/');
    const std::string_view part = timex.substr(0, slash);
    if (!part.empty() && part[0] != 'P' && part[0] != 'T' && part[0] != 'X') {
      std::size_t digits = 0;
      while (digits < part.size() && is_ascii_digit(part[digits])) ++digits;
      if (part[0] == '-' || digits > 4 || (digits == 4 && part.substr(0, 4) == "0000")) return false;
    }
    if (slash == std::string_view::npos) break;
    timex.remove_prefix(slash + 1);
  }
  return true;
}

}  // namespace

/// The value object of a match (calendar.h temporal_json); empty when there is nothing
/// to say (no value, no period: "Ramadan", "several years" stays a duration), and when
/// the value or its period leaves years 1..9999 (a relative date near the ends of the
/// calendar: "next week" written on 9999-12-31 has no value rather than a 5-digit year).
std::string temporal_value(const Match& m, bool used_anchor) {
  const std::string& t = m.value;
  std::string first = m.first, last = m.last;
  if (!m.no_period && first.empty() && last.empty()) internal::rules::period_of(t, first, last);
  if (!in_year_range(t) || !in_year_range(first) || !in_year_range(last)) return {};
  char kind = m.kind;
  if (kind == 0) {
    const auto slash = t.find('/');
    kind = !t.empty() && t[0] == 'P' ? 'd' : (slash != std::string::npos && t[0] != 'P') ? 'r' : 'p';
  }
  if (t.empty() && m.first.empty() && kind == 'p') return {};
  const std::string_view kinds = kind == 'd' ? "duration" : kind == 's' ? "set" : kind == 'r' ? "range" : "point";
  std::string_view anchor = "text";
  if (t.find('X') != std::string::npos || (t.empty() && m.first.empty()))
    anchor = "none";
  else if (used_anchor)
    anchor = "document";
  return temporal_json(t, kinds, anchor, first, last, m.extra, !m.no_period);
}

namespace {

/// A calendar point that can bound a range ("2019", "March", "Dec. 30, 2024").
bool range_end(const Match& m) {
  return !m.time && m.kind == 0 && !m.value.empty() && m.value[0] != 'P' && m.value.find('/') == std::string::npos;
}

/// The year of a TIMEX3 point ("2024-03" -> 2024), or -1.
int year_of(const std::string& t) {
  if (t.size() < 4) return -1;
  int y = 0;
  for (int k = 0; k < 4; ++k) {
    if (!is_ascii_digit(t[k])) return -1;
    y = y * 10 + (t[k] - '0');
  }
  return t.size() == 4 || t[4] == '-' ? y : -1;
}

/// The first point of a range written without its year ("March to May 2024") takes the
/// year of the second (the year before when that would put it after the second).
void take_year(std::string& first, const std::string& second) {
  const int y = year_of(second);
  if (y < 0 || first.size() < 7 || first[4] != '-' || !(first.compare(0, 4, "XXXX") == 0 || year_of(first) >= 0))
    return;
  std::string candidate = fmt_y(y) + first.substr(4);
  if (candidate.substr(0, std::min(candidate.size(), second.size())) >
      second.substr(0, std::min(candidate.size(), second.size())))
    candidate = fmt_y(y - 1) + first.substr(4);
  first = candidate;
}

/// The point `point` ("2024-12-25", "2024-12", "2010") moved by the duration `duration`
/// ("P1W", "P2M", "P2Y"; whole counts up to 100,000) forwards or backwards, at the point's
/// precision: days and weeks need a day, months a month; the day of a month-end is kept in
/// its month ("2024-01-31" + P1M = "2024-02-29"). Empty when it cannot be counted or leaves
/// years 1..9999.
std::string shifted(const std::string& point, const std::string& duration, bool forward) {
  int count = 0;
  const char* const unit_at = duration.data() + duration.size() - 1;
  const auto read = std::from_chars(duration.data() + 1, unit_at, count);
  if (read.ec != std::errc() || read.ptr != unit_at || count < 0 || count > 100000) return {};
  const char unit = *unit_at;
  const int sign = forward ? 1 : -1;
  int y = 0, mo = 0, d = 0;
  const bool has_year = digits(point, 0, 4, y);
  const bool has_month = has_year && point.size() >= 7 && point[4] == '-' && digits(point, 5, 2, mo);
  const bool has_day = has_month && point.size() == 10 && point[7] == '-' && digits(point, 8, 2, d);
  if (!has_year || (point.size() != 4 && !has_month) || (point.size() > 7 && !has_day)) return {};
  if (unit == 'D' || unit == 'W') {
    if (!has_day) return {};
    civil_from_days(days_from_civil(y, mo, d) + sign * static_cast<std::int64_t>(count) * (unit == 'W' ? 7 : 1), y, mo,
                    d);
  } else if (unit == 'M' || unit == 'Y') {
    if (unit == 'M' && !has_month) return {};
    const std::int64_t months = static_cast<std::int64_t>(y) * 12 + (has_month ? mo - 1 : 0) +
                                sign * static_cast<std::int64_t>(count) * (unit == 'Y' ? 12 : 1);
    if (months < 12 || months >= 10000 * 12) return {};
    y = static_cast<int>(months / 12);
    mo = static_cast<int>(months % 12) + 1;
    if (has_day) d = std::min(d, days_in_month(y, mo));
  } else {
    return {};
  }
  if (y < 1 || y > 9999) return {};
  return has_day ? fmt_ymd(y, mo, d) : has_month ? fmt_ym(y, mo) : fmt_y(y);
}

}  // namespace

std::vector<Entity> find_temporal(const Doc& doc, DateAnchor anchor, const std::vector<std::uint8_t>* starts) {
  if (!anchor.valid()) {
    auto it = doc.meta().find("date");
    if (it != doc.meta().end()) anchor = DateAnchor::parse(it->second);
  }
  std::vector<Entity> out;
  Scanner sc(doc, anchor);
  const std::uint32_t n = static_cast<std::uint32_t>(doc.size());
  const std::vector<std::uint8_t> none;
  std::uint32_t floor = 0;  // end of the previous entity
  for (std::uint32_t i = 0; i < n;) {
    if (starts != nullptr ? (*starts)[i] == 0 : !sc.may_start(i)) {
      ++i;
      continue;
    }
    Match m;
    if (!sc.match(i, m) || m.end <= i) {
      ++i;
      continue;
    }
    bool used_anchor = sc.used_anchor();
    std::uint32_t begin = i;
    // A range of two points: "2019 - 2020", "March to May 2024", "(from) Monday to Friday",
    // "between 2019 and 2021" ("between" inside the span, "from" outside).
    const bool between = begin > floor && lower_is(doc, begin - 1, "between");
    if (range_end(m) && m.end + 1 < n) {
      const std::string_view sep = tok_text(doc, m.end);
      const bool joins = between ? lower_is(doc, m.end, "and")
                                 : (lower_is(doc, m.end, "to") || lower_is(doc, m.end, "through") ||
                                    lower_is(doc, m.end, "until") || sep == "-" || sep == "\xE2\x80\x93" /* – */);
      Match second;
      if (joins && sc.may_start(m.end + 1) && sc.match(m.end + 1, second) && range_end(second)) {
        std::string first_value = m.value;
        const bool second_anchor = sc.used_anchor();
        // the first point takes the second's year only when it has none of its own: it was
        // year-less (XXXX) or took its year from the document date, and the second states one
        // ("March to May 2024"; not "March 2019 to May 2020", not "Monday to Friday")
        if ((first_value.compare(0, 4, "XXXX") == 0 || used_anchor) && !second_anchor && year_of(second.value) >= 0)
          take_year(first_value, second.value);
        used_anchor = (used_anchor && first_value == m.value) || second_anchor;
        if (first_value <= second.value || first_value.compare(0, 4, "XXXX") == 0) {
          m.value = first_value + "/" + second.value;
          m.kind = 'r';
          m.end = second.end;
          if (between) --begin;  // OntoNotes: "between 2019 and 2021"; "from" stays outside
        }
      }
    }
    // A duration before or after a calendar point is one date (OntoNotes) when the day,
    // month or year it names can be counted: "a week before Christmas", "two days after May
    // 5", "two years after 2010" -> 2012. Not a set ("every week before"), not after "for"
    // ("for 10 years before 2020" is a duration), and not when the count or the point is
    // unknown ("days before Christmas", a Christmas of no known year): two dates then.
    bool merged = false;
    if (m.kind == 0 && !m.time && m.value.size() >= 3 && m.value[0] == 'P' && m.value.find('/') == std::string::npos &&
        !(begin > 0 && lower_is(doc, begin - 1, "for")) &&
        (lower_is(doc, m.end, "before") || lower_is(doc, m.end, "after")) && m.end + 1 < n) {
      Match point;
      if (sc.may_start(m.end + 1) && sc.match(m.end + 1, point) && range_end(point) && !point.time) {
        const std::string value = shifted(point.value, m.value, lower_is(doc, m.end, "after"));
        if (!value.empty()) {
          used_anchor = sc.used_anchor();
          m.value = value;
          m.first.clear();
          m.last.clear();
          m.end = point.end;
          merged = true;
        }
      }
    }
    // An approximator or comparative before a duration: "more than 50 years", "nearly two
    // decades", "about three weeks ago".
    NumberParse np;
    if (!merged && (!m.time || m.kind == 'd')) {
      const bool counted = parse_number_at(doc, begin, np) || lower_is(doc, begin, "a") || lower_is(doc, begin, "an");
      if (counted && (m.kind == 'd' || (!m.value.empty() && m.value[0] == 'P') || m.kind == 0)) {
        Bound bound = Bound::kExact;
        const std::uint32_t mb = modifier_before(doc, none, begin, floor, bound);
        // "over six months" is mostly "during": the one-word comparatives stay outside
        const bool preposition = mb + 1 == begin && (lower_is(doc, mb, "over") || lower_is(doc, mb, "under") ||
                                                     lower_is(doc, mb, "above") || lower_is(doc, mb, "below"));
        if (mb < begin && bound != Bound::kExact && !preposition) {
          begin = mb;
          const std::string members = bound_members(bound);
          m.extra = m.extra.empty() ? members : m.extra + "," + members;
        }
      }
    }
    // an approximator before a clock time: "about 11pm", "around 10:30 a.m." (inside, as for numbers)
    if (m.time && !m.value.empty() && m.value[0] == 'T' && begin == i) {
      Bound bound = Bound::kExact;
      const std::uint32_t mb = modifier_before(doc, none, begin, floor, bound);
      if (mb < begin && bound == Bound::kApprox) {
        begin = mb;
        m.extra = m.extra.empty() ? bound_members(bound) : m.extra + "," + bound_members(bound);
      }
    }
    Entity e;
    e.tok_begin = begin;
    e.tok_end = m.end;
    e.label = m.time ? "TIME" : "DATE";
    e.source = EntitySource::kPattern;
    e.value = temporal_value(m, used_anchor);
    out.push_back(std::move(e));
    i = floor = m.end;
  }
  return out;
}

}  // namespace internal::rules

std::vector<Entity> find_temporal_entities(const Doc& doc, DateAnchor anchor) {
  return internal::rules::find_temporal(doc, anchor);
}

}  // namespace byline
