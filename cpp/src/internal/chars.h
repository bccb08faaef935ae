// Character classes for the tokenizer, from utf8proc's Unicode tables (private).
#pragma once

#include <cstdint>
#include <string_view>

namespace byline::internal {

enum CharClass : std::uint8_t {
  kSep = 0,      // White_Space, controls (Cc), ZWSP, BOM: never inside a token
  kLetter,       // L*
  kMark,         // M* and other grapheme extenders (ZWJ, variation selectors)
  kDigit,        // Nd
  kNumberOther,  // Nl, No (superscripts, fractions, roman numerals)
  kPunctChar,    // P*
  kSymbolChar,   // S*
  kIdeograph,    // CJK unified/compatibility ideographs: one token each
  kEmojiChar,    // Extended_Pictographic, regional indicators
  kOtherChar,    // Co, Cn, Cf (other than the above), Cs
};

/// Class of a code point.
CharClass char_class(char32_t cp) noexcept;

/// True for letters that are uppercase or titlecase (Lu, Lt).
bool is_upper(char32_t cp) noexcept;
/// True for lowercase letters (Ll).
bool is_lower(char32_t cp) noexcept;
/// Emoji modifiers (skin tones) and other code points that continue an emoji cluster.
bool is_emoji_extender(char32_t cp) noexcept;

/// Possessive clitic token: 's ’s ' ’ (and upper case 'S ’S), as the tokenizer splits them.
inline bool is_possessive(std::string_view t) noexcept {
  return t == "'s" || t == "\xE2\x80\x99s" || t == "'" || t == "\xE2\x80\x99" || t == "'S" || t == "\xE2\x80\x99S";
}

/// True when `s` holds nothing but ASCII whitespace (space, tab, CR, LF, FF, VT), or nothing.
inline bool is_blank(std::string_view s) noexcept {
  for (char ch : s)
    if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n' && ch != '\f' && ch != '\v') return false;
  return true;
}

}  // namespace byline::internal
