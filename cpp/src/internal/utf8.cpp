#include "internal/utf8.h"

#include <cstring>

namespace byline::internal {

int valid_sequence_length(const unsigned char* s, std::size_t n, std::size_t i, int* maximal_subpart) noexcept {
  unsigned char c = s[i];
  int need;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0)
      lo = 0xA0;  // no overlongs
    else if (c == 0xED)
      hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0)
      lo = 0x90;  // no overlongs
    else if (c == 0xF4)
      hi = 0x8F;  // <= U+10FFFF
  } else {
    if (maximal_subpart) *maximal_subpart = 1;
    return 0;
  }
  for (int k = 1; k <= need; ++k) {
    std::size_t j = i + static_cast<std::size_t>(k);
    unsigned char b = j < n ? s[j] : 0;
    bool ok = j < n && (k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF));
    if (!ok) {
      if (maximal_subpart) *maximal_subpart = k;
      return 0;
    }
  }
  return need + 1;
}

std::size_t find_invalid_utf8(std::string_view sv) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
  std::size_t n = sv.size(), i = 0;
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    int len = valid_sequence_length(s, n, i, nullptr);
    if (len == 0) return i;
    i += static_cast<std::size_t>(len);
  }
  return std::string_view::npos;
}

std::string replace_invalid_utf8(std::string_view sv, std::string_view replacement) {
  const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
  std::size_t n = sv.size(), i = 0;
  std::string out;
  out.reserve(n + 16);
  while (i < n) {
    int sub = 1;
    int len = valid_sequence_length(s, n, i, &sub);
    if (len > 0) {
      out.append(sv.data() + i, static_cast<std::size_t>(len));
      i += static_cast<std::size_t>(len);
    } else {
      out.append(replacement);
      i += static_cast<std::size_t>(sub);
    }
  }
  return out;
}

std::string printable_excerpt(std::string_view sv, std::size_t max_bytes) {
  static const char* hex = "0123456789abcdef";
  const auto* s = reinterpret_cast<const unsigned char*>(sv.data());
  const std::size_t n = sv.size();
  std::string out = "'";
  std::size_t i = 0;
  while (i < n && i < max_bytes) {
    const unsigned char c = s[i];
    int len = valid_sequence_length(s, n, i, nullptr);
    if (len > 1 && i + static_cast<std::size_t>(len) > max_bytes) break;  // no half code point
    char32_t cp = 0;
    if (len > 0) {
      int l = 0;
      cp = decode(s, i, &l);
    }
    if (len == 1 && c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
      out += static_cast<char>(c);
    } else if (c == '\\' || c == '\'') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (len > 1 && !(cp >= 0x80 && cp < 0xA0)) {
      out.append(sv.data() + i, static_cast<std::size_t>(len));
    } else {  // a control character, a C1 control or a byte that is not valid UTF-8
      const std::size_t k = len > 1 ? static_cast<std::size_t>(len) : 1;
      for (std::size_t b = 0; b < k; ++b) {
        out += "\\x";
        out += hex[s[i + b] >> 4];
        out += hex[s[i + b] & 15];
      }
      i += k;
      continue;
    }
    i += len > 0 ? static_cast<std::size_t>(len) : 1;
  }
  out += '\'';
  if (i < n) out += "...";
  return out;
}

}  // namespace byline::internal
