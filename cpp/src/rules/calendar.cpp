// Calendar tables and formatting (rules/calendar.h).
#include "rules/calendar.h"

#include <cstdio>

namespace byline {
namespace internal::rules {

const WordTable<int>& month_table() {
  static const WordTable<int> t = {
      {"january", 1}, {"february", 2},  {"march", 3},    {"april", 4},     {"may", 5},       {"june", 6}, {"july", 7},
      {"august", 8},  {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12}, {"jan.", 1}, {"feb.", 2},
      {"mar.", 3},    {"apr.", 4},      {"jun.", 6},     {"jul.", 7},      {"aug.", 8},      {"sep.", 9}, {"sept.", 9},
      {"oct.", 10},   {"nov.", 11},     {"dec.", 12},    {"jan", 1},       {"feb", 2},       {"apr", 4},  {"jun", 6},
      {"jul", 7},     {"aug", 8},       {"sep", 9},      {"sept", 9},      {"oct", 10},      {"nov", 11}, {"dec", 12}};
  return t;
}

const WordTable<int>& weekday_table() {  // ISO: Monday = 1
  static const WordTable<int> t = {{"monday", 1}, {"tuesday", 2},  {"wednesday", 3}, {"thursday", 4},
                                   {"friday", 5}, {"saturday", 6}, {"sunday", 7},    {"mon.", 1},
                                   {"tue.", 2},   {"tues.", 2},    {"wed.", 3},      {"thu.", 4},
                                   {"thur.", 4},  {"thurs.", 4},   {"fri.", 5},      {"sat.", 6}};
  return t;
}

bool unit_of(std::string_view lower, Unit& u) {
  static const WordTable<Unit> t = {
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

std::string unspecified_duration(const Unit& u) {
  switch (u.code) {
    case 'h':
      return "PTXH";
    case 'm':
      return "PTXM";
    case 's':
      return "PTXS";
    case 'Q':
      return "PXQ";
    case 'E':
      return "PXWE";
    default:
      return u.mult == 10 ? "PXDE" : u.mult == 100 ? "PXCE" : std::string("PX") + u.code;
  }
}

int decade_word(std::string_view lower, bool& spelled) {
  static const WordTable<int> words = {{"teens", 13},     {"twenties", 20}, {"thirties", 30},
                                       {"forties", 40},   {"fifties", 50},  {"sixties", 60},
                                       {"seventies", 70}, {"eighties", 80}, {"nineties", 90}};
  spelled = false;
  if (lower.size() == 3 && lower[0] >= '1' && lower[0] <= '9' && lower[1] == '0' && lower[2] == 's')
    return lower[0] == '1' ? 0 : (lower[0] - '0') * 10;
  auto it = words.find(lower);
  if (it == words.end()) return 0;
  spelled = true;
  return it->second;
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

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (std::size_t k = at; k < at + n; ++k) {
    if (!is_ascii_digit(s[k])) return false;
    v = v * 10 + (s[k] - '0');
  }
  out = v;
  return true;
}

namespace {

bool single_period(std::string_view t, std::int64_t& first, std::int64_t& last) {
  auto t_pos = t.find('T');
  if (t_pos != std::string_view::npos && t_pos > 0) t = t.substr(0, t_pos);  // a time on a day: the day
  int y = 0, m = 0, d = 0;
  if (t.size() == 2 && digits(t, 0, 2, y)) {  // century: "20" is the 21st (2001-2100)
    first = days_from_civil(y * 100 + 1, 1, 1);
    last = days_from_civil((y + 1) * 100, 12, 31);
    return true;
  }
  if (t.size() == 3 && digits(t, 0, 3, y)) {  // decade: "199"
    first = days_from_civil(y * 10, 1, 1);
    last = days_from_civil(y * 10 + 9, 12, 31);
    return true;
  }
  if (!digits(t, 0, 4, y)) return false;
  if (t.size() == 4) {
    first = days_from_civil(y, 1, 1);
    last = days_from_civil(y, 12, 31);
    return true;
  }
  if (t.size() < 7 || t[4] != '-') return false;
  std::string_view rest = t.substr(5);
  if (rest.size() == 2 && digits(rest, 0, 2, m) && m >= 1 && m <= 12) {
    first = days_from_civil(y, m, 1);
    last = days_from_civil(y, m, days_in_month(y, m));
    return true;
  }
  if (rest.size() == 5 && digits(rest, 0, 2, m) && rest[2] == '-' && digits(rest, 3, 2, d) && m >= 1 && m <= 12 &&
      d >= 1 && d <= days_in_month(y, m)) {
    first = last = days_from_civil(y, m, d);
    return true;
  }
  if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
    const int q = rest[1] - '0';
    first = days_from_civil(y, 3 * q - 2, 1);
    last = days_from_civil(y, 3 * q, days_in_month(y, 3 * q));
    return true;
  }
  if (rest.size() == 2 && rest[0] == 'H' && (rest[1] == '1' || rest[1] == '2')) {
    const int h = rest[1] - '0';
    first = days_from_civil(y, 6 * h - 5, 1);
    last = days_from_civil(y, 6 * h, days_in_month(y, 6 * h));
    return true;
  }
  static const struct {
    const char* code;
    int m0, months;
  } kSeasons[] = {{"SP", 3, 3}, {"SU", 6, 3}, {"FA", 9, 3}, {"WI", 12, 3}};
  for (const auto& s : kSeasons)
    if (rest == s.code) {
      first = days_from_civil(y, s.m0, 1);
      const int end_m = (s.m0 + s.months - 2) % 12 + 1, end_y = y + (s.m0 + s.months - 1 > 12 ? 1 : 0);
      last = days_from_civil(end_y, end_m, days_in_month(end_y, end_m));
      return true;
    }
  int w = 0;
  if (rest.size() >= 3 && rest[0] == 'W' && digits(rest, 1, 2, w) && w >= 1 && w <= 53) {
    // ISO week w of year y: the week with the year's first Thursday is week 1
    const std::int64_t jan4 = days_from_civil(y, 1, 4);
    const std::int64_t monday = jan4 - (weekday_of_days(jan4) - 1) + 7 * (w - 1);
    if (rest.size() == 3) {
      first = monday;
      last = monday + 6;
      return true;
    }
    if (rest.substr(3) == "-WE") {
      first = monday + 5;
      last = monday + 6;
      return true;
    }
    int wd = 0;
    if (rest.size() == 5 && rest[3] == '-' && digits(rest, 4, 1, wd) && wd >= 1 && wd <= 7) {
      first = last = monday + wd - 1;
      return true;
    }
  }
  return false;
}

std::string day_text(std::int64_t days) {
  int y, m, d;
  civil_from_days(days, y, m, d);
  return fmt_ymd(y, m, d);
}

}  // namespace

bool period_of(std::string_view timex, std::string& first, std::string& last) {
  if (timex.empty() || timex.find('X') != std::string_view::npos || timex[0] == 'P' || timex[0] == 'T') return false;
  std::int64_t a = 0, b = 0, c = 0, d = 0;
  const auto slash = timex.find('/');
  if (slash != std::string_view::npos) {
    if (!single_period(timex.substr(0, slash), a, b) || !single_period(timex.substr(slash + 1), c, d) || c < a)
      return false;
    first = day_text(a);
    last = day_text(d);
    return true;
  }
  if (!single_period(timex, a, b)) return false;
  first = day_text(a);
  last = day_text(b);
  return true;
}

std::string temporal_json(std::string_view timex, std::string_view kind, std::string_view anchor, std::string first,
                          std::string last, std::string_view extra, bool derive_period) {
  if (derive_period && first.empty() && last.empty()) period_of(timex, first, last);
  std::string v = "{";
  if (!timex.empty()) v += "\"timex\":" + json_string(timex) + ",";
  v += "\"kind\":";
  v += json_string(kind);
  if (!first.empty()) v += ",\"start\":" + json_string(first);
  if (!last.empty()) v += ",\"end\":" + json_string(last);
  v += ",\"anchor\":";
  v += json_string(anchor);
  if (!extra.empty()) {
    v += ',';
    v += extra;
  }
  v += '}';
  return v;
}

}  // namespace internal::rules
}  // namespace byline
