// English news tokenization data: abbreviations, special cases, domains (private).
// The rules that use them are described in docs/tokenization.md.
//
// All lookups take a std::string_view and never allocate: the tables are built
// once (thread-safe static initialisation) and keyed by views into their own
// storage. A per-length bitmask of first bytes rejects most lookups before hashing.
#pragma once

#include <cstdint>
#include <string_view>

namespace byline::internal {

enum AbbrevFlags : std::uint8_t {
  kAbbrev = 1,  ///< keeps its final period ("Inc.", "Jan.", "U.S.")
  kTitle = 2,   ///< a title or other abbreviation that never ends a sentence ("Mr.", "Dr.", "No.")
};

/// A special case: an exact chunk and the byte lengths of the (at most 4) tokens it
/// splits into ("don't" -> {2, 3}; "Mr." -> {3}).
struct SpecialCase {
  std::uint8_t lengths[4] = {0, 0, 0, 0};
  std::uint8_t count = 0;
  std::uint8_t flags = 0;  ///< AbbrevFlags when the special case is an abbreviation
};

/// Longest special case in bytes; longer chunks are never special.
constexpr std::size_t kMaxSpecialBytes = 24;

/// Looks up an exact special case ("don't", "Mr.", "'s", ":)", "C$"); nullptr when none.
const SpecialCase* find_special(std::string_view chunk) noexcept;

/// Abbreviation flags of a token text ending in '.' (0 when it is not one). Knows the
/// table and the initials pattern "J.", "U.S.", "e.g.", "J.R.R.".
std::uint8_t abbreviation_flags(std::string_view token) noexcept;

/// True when `label` (any case, ASCII) is a top-level domain we recognise in bare domains.
bool is_known_tld(std::string_view label) noexcept;

/// Capitalised words that start sentences often enough to end a sentence after an
/// abbreviation such as "U.S." ("... in the U.S. The bank said").
bool is_sentence_starter(std::string_view word) noexcept;

/// Builds the tables (otherwise built on first use).
void init_rules_en();

}  // namespace byline::internal
