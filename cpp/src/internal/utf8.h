// UTF-8 validation, repair and decoding (private).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace byline::internal {

/// Byte offset of the first byte that does not start a valid UTF-8 sequence
/// (overlongs, surrogates and code points > U+10FFFF are invalid), or npos.
std::size_t find_invalid_utf8(std::string_view s) noexcept;

/// Copy of `s` with each maximal invalid subsequence replaced by U+FFFD
/// (the WHATWG / Unicode "substitution of maximal subparts" practice), or by
/// `replacement` when given.
std::string replace_invalid_utf8(std::string_view s, std::string_view replacement = "\xEF\xBF\xBD");

/// `s` for an error message: at most `max_bytes` of it, cut on a code-point boundary and
/// followed by "..." when longer, in single quotes. Printable ASCII and valid non-ASCII
/// code points other than C1 controls stay as they are; control characters, backslashes,
/// quotes and bytes that are not valid UTF-8 become escapes (\t, \x00, \xff), so
/// that a binary file never puts raw bytes into a message.
std::string printable_excerpt(std::string_view s, std::size_t max_bytes = 60);

/// Length of the valid sequence starting at s[i] (1-4), or 0 if invalid.
/// When invalid, *maximal_subpart receives the number of bytes to replace (>=1).
int valid_sequence_length(const unsigned char* s, std::size_t n, std::size_t i, int* maximal_subpart) noexcept;

/// Decodes the code point at s[i] in valid UTF-8; stores its byte length in *len.
inline char32_t decode(const unsigned char* s, std::size_t i, int* len) noexcept {
  unsigned char c = s[i];
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  if (c < 0xE0) {
    *len = 2;
    return (char32_t(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
  }
  if (c < 0xF0) {
    *len = 3;
    return (char32_t(c & 0x0F) << 12) | (char32_t(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
  }
  *len = 4;
  return (char32_t(c & 0x07) << 18) | (char32_t(s[i + 1] & 0x3F) << 12) | (char32_t(s[i + 2] & 0x3F) << 6) |
         (s[i + 3] & 0x3F);
}

/// Number of code points in valid UTF-8.
inline std::uint32_t count_code_points(const char* b, const char* e) noexcept {
  std::uint32_t n = 0;
  for (; b < e; ++b) n += (static_cast<unsigned char>(*b) & 0xC0) != 0x80;
  return n;
}

}  // namespace byline::internal
