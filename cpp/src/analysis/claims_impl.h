// Comparable form of a claim value (private; byline/claims.h has the rules). Corpus parses
// each value once and compares the intervals pairwise.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace byline::internal::claims {

/// (kind, low, high) of a value: kind "date" (ISO date strings), "monthday" ("MM-DD"),
/// "timex" (durations, sets, times of day: never compared) or "<LABEL>:<unit>" (numbers).
struct Interval {
  std::string kind;
  bool is_text = false;  ///< bounds are lo_text/hi_text (date kinds), else lo/hi
  std::string lo_text, hi_text;
  double lo = 0, hi = 0;
};

/// The interval of a value (JSON text), or nullopt when it cannot be compared.
std::optional<Interval> interval_of(std::string_view label, std::string_view value_json);

/// Whether two values cannot both be true (false when either is nullopt).
bool conflict(const std::optional<Interval>& a, const std::optional<Interval>& b);

}  // namespace byline::internal::claims
