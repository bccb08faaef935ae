// English news tokenization data: abbreviations and special cases (private).
// The rules that use them are described in docs/tokenization.md.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace byline::internal {

enum AbbrevFlags : std::uint8_t {
  kAbbrev = 1,        ///< keeps its final period ("Inc.", "Jan.", "U.S.")
  kTitle = 2,         ///< a title or other abbreviation that never ends a sentence ("Mr.", "Dr.", "No.")
};

/// A special case: an exact chunk and the byte lengths of the tokens it splits into.
struct SpecialCase {
  std::vector<std::uint8_t> lengths;
  std::uint8_t flags = 0;  ///< AbbrevFlags when the special case is an abbreviation
};

/// Looks up an exact special case ("don't", "Mr.", "'s", ...); nullptr when none.
const SpecialCase* find_special(std::string_view chunk);

/// Abbreviation flags of a token text ending in '.' (0 when it is not one). Knows the
/// table and the initials pattern "J.", "U.S.", "e.g.", "J.R.R.".
std::uint8_t abbreviation_flags(std::string_view token);

/// True when `label` (lower-case ASCII) is a top-level domain we recognise in bare domains.
bool is_known_tld(std::string_view label);

/// Capitalised words that start sentences often enough to end a sentence after an
/// abbreviation such as "U.S." ("... in the U.S. The bank said").
bool is_sentence_starter(std::string_view word);

}  // namespace byline::internal
