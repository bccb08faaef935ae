// tokenizer/text_scan.h — the text the tokenizer reads and the tests its stages share
// (private). TextScan answers questions about byte ranges [b, e) of one UTF-8 text:
// code points and their classes (inline here, hot), the protected patterns of the affix
// loop (patterns.cpp: URLs, e-mails, handles, hashtags, numbers, emoji sequences), and
// the affix and hyphen rules (affixes.cpp). The stages that emit tokens (hard split,
// affix loop, soft infixes) are in tokenizer.cpp; docs/tokenization.md has the rules.
//
// THREAD SAFETY: immutable; a TextScan is made per tokenize() call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "byline/doc.h"
#include "internal/chars.h"
#include "internal/utf8.h"

namespace byline::internal::tokenize {

using internal::char_class;
using internal::CharClass;

// Longest URL, e-mail, handle, hashtag or number recognised inside the affix loop.
constexpr std::uint32_t kMaxProtectedBytes = 2048;
constexpr std::size_t kMaxTextBytes = std::numeric_limits<std::uint32_t>::max() - 1;

inline bool ascii_alpha(unsigned char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
inline bool ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool ascii_alnum(unsigned char c) { return ascii_alpha(c) || ascii_digit(c); }

// Byte classes of ASCII for the chunk scanner.
enum : std::uint8_t { kAsciiSep = 0, kAsciiAlpha = 1, kAsciiHyphen = 2, kAsciiOther = 4 };
struct AsciiClassTable {
  std::uint8_t v[128];
  constexpr AsciiClassTable() : v() {
    for (int c = 0; c < 128; ++c) {
      if (c <= 0x20 || c == 0x7F)
        v[c] = kAsciiSep;
      else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        v[c] = kAsciiAlpha;
      else if (c == '-')
        v[c] = kAsciiHyphen;
      else
        v[c] = kAsciiOther;
    }
  }
  constexpr std::uint8_t operator[](unsigned char c) const { return v[c]; }
};
constexpr AsciiClassTable kAsciiClass;

// Rule names reported by explain().
constexpr const char* kRuleToken = "TOKEN";
constexpr const char* kRuleSpecial = "SPECIAL";
constexpr const char* kRulePrefix = "PREFIX";
constexpr const char* kRuleSuffix = "SUFFIX";
constexpr const char* kRuleInfix = "INFIX";
constexpr const char* kRulePunct = "PUNCT";
constexpr const char* kRuleUrl = "URL";
constexpr const char* kRuleEmail = "EMAIL";
constexpr const char* kRuleHandle = "HANDLE";
constexpr const char* kRuleHashtag = "HASHTAG";
constexpr const char* kRuleNumber = "NUMBER";
constexpr const char* kRuleEmoji = "EMOJI";
constexpr const char* kRuleIdeograph = "IDEOGRAPH";

class TextScan {
 public:
  TextScan(const unsigned char* s, std::size_t n) : s_(s), n_(n) {}
  std::size_t size() const { return n_; }
  const unsigned char* data() const { return s_; }

  // ---------- helpers over code points ----------
  char32_t cp_at(std::uint32_t i, int* len) const {
    if (s_[i] < 0x80) {
      *len = 1;
      return s_[i];
    }
    return internal::decode(s_, i, len);
  }
  static CharClass cls(char32_t cp) {
    if (cp < 0x80) {
      if (ascii_alpha(static_cast<unsigned char>(cp))) return internal::kLetter;
      if (ascii_digit(static_cast<unsigned char>(cp))) return internal::kDigit;
    }
    return char_class(cp);
  }
  // Start of the last code point before e (e > b).
  std::uint32_t prev_cp_start(std::uint32_t b, std::uint32_t e) const {
    std::uint32_t p = e - 1;
    while (p > b && (s_[p] & 0xC0) == 0x80) --p;
    return p;
  }
  std::uint32_t skip_marks(std::uint32_t p, std::uint32_t e) const {
    while (p < e) {
      int len;
      char32_t cp = cp_at(p, &len);
      if (cls(cp) != internal::kMark) break;
      p += static_cast<std::uint32_t>(len);
    }
    return p;
  }
  bool starts_with(std::uint32_t b, std::uint32_t e, const char* lit) const {
    std::uint32_t p = b;
    for (; *lit; ++lit, ++p)
      if (p >= e || s_[p] != static_cast<unsigned char>(*lit)) return false;
    return true;
  }
  std::string_view view(std::uint32_t b, std::uint32_t e) const {
    return std::string_view(reinterpret_cast<const char*>(s_) + b, e - b);
  }

  TokenKind classify(std::uint32_t b, std::uint32_t e) const {
    bool letter = false, digit = false, punct = false, symbol = false;
    for (std::uint32_t p = b; p < e;) {
      int len;
      char32_t cp = cp_at(p, &len);
      switch (cls(cp)) {
        case internal::kLetter:
        case internal::kIdeograph:
        case internal::kMark:
          letter = true;
          break;
        case internal::kDigit:
        case internal::kNumberOther:
          digit = true;
          break;
        case internal::kPunctChar:
          punct = true;
          break;
        case internal::kSymbolChar:
          symbol = true;
          break;
        case internal::kEmojiChar:
          return TokenKind::kEmoji;
        default:
          break;
      }
      p += static_cast<std::uint32_t>(len);
    }
    if (letter) return TokenKind::kWord;
    if (digit) return TokenKind::kNumber;
    if (punct) return TokenKind::kPunct;
    if (symbol) return TokenKind::kSymbol;
    return TokenKind::kOther;
  }

  // True when only spaces or tabs separate b from the start of its line.
  bool at_line_start(std::uint32_t b) const {
    while (b > 0 && (s_[b - 1] == ' ' || s_[b - 1] == '\t')) --b;
    return b == 0 || s_[b - 1] == '\n' || s_[b - 1] == '\r';
  }

  // ---------- protected patterns (patterns.cpp) ----------
  // End of the emoji sequence whose first code point `first` spans [p, q): flags,
  // variation selectors, skin tones, ZWJ sequences.
  std::uint32_t emoji_extent(std::uint32_t p, std::uint32_t q, std::uint32_t e, char32_t first) const;
  // [b,e) starts with http://, https://, ftp:// or www.
  bool url_scheme(std::uint32_t b, std::uint32_t e) const;
  // A byte that may occur in a URL (RFC 3986 characters and any non-ASCII byte).
  static bool url_char(unsigned char c);
  // End of a URL starting at b (which has a scheme); trailing punctuation is left out.
  std::uint32_t url_extent(std::uint32_t b, std::uint32_t e) const;
  // Bare domain: labels joined by '.', last label a known TLD, optional path.
  bool is_domain(std::uint32_t b, std::uint32_t e) const;
  // local@domain.tld with an alphabetic top-level label of 2+ letters.
  bool is_email(std::uint32_t b, std::uint32_t e) const;
  // Letters, marks, digits and '_' only; `has_letter` when one is a letter (hashtags).
  bool word_char_run(std::uint32_t b, std::uint32_t e, bool* has_letter) const;
  // [+-]? (\d+ | .\d) ([.,:/-]\d+)* [A-Za-z]{0,4}  — or '80s / ’80s
  bool is_number(std::uint32_t b, std::uint32_t e) const;
  // Returns the token kind and rule if [b,e) is a protected token.
  bool protected_token(std::uint32_t b, std::uint32_t e, TokenKind* kind, const char** rule) const;

  // ---------- affixes (affixes.cpp) ----------
  // Byte length of a prefix to split off [b,e), or 0.
  std::uint32_t prefix_len(std::uint32_t b, std::uint32_t e) const;
  // "US$", "C$", "NT$": 1-3 capitals and '$', followed by a digit or the end of the piece.
  std::uint32_t currency_len(std::uint32_t b, std::uint32_t e) const;
  // A run of one repeated ASCII punctuation character ("!!!", "**", "==", "''"), or of
  // '!' and '?' mixed ("?!"), is one token. Brackets and '"' never reach here.
  std::uint32_t punct_run_end(std::uint32_t b, std::uint32_t e) const;
  // Start of the run of repeated punctuation that ends at e (see punct_run_end).
  std::uint32_t punct_run_begin(std::uint32_t b, std::uint32_t e) const;
  // Byte length of a suffix to split off [b,e), or 0.
  std::uint32_t suffix_len(std::uint32_t b, std::uint32_t e) const;
  // Byte length of a clitic ending [b,e) ('s 'm 'd 'll 're 've n't, straight or curly
  // apostrophe), or 0.
  std::uint32_t clitic_len(std::uint32_t b, std::uint32_t e) const;

  // ---------- hyphens between names (affixes.cpp) ----------
  // A hyphen between ASCII letters splits off a name (OntoNotes and spaCy tokenise
  // "UK-based" as UK - based, "Russia-China" as Russia - China): when the part before it
  // starts with a capital and has 2+ letters, unless it is a combining form ("Sino-Russian",
  // "Anglo-Saxon" stay whole); or when anti/pro/non/ex precedes a capital ("anti-Western").
  // Lower-case compounds ("six-to-nine-month"), single letters ("X-ray") and numbers
  // ("F-16", "COVID-19") stay whole. `lb` is the start of the part before the hyphen at p.
  bool hyphen_split(std::uint32_t lb, std::uint32_t p, std::uint32_t e) const;
  // True when some hyphen in [b,e) splits (hyphen_split).
  bool any_hyphen_split(std::uint32_t b, std::uint32_t e) const;

 protected:
  const unsigned char* s_;
  std::size_t n_;
};

}  // namespace byline::internal::tokenize
