// Clock times, race and elapsed times, with time zones (rules/date_scanner.h).
#include <cstdio>

#include "rules/date_scanner.h"

namespace byline {
namespace internal::rules {
namespace {

/// Time zone abbreviations written after a time; UTC, GMT and Z are offset zero.
bool zone_word(std::string_view z) {
  static const std::string_view kZones[] = {"GMT",  "UTC",  "Z",    "BST", "CET", "CEST", "EET", "EEST", "WET",
                                            "WEST", "EST",  "EDT",  "CST", "CDT", "MST",  "MDT", "PST",  "PDT",
                                            "ET",   "CT",   "MT",   "PT",  "MSK", "JST",  "KST", "IST",  "HKT",
                                            "SGT",  "AEST", "AEDT", "GST", "PKT", "WIB"};
  for (auto k : kZones)
    if (z == k) return true;
  return false;
}

/// Words before an H:MM:SS that make it an elapsed time ("finished in 2:14:04").
bool elapsed_cue(const Doc& doc, std::uint32_t i) {
  if (i == 0) return false;
  for (std::string_view w : {"in", "of", "time", "clocked", "ran", "run", "finished", "winning", "record", "timed"})
    if (lower_is(doc, i - 1, w)) return true;
  return false;
}

}  // namespace

// 10:30, 10:30 a.m., 3 p.m., 3pm, noon, midnight; 19:22 UTC, 1922 GMT (four digits only
// with a zone), 10 a.m. local time, 9 p.m. Moscow time; race and elapsed times: 2:14:04,
// 1:59:40.2 ("in", "of", "a time of" before it, or more than 24 hours) -> a duration.
bool Scanner::time_of_day(std::uint32_t i, Match& m) {
  Lower l = low(i);
  if (l == "noon" || l == "midday" || l == "midnight") {
    m.end = i + 1;
    m.time = true;
    m.value = l == "midnight" ? "T00:00" : "T12:00";
    return true;
  }
  // OntoNotes TIME; "Overnight" may head a title, "the overnight rate" is an adjective
  if (l == "overnight" && text(i) == "overnight" && !(i > 0 && (is(i - 1, "the") || is(i - 1, "an")))) {
    m.end = i + 1;
    m.time = true;
    return true;
  }
  // a part of the day after a day: "Friday evening", "yesterday morning" are DATE + TIME in
  // OntoNotes ("Sunday night" is one TIME: Scanner::join_night)
  if ((l == "morning" || l == "afternoon" || l == "evening") && i > 0) {
    // the day's value with the part of the day: "Friday evening" dated 2025-01-08 -> 2025-01-10TEV
    std::string day;
    if (const int wd = weekday(i - 1))
      day = resolve_weekday(wd, 0, tense_at(i - 1));
    else if (is(i - 1, "yesterday") || is(i - 1, "today") || is(i - 1, "tomorrow"))
      day = shift('D', is(i - 1, "today") ? 0 : is(i - 1, "yesterday") ? -1 : 1);
    else
      return false;
    m.end = i + 1;
    m.time = true;
    m.value = day + (l == "morning" ? "TMO" : l == "afternoon" ? "TAF" : "TEV");
    return true;
  }
  if (!kind_number(i)) return false;
  std::string_view t = text(i);
  int h = -1, mi = 0, sec = -1;
  std::size_t p = 0;
  bool military = false;
  // "1922 UTC": four digits are a time only before UTC/GMT/Z, or after "at" ("In 2015 PT
  // Pertamina" is a year and a company)
  if (t.size() == 4 && is_ascii_digit(t[0]) && is_ascii_digit(t[1]) && is_ascii_digit(t[2]) && is_ascii_digit(t[3]) &&
      i + 1 < n_ && zone_word(text(i + 1)) &&
      (text(i + 1) == "UTC" || text(i + 1) == "GMT" || text(i + 1) == "Z" || (i > 0 && is(i - 1, "at")))) {
    h = (t[0] - '0') * 10 + (t[1] - '0');
    mi = (t[2] - '0') * 10 + (t[3] - '0');
    p = 4;
    military = true;
    if (h > 23 || mi > 59) return false;
  }
  while (!military && p < t.size() && is_ascii_digit(t[p]) && p < 2) h = (h < 0 ? 0 : h * 10) + (t[p++] - '0');
  if (h < 0) return false;
  bool colon = military;
  if (!military && p < t.size() && (t[p] == ':' || t[p] == '.') && p + 3 <= t.size() && is_ascii_digit(t[p + 1]) &&
      is_ascii_digit(t[p + 2])) {
    colon = t[p] == ':';
    mi = (t[p + 1] - '0') * 10 + (t[p + 2] - '0');
    p += 3;
    // seconds: "2:14:04", "1:59:40.2"
    if (colon && p + 3 <= t.size() && t[p] == ':' && is_ascii_digit(t[p + 1]) && is_ascii_digit(t[p + 2])) {
      sec = (t[p + 1] - '0') * 10 + (t[p + 2] - '0');
      p += 3;
      if (p + 1 < t.size() && t[p] == '.' && is_ascii_digit(t[p + 1]))
        for (++p; p < t.size() && is_ascii_digit(t[p]);) ++p;
    }
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
  if (mi > 59 || sec > 59 || (ampm && (h < 1 || h > 12))) return false;
  // an elapsed time: hours:minutes:seconds after "in"/"of"/"ran"…, or past 24 hours
  if (!ampm && sec >= 0 && (elapsed_cue(doc_, i) || h > 24)) {
    std::string d = "PT";
    if (h > 0) d += std::to_string(h) + "H";
    if (mi > 0) d += std::to_string(mi) + "M";
    std::string_view secs = t.substr(t.rfind(':') + 1);  // "04", "40.2"
    while (secs.size() > 1 && secs[0] == '0' && secs[1] != '.') secs.remove_prefix(1);
    if (secs != "0" || d == "PT") d += std::string(secs) + "S";
    m.end = end;
    m.time = true;
    m.value = d;
    m.kind = 'd';
    return true;
  }
  if (h > 24 || (h == 24 && (mi > 0 || sec > 0))) return false;
  if (ampm == 2 && h < 12) h += 12;
  if (ampm == 1 && h == 12) h = 0;
  // time zone, or "local time" / "Moscow time"
  std::string zone;
  if (end < n_ && zone_word(text(end))) {
    zone = std::string(text(end));
    ++end;
  } else if (end + 1 < n_ && is(end + 1, "time") && (is(end, "local") || capitalised(end))) {
    end += 2;
  }
  if (military && zone.empty()) return false;
  char b[24];
  if (sec >= 0)
    std::snprintf(b, sizeof b, "T%02d:%02d:%02d", h, mi, sec);
  else
    std::snprintf(b, sizeof b, "T%02d:%02d", h, mi);
  m.end = end;
  m.time = true;
  m.value = b;
  if (zone == "UTC" || zone == "GMT" || zone == "Z") m.value += 'Z';
  if (!zone.empty()) m.extra = "\"zone\":" + json_string(zone);
  return true;
}

}  // namespace internal::rules
}  // namespace byline
