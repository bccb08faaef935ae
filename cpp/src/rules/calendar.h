// Calendar tables and formatting shared by the DATE/TIME recogniser's stages (private):
// month and weekday names, period units, ISO 8601 durations and dates, ISO weeks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/text_util.h"

namespace byline {
namespace internal::rules {

/// Month number of a lower-case month name or abbreviation ("december", "dec.", "dec").
const WordTable<int>& month_table();
/// ISO weekday (Monday = 1) of a lower-case weekday name or abbreviation.
const WordTable<int>& weekday_table();

/// Calendar unit: D W M Y plus multiples (decade = 10Y) and clock units.
struct Unit {
  char code;  // 'D','W','M','Y','Q' (quarter), 'E' (weekend), 'h','m','s' (clock)
  int mult;
};
/// The unit of a lower-case word ("days", "decade", "hours"); false for other words.
bool unit_of(std::string_view lower, Unit& u);
inline bool is_clock(const Unit& u) { return u.code == 'h' || u.code == 'm' || u.code == 's'; }
/// ISO 8601 duration of n units ("P3Y", "PT2H", "P6M" for two quarters).
std::string duration(double n, const Unit& u);
/// TIMEX3 duration of an unspecified number of units ("PXY" for "several years").
std::string unspecified_duration(const Unit& u);
/// The first year of a decade a lower-case word names, of a life or of the 1900s:
/// "twenties" or "20s" -> 20, ..., "nineties" or "90s" -> 90, "teens" -> 13; 0 for other
/// words. `spelled` is set to whether it was a word ("twenties") rather than digits ("20s").
int decade_word(std::string_view lower, bool& spelled);

/// The n ASCII digits of s at `at` as a number in out; false when s is shorter or another
/// character is among them ("2024-12-25": digits(s, 5, 2, month)).
bool digits(std::string_view s, std::size_t at, std::size_t n, int& out);
/// Zero-padded decimal digits of v (>= 0) into out, `width` at least.
void append_padded(std::string& out, int v, int width);
std::string fmt_ymd(int y, int m, int d);  ///< "2024-12-30"
std::string fmt_ym(int y, int m);          ///< "2024-12"
std::string fmt_y(int y);                  ///< "2024"
/// ISO week-numbering year and week of a date.
void iso_week(int y, int m, int d, int& wy, int& w);
/// ISO weekday (Monday = 1) of a day number (days_from_civil).
int weekday_of_days(std::int64_t days);

/// The first and last day ("yyyy-mm-dd") of the period a TIMEX3 value names: a day,
/// month ("2024-12"), year, quarter ("2024-Q4"), ISO week ("2025-W01"), weekend
/// ("2025-W01-WE"), season ("2025-SU", meteorological, northern hemisphere), half year
/// ("2025-H1"), decade ("199"), century ("20": the 21st, 2001-01-01 to 2100-12-31), a
/// range "A/B" of two of those, or a time on a day ("2024-12-30T10:30"). False for
/// values with unknown parts ("XXXX-12-30"), durations and bare times.
bool period_of(std::string_view timex, std::string& first, std::string& last);

/// A DATE/TIME value as JSON (docs/entities.md §2): {"timex": …, "kind": "point" |
/// "duration" | "set" | "range", "start": …, "end": …, "anchor": "document" | "text" |
/// "none"} plus `extra` (already JSON members, e.g. `"approx":true`). start/end are
/// given when known (the caller's `first`/`last`, else period_of when `derive_period`);
/// the timex is left out when empty.
std::string temporal_json(std::string_view timex, std::string_view kind, std::string_view anchor,
                          std::string first = {}, std::string last = {}, std::string_view extra = {},
                          bool derive_period = true);

}  // namespace internal::rules
}  // namespace byline
