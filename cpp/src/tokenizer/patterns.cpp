// Protected patterns of the tokenizer's affix loop: URLs, e-mails, domains, @handles,
// #hashtags, numbers and emoji sequences (tokenizer/text_scan.h).
#include <cstring>

#include "rules_en.h"
#include "tokenizer/text_scan.h"

namespace byline::internal::tokenize {

std::uint32_t TextScan::emoji_extent(std::uint32_t p, std::uint32_t q, std::uint32_t e, char32_t first) const {
  if (first >= 0x1F1E6 && first <= 0x1F1FF) {  // regional indicator pair = flag
    if (q < e) {
      int len;
      char32_t cp = cp_at(q, &len);
      if (cp >= 0x1F1E6 && cp <= 0x1F1FF) return q + static_cast<std::uint32_t>(len);
    }
    return q;
  }
  (void)p;
  // Extenders (variation selectors, skin tones, ZWJ + next pictograph).
  while (q < e) {
    int len;
    char32_t cp = cp_at(q, &len);
    if (!internal::is_emoji_extender(cp) && cls(cp) != internal::kMark) break;
    q += static_cast<std::uint32_t>(len);
    if (cp == 0x200D && q < e) {
      int l2;
      char32_t nx = cp_at(q, &l2);
      if (cls(nx) == internal::kEmojiChar) q += static_cast<std::uint32_t>(l2);
    }
  }
  return q;
}

bool TextScan::url_scheme(std::uint32_t b, std::uint32_t e) const {
  unsigned char c = s_[b] | 0x20;
  if (c != 'h' && c != 'w' && c != 'f') return false;
  return starts_with(b, e, "http://") || starts_with(b, e, "https://") || starts_with(b, e, "www.") ||
         starts_with(b, e, "ftp://") || starts_with(b, e, "HTTP://") || starts_with(b, e, "HTTPS://") ||
         starts_with(b, e, "WWW.");
}
bool TextScan::url_char(unsigned char c) {
  return ascii_alnum(c) || std::strchr("-._~:/?#@!$&'*+,;=%()", c) != nullptr || c >= 0x80;
}
// End of a URL starting at b (which has a scheme); trailing punctuation is left out.
std::uint32_t TextScan::url_extent(std::uint32_t b, std::uint32_t e) const {
  std::uint32_t p = b;
  int depth = 0;
  while (p < e && url_char(s_[p])) {
    if (s_[p] >= 0x80) {
      int len;
      char32_t cp = cp_at(p, &len);
      CharClass c = cls(cp);
      if (c != internal::kLetter && c != internal::kDigit && c != internal::kMark) break;
      p += static_cast<std::uint32_t>(len);
      continue;
    }
    if (s_[p] == '(') ++depth;
    if (s_[p] == ')') {
      if (depth == 0) break;
      --depth;
    }
    ++p;
  }
  while (p > b && std::strchr(".,;:!?'*", s_[p - 1]) != nullptr) --p;
  // Require something after the scheme/prefix.
  std::uint32_t min = b + (s_[b] == 'w' || s_[b] == 'W' ? 5 : 8);
  return p >= min ? p : b;
}

// Bare domain: labels joined by '.', last label a known TLD, optional path.
bool TextScan::is_domain(std::uint32_t b, std::uint32_t e) const {
  std::uint32_t p = b, label_start = b, dots = 0, last_label_b = 0, last_label_e = 0;
  while (p < e && (ascii_alnum(s_[p]) || s_[p] == '-' || s_[p] == '.')) {
    if (s_[p] == '.') {
      if (p == label_start) return false;
      ++dots;
      label_start = p + 1;
    }
    ++p;
  }
  if (dots == 0 || label_start >= p) return false;
  last_label_b = label_start;
  last_label_e = p;
  if (!internal::is_known_tld(view(last_label_b, last_label_e))) return false;
  for (std::uint32_t k = last_label_b; k < last_label_e; ++k)
    if (!ascii_alpha(s_[k])) return false;
  if (p == e) return true;
  if (s_[p] != '/') return false;
  for (std::uint32_t k = p; k < e; ++k)
    if (!url_char(s_[k])) return false;
  return std::strchr(".,;:!?')", s_[e - 1]) == nullptr;
}

bool TextScan::is_email(std::uint32_t b, std::uint32_t e) const {
  std::uint32_t at = b;
  while (at < e && s_[at] != '@') {
    unsigned char c = s_[at];
    if (!(ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-')) return false;
    ++at;
  }
  if (at == b || at >= e) return false;
  std::uint32_t p = at + 1, label_start = p, dots = 0;
  while (p < e) {
    unsigned char c = s_[p];
    if (c == '.') {
      if (p == label_start) return false;
      ++dots;
      label_start = p + 1;
    } else if (!(ascii_alnum(c) || c == '-')) {
      return false;
    }
    ++p;
  }
  if (dots == 0 || e - label_start < 2) return false;
  for (std::uint32_t k = label_start; k < e; ++k)
    if (!ascii_alpha(s_[k])) return false;
  return true;
}

bool TextScan::word_char_run(std::uint32_t b, std::uint32_t e, bool* has_letter) const {
  *has_letter = false;
  for (std::uint32_t p = b; p < e;) {
    int len;
    char32_t cp = cp_at(p, &len);
    CharClass c = cls(cp);
    if (c == internal::kLetter || c == internal::kMark || c == internal::kIdeograph)
      *has_letter = true;
    else if (!(c == internal::kDigit || cp == '_'))
      return false;
    p += static_cast<std::uint32_t>(len);
  }
  return true;
}

// [+-]? (\d+ | .\d) ([.,:/-]\d+)* [A-Za-z]{0,4}  — or '80s / ’80s
bool TextScan::is_number(std::uint32_t b, std::uint32_t e) const {
  std::uint32_t p = b;
  if (s_[p] == '\'' && e - p >= 3 && ascii_digit(s_[p + 1]) && ascii_digit(s_[p + 2])) {
    p += 3;
    return p == e || (p + 1 == e && s_[p] == 's');
  }
  if (starts_with(p, e, "\xE2\x80\x99") && e - p >= 5 && ascii_digit(s_[p + 3]) && ascii_digit(s_[p + 4])) {
    p += 5;
    return p == e || (p + 1 == e && s_[p] == 's');
  }
  if (s_[p] == '+' || s_[p] == '-') ++p;
  if (p < e && s_[p] == '.' && p + 1 < e && ascii_digit(s_[p + 1])) ++p;
  if (p >= e || !ascii_digit(s_[p])) return false;
  while (p < e && ascii_digit(s_[p])) ++p;
  while (p + 1 < e && std::strchr(".,:/-", s_[p]) && ascii_digit(s_[p + 1])) {
    ++p;
    while (p < e && ascii_digit(s_[p])) ++p;
  }
  std::uint32_t letters = 0;
  while (p < e && ascii_alpha(s_[p]) && letters < 4) {
    ++p;
    ++letters;
  }
  return p == e;
}

// Returns the token kind and rule if [b,e) is a protected token.
bool TextScan::protected_token(std::uint32_t b, std::uint32_t e, TokenKind* kind, const char** rule) const {
  // Longer pieces are never protected; the cap keeps the affix loop linear on
  // pathological input ("x%&%&%&..." strips one suffix per iteration).
  if (e - b > kMaxProtectedBytes) return false;
  unsigned char c = s_[b];
  if (c == '@' && e - b >= 2) {
    for (std::uint32_t p = b + 1; p < e; ++p)
      if (!(ascii_alnum(s_[p]) || s_[p] == '_')) return false;
    *kind = TokenKind::kHandle;
    *rule = kRuleHandle;
    return true;
  }
  if (c == '#' && e - b >= 2) {
    bool letter;
    if (word_char_run(b + 1, e, &letter) && letter) {
      *kind = TokenKind::kHashtag;
      *rule = kRuleHashtag;
      return true;
    }
    return false;
  }
  if (ascii_digit(c) || c == '+' || c == '-' || c == '.' || c == '\'' || c == 0xE2) {
    if (is_number(b, e)) {
      *kind = TokenKind::kNumber;
      *rule = kRuleNumber;
      return true;
    }
  }
  if (ascii_alnum(c)) {
    if (url_scheme(b, e) && url_extent(b, e) == e) {
      *kind = TokenKind::kUrl;
      *rule = kRuleUrl;
      return true;
    }
    if (std::memchr(s_ + b, '@', e - b) && is_email(b, e)) {
      *kind = TokenKind::kEmail;
      *rule = kRuleEmail;
      return true;
    }
    if (std::memchr(s_ + b, '.', e - b) && is_domain(b, e)) {
      *kind = TokenKind::kUrl;
      *rule = kRuleUrl;
      return true;
    }
  }
  return false;
}

}  // namespace byline::internal::tokenize
