// Private: number parsing over Doc tokens, shared by the numeric and temporal
// recognisers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "byline/doc.h"
#include "rules/text_util.h"

namespace byline {
namespace internal::rules {

struct NumberParse {
  double value = 0;
  std::uint32_t end = 0;   ///< one past the last token of the number
  bool ordinal = false;    ///< "31st", "first", "twenty-first"
  bool words = false;      ///< spelled out ("six", "twenty-five")
  bool scaled = false;     ///< carried a scale ("1.4 billion", "5bn")
  bool plain_int = false;  ///< a bare run of digits without separators, e.g. "2025"
  int digits = 0;          ///< digit count of a plain_int
};

/// Parses a number that starts at token i (digits with an optional scale suffix or
/// scale word, or number words). False when token i does not start a number.
bool parse_number_at(const Doc& doc, std::uint32_t i, NumberParse& out);

/// Parses a single token as a number (digits or words, incl. "5bn", "31st",
/// "twenty-five"); false otherwise. Used for the parts of hyphenated compounds too.
bool parse_number_text(std::string_view text, NumberParse& out);

/// True for a lower-cased number word ("six", "hundred", "first").
bool is_number_word(std::string_view lower);
/// Cheap pre-filter (first letter and length, any case): false means `t` is no number word.
bool may_be_number_word(std::string_view t);
/// The lower-case number words ("six", "hundred", "first"), for tables built from them.
std::vector<std::string_view> number_word_list();

/// What a modifier says about the number it governs (docs/rules.md, "Modifiers").
enum class Bound : std::uint8_t {
  kExact,
  kApprox,       ///< about, around, some, roughly, an estimated, ... or so
  kAbove,        ///< more than, over, above, in excess of
  kAtLeast,      ///< at least, no fewer than, ... or more
  kBelow,        ///< less than, fewer than, under, below
  kAtMost,       ///< up to, at most, as many as, no more than, ... or fewer
  kNearlyBelow,  ///< nearly, almost, just under, close to
  kJustAbove,    ///< just over, just above
};

/// The approximator or comparative ("about", "more than", "up to", ...) ending just
/// before token i and starting at or after `floor` (tokens with claimed[k] != 0 never
/// belong to one): its first token (i when none) and what it says.
std::uint32_t modifier_before(const Doc& doc, const std::vector<std::uint8_t>& claimed, std::uint32_t i,
                              std::uint32_t floor, Bound& bound);
/// The JSON members that state a bound in a value: "approx":true, "open":"above"|"below",
/// "inclusive":true (comma-separated, no braces; empty for kExact).
std::string bound_members(Bound bound);

/// True when no numeric entity can start at a token with text `t` (a cheap filter;
/// false when one may). `limit`: the end of the buffer `t` lies in, when known (see
/// has_hyphen).
bool cannot_start_numeric(std::string_view t, const char* limit = nullptr);

/// The first letters and lengths of the words a numeric entity can start with besides
/// numbers (number words, "minus", the vague amounts), for numeric_may_start().
const WordFilter& numeric_start_filter();
/// !cannot_start_numeric(t) given whether `t` looks numeric (looks_numeric) and has a
/// hyphen (has_hyphen), for a pass that works those out once for several filters.
inline bool numeric_may_start(std::string_view t, bool numeric, bool hyphen, const WordFilter& filter) {
  if (t.empty() || numeric || hyphen || filter.may_contain(t)) return true;  // (an empty token too, as there)
  // a currency symbol or code or a sign: '$', '+', an upper-case letter or a non-ASCII byte first
  const unsigned char c = static_cast<unsigned char>(t[0]);
  return t.size() <= 3 && (c == '$' || c == '+' || is_ascii_upper(static_cast<char>(c)) || c >= 0x80);
}

/// Numeric candidates; tokens with claimed[i] != 0 are skipped (may be empty).
/// `starts`, when given, holds numeric_may_start() per token (else it is worked out here).
std::vector<Entity> find_numeric(const Doc& doc, const std::vector<std::uint8_t>& claimed,
                                 const std::vector<std::uint8_t>* starts = nullptr);

}  // namespace internal::rules
}  // namespace byline
