#include "analysis/text.h"

namespace byline::internal::analysis {

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98)) {
      out.push_back('\'');
      i += 2;
      continue;
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool is_capitalized(std::string_view s) noexcept {
  if (s.empty()) return false;
  unsigned char c = static_cast<unsigned char>(s[0]);
  return (c >= 'A' && c <= 'Z') || c >= 0xC3;
}

bool is_acronym(std::string_view s) noexcept {
  int upper = 0;
  for (char ch : s) {
    if (ch >= 'a' && ch <= 'z') return false;
    if (ch >= 'A' && ch <= 'Z') ++upper;
  }
  return upper >= 2;
}

QuoteMark quote_mark(std::string_view t) noexcept {
  if (t == "\"") return QuoteMark::kStraight;
  if (t == "\xE2\x80\x9C" || t == "\xE2\x80\x9E" || t == "\xC2\xAB") return QuoteMark::kOpen;  // “ „ «
  if (t == "\xE2\x80\x9D" || t == "\xC2\xBB") return QuoteMark::kClose;                        // ” »
  return QuoteMark::kNone;
}

std::string_view span_text(const Doc& doc, std::uint32_t b, std::uint32_t e) {
  if (b >= e || e > doc.size()) return {};
  std::uint32_t x = doc.token_begin()[b], y = doc.token_end()[e - 1];
  return std::string_view(doc.text()).substr(x, y - x);
}

}  // namespace byline::internal::analysis
