// Clock times with time zones (rules/date_scanner.h).
#include <cstdio>

#include "rules/date_scanner.h"

namespace byline {
namespace internal::rules {

// 10:30, 10:30 a.m., 3 p.m., 3pm, noon, midnight
bool Scanner::time_of_day(std::uint32_t i, Match& m) {
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

}  // namespace internal::rules
}  // namespace byline
