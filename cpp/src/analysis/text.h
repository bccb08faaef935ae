// Small text helpers shared by the analysis sources (ASCII case folding, token tests).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "byline/doc.h"
#include "internal/chars.h"

namespace byline::internal::analysis {

/// ASCII lower-case copy; "’" folded to "'".
std::string fold(std::string_view s);
/// Case-insensitive ASCII equality.
bool iequals(std::string_view a, std::string_view b) noexcept;
/// First character is an upper-case ASCII letter or a non-ASCII letter byte (treated as capitalised).
bool is_capitalized(std::string_view s) noexcept;
/// Every ASCII letter is upper case and there are at least two of them ("AI", "GPUs" -> false).
bool is_acronym(std::string_view s) noexcept;
/// "’s", "'s", "’", "'".
using byline::internal::is_possessive;  // internal/chars.h

enum class QuoteMark { kNone, kOpen, kClose, kStraight };
QuoteMark quote_mark(std::string_view tok) noexcept;

/// Text of tokens [b, e) as in the document (including inner separators).
std::string_view span_text(const Doc& doc, std::uint32_t b, std::uint32_t e);

}  // namespace byline::internal::analysis
