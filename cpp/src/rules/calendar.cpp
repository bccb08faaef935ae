// Calendar tables and formatting (rules/calendar.h).
#include "rules/calendar.h"

#include <cstdio>

namespace byline {
namespace internal::rules {

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

}  // namespace internal::rules
}  // namespace byline
