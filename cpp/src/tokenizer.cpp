// Rule-based news tokenizer. The rules are described in docs/tokenization.md.
//
// Stages, per whitespace-delimited chunk:
//   1. hard split: dashes, ellipses, brackets, double quotes, emoji and CJK
//      ideographs always stand alone (URLs at the start of a piece are kept whole);
//   2. affix loop on each remaining piece (spaCy's algorithm): special cases and
//      protected patterns (URL, e-mail, @handle, #hashtag, number) end the loop,
//      otherwise one prefix or suffix is split off and the loop repeats;
//   3. soft infixes inside what is left ("word,word", "end.The").
// All stages work on byte ranges of the original text and are iterative, so a
// 100 MB chunk costs linear time and constant stack.
#include "byline/tokenizer.h"

#include <cstring>
#include <limits>

#include "byline/errors.h"
#include "internal/chars.h"
#include "internal/log.h"
#include "internal/utf8.h"
#include "rules_en.h"
#include "sentencizer.h"

namespace byline {

using internal::char_class;
using internal::CharClass;

namespace {

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

struct PendingToken {
  std::uint32_t b, e;
  TokenKind kind;
  const char* rule;
};

// Emits tokens into a Doc, keeping the running code-point offset.
class Emitter {
 public:
  Emitter(Doc& doc, std::vector<const char*>* rules) : doc_(doc), s_(doc.text().data()), rules_(rules) {}

  void emit(std::uint32_t b, std::uint32_t e, TokenKind kind, const char* rule) {
    cp_ += internal::count_code_points(s_ + byte_, s_ + b);
    std::uint32_t cb = cp_;
    cp_ += internal::count_code_points(s_ + b, s_ + e);
    byte_ = e;
    doc_.push_token(b, e, cb, cp_, kind, 0);
    if (rules_) rules_->push_back(rule);
  }
  std::uint32_t finish(std::size_t n) {
    cp_ += internal::count_code_points(s_ + byte_, s_ + n);
    byte_ = static_cast<std::uint32_t>(n);
    return cp_;
  }

 private:
  Doc& doc_;
  const char* s_;
  std::vector<const char*>* rules_;
  std::uint32_t byte_ = 0, cp_ = 0;
};

class Run {
 public:
  Run(const std::string& text, Emitter& em)
      : s_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()), em_(em) {}

  void all() {
    std::size_t i = 0;
    while (i < n_) {
      // Skip separators.
      while (i < n_) {
        unsigned char c = s_[i];
        if (c < 0x80) {
          if (kAsciiClass[c] == kAsciiSep) {
            ++i;
            continue;
          }
          break;
        }
        int len;
        char32_t cp = internal::decode(s_, i, &len);
        if (char_class(cp) != internal::kSep) break;
        i += static_cast<std::size_t>(len);
      }
      if (i >= n_) break;
      // Scan the chunk, noting whether it is a plain ASCII word: letters and single
      // inner hyphens ("Putin", "Russia-China", "six-to-nine-month").
      std::size_t b = i;
      bool ascii = true;
      unsigned seen = 0;  // OR of kAsciiClass values
      unsigned char prev = 0;
      bool double_hyphen = false;
      while (i < n_) {
        unsigned char c = s_[i];
        if (c < 0x80) {
          std::uint8_t k = kAsciiClass[c];
          if (k == kAsciiSep) break;
          seen |= k;
          double_hyphen |= (c == '-' && prev == '-');
          prev = c;
          ++i;
          continue;
        }
        int len;
        char32_t cp = internal::decode(s_, i, &len);
        if (char_class(cp) == internal::kSep) break;
        ascii = false;
        i += static_cast<std::size_t>(len);
      }
      auto cb = static_cast<std::uint32_t>(b), ce = static_cast<std::uint32_t>(i);
      if (ascii && (seen & ~(kAsciiAlpha | kAsciiHyphen)) == 0 && !double_hyphen && ascii_alpha(s_[cb]) &&
          ascii_alpha(s_[ce - 1]) && !((seen & kAsciiHyphen) && any_hyphen_split(cb, ce)) && plain_word(cb, ce)) {
        continue;
      }
      chunk(cb, ce);
    }
  }

 private:
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

  // Fast path for a plain ASCII word; false when it needs the full rules
  // (a URL prefix, or "gonna"/"gotta"/"wanna", the only plain-word special cases).
  bool plain_word(std::uint32_t b, std::uint32_t e) {
    unsigned char c0 = s_[b] | 0x20;
    if ((c0 == 'w' || c0 == 'h') && e - b >= 4 && (starts_with(b, e, "www") || starts_with(b, e, "http"))) return false;
    if (e - b == 5 && internal::find_special(view(b, e))) return false;
    em_.emit(b, e, TokenKind::kWord, kRuleToken);
    return true;
  }

  // ---------- stage 1: hard split ----------
  void chunk(std::uint32_t b, std::uint32_t e) {
    // A whole chunk that is a special case wins over the hard split (":)", ":-(").
    if (const internal::SpecialCase* sc = internal::find_special(view(b, e))) {
      emit_special(b, sc);
      return;
    }
    // A list or rank number at the start of a line: "1." "12." "1=" (results tables).
    if (ascii_digit(s_[b]) && e - b <= 4 && (s_[e - 1] == '.' || s_[e - 1] == '=') && at_line_start(b)) {
      std::uint32_t p = b;
      while (p < e && ascii_digit(s_[p])) ++p;
      if (p + 1 == e) {
        em_.emit(b, e, TokenKind::kNumber, kRuleNumber);
        return;
      }
    }
    std::uint32_t start = b, p = b;
    while (p < e) {
      if (p == start && url_scheme(p, e)) {
        std::uint32_t u = url_extent(p, e);
        if (u > p) {
          em_.emit(p, u, TokenKind::kUrl, kRuleUrl);
          start = p = u;
          continue;
        }
      }
      int len;
      char32_t cp = cp_at(p, &len);
      std::uint32_t q = p + static_cast<std::uint32_t>(len);
      std::uint32_t hard_end = 0;
      TokenKind kind = TokenKind::kPunct;
      const char* rule = kRulePunct;
      if (cp < 0x80) {
        if (cp == '(' || cp == ')' || cp == '[' || cp == ']' || cp == '{' || cp == '}' || cp == '"') {
          hard_end = q;
        } else if ((cp == '-' && q < e && s_[q] == '-') || (cp == '.' && q < e && s_[q] == '.')) {
          hard_end = q;
          while (hard_end < e && s_[hard_end] == cp) ++hard_end;
        }
      } else {
        switch (cp) {
          case 0x2014:
          case 0x2013:
          case 0x2015:
          case 0x2012:
          case 0x2026:  // dashes, ellipsis
          case 0x201C:
          case 0x201D:
          case 0x201E:
          case 0x201F:
          case 0x00AB:
          case 0x00BB:  // quotes
          case 0x2039:
          case 0x203A:
          case 0x300C:
          case 0x300D:
          case 0x300E:
          case 0x300F:
          case 0xFF08:
          case 0xFF09:
          case 0x3010:
          case 0x3011:
          case 0x3001:
          case 0x3002:  // CJK punct
            hard_end = q;
            break;
          default: {
            CharClass c = cls(cp);
            if (c == internal::kIdeograph) {
              hard_end = q;
              kind = TokenKind::kWord;
              rule = kRuleIdeograph;
            } else if (c == internal::kEmojiChar) {
              hard_end = emoji_extent(p, q, e, cp);
              kind = TokenKind::kEmoji;
              rule = kRuleEmoji;
            }
          }
        }
      }
      if (hard_end) {
        hard_end = skip_marks(hard_end, e);
        if (start < p) piece(start, p);
        em_.emit(p, hard_end, kind, rule);
        start = p = hard_end;
      } else {
        p = q;
      }
    }
    if (start < e) piece(start, e);
  }

  // True when only spaces or tabs separate b from the start of its line.
  bool at_line_start(std::uint32_t b) const {
    while (b > 0 && (s_[b - 1] == ' ' || s_[b - 1] == '\t')) --b;
    return b == 0 || s_[b - 1] == '\n' || s_[b - 1] == '\r';
  }
  void emit_special(std::uint32_t b, const internal::SpecialCase* sc) {
    std::uint32_t p = b;
    for (std::uint8_t k = 0; k < sc->count; ++k) {
      std::uint32_t l = sc->lengths[k];
      em_.emit(p, p + l, classify(p, p + l), kRuleSpecial);
      p += l;
    }
  }

  std::uint32_t emoji_extent(std::uint32_t p, std::uint32_t q, std::uint32_t e, char32_t first) const {
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

  // ---------- URLs, e-mails, handles, hashtags, numbers ----------
  bool url_scheme(std::uint32_t b, std::uint32_t e) const {
    unsigned char c = s_[b] | 0x20;
    if (c != 'h' && c != 'w' && c != 'f') return false;
    return starts_with(b, e, "http://") || starts_with(b, e, "https://") || starts_with(b, e, "www.") ||
           starts_with(b, e, "ftp://") || starts_with(b, e, "HTTP://") || starts_with(b, e, "HTTPS://") ||
           starts_with(b, e, "WWW.");
  }
  static bool url_char(unsigned char c) {
    return ascii_alnum(c) || std::strchr("-._~:/?#@!$&'*+,;=%()", c) != nullptr || c >= 0x80;
  }
  // End of a URL starting at b (which has a scheme); trailing punctuation is left out.
  std::uint32_t url_extent(std::uint32_t b, std::uint32_t e) const {
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
  bool is_domain(std::uint32_t b, std::uint32_t e) const {
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

  bool is_email(std::uint32_t b, std::uint32_t e) const {
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

  bool word_char_run(std::uint32_t b, std::uint32_t e, bool* has_letter) const {
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
  bool is_number(std::uint32_t b, std::uint32_t e) const {
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
  bool protected_token(std::uint32_t b, std::uint32_t e, TokenKind* kind, const char** rule) const {
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

  // ---------- stage 2: affixes ----------
  // Byte length of a prefix to split off [b,e), or 0.
  std::uint32_t prefix_len(std::uint32_t b, std::uint32_t e) const {
    // "@Reuters:" and "#AI," lose their trailing punctuation first, then the handle
    // and hashtag rules take them.
    if ((s_[b] == '@' || s_[b] == '#') && e - b >= 2 &&
        (ascii_alnum(s_[b + 1]) || s_[b + 1] == '_' || s_[b + 1] >= 0x80))
      return 0;
    // An apostrophe before two digits is part of a year: "'90s", "’67" (the suffix
    // rule removes trailing punctuation first, then the number rule takes it).
    if (e - b >= 3 && s_[b] == '\'' && ascii_digit(s_[b + 1]) && ascii_digit(s_[b + 2])) return 0;
    if (e - b >= 5 && starts_with(b, e, "\xE2\x80\x99") && ascii_digit(s_[b + 3]) && ascii_digit(s_[b + 4])) return 0;
    int len;
    char32_t cp = cp_at(b, &len);
    CharClass c = cls(cp);
    if (c != internal::kPunctChar && c != internal::kSymbolChar) return 0;
    std::uint32_t q = b + static_cast<std::uint32_t>(len);
    if (q < e) {
      int l2;
      if (cls(cp_at(q, &l2)) == internal::kMark) return 0;  // keep a mark with its base
    }
    if (cp < 0x80) {
      std::uint32_t r = punct_run_end(b, e);
      int l2;
      if (r < e && cls(cp_at(r, &l2)) == internal::kMark) --r;  // the last one keeps its mark
      return r - b;
    }
    return static_cast<std::uint32_t>(len);
  }

  // "US$", "C$", "NT$": 1-3 capitals and '$', followed by a digit or the end of the piece.
  std::uint32_t currency_len(std::uint32_t b, std::uint32_t e) const {
    std::uint32_t p = b;
    while (p < e && p - b < 3 && s_[p] >= 'A' && s_[p] <= 'Z') ++p;
    if (p == b || p >= e || s_[p] != '$') return 0;
    ++p;
    return (p == e || ascii_digit(s_[p])) ? p - b : 0;
  }

  // A run of one repeated ASCII punctuation character ("!!!", "**", "==", "''"), or of
  // '!' and '?' mixed ("?!"), is one token. Brackets and '"' never reach here.
  std::uint32_t punct_run_end(std::uint32_t b, std::uint32_t e) const {
    unsigned char c = s_[b];
    std::uint32_t p = b + 1;
    if (c == '!' || c == '?') {
      while (p < e && (s_[p] == '!' || s_[p] == '?')) ++p;
    } else if (c != '.' && c != ',') {
      while (p < e && s_[p] == c) ++p;
    }
    return p;
  }
  // Start of the run of repeated punctuation that ends at e (see punct_run_end).
  std::uint32_t punct_run_begin(std::uint32_t b, std::uint32_t e) const {
    unsigned char c = s_[e - 1];
    std::uint32_t p = e - 1;
    if (c == '!' || c == '?') {
      while (p > b && (s_[p - 1] == '!' || s_[p - 1] == '?')) --p;
    } else if (c != '.' && c != ',' && c != '-') {
      while (p > b && s_[p - 1] == c) --p;
    }
    return p;
  }

  // Byte length of a suffix to split off [b,e), or 0.
  std::uint32_t suffix_len(std::uint32_t b, std::uint32_t e) const {
    std::uint32_t n = e - b;
    // Clitics: 's 'm 'd 'll 're 've n't with straight or curly apostrophe.
    if (n >= 3) {
      std::uint32_t clitic = clitic_len(b, e);
      if (clitic) return clitic;
    }
    std::uint32_t last = prev_cp_start(b, e);
    int len;
    char32_t cp = cp_at(last, &len);
    CharClass c = cls(cp);
    if (c != internal::kPunctChar && c != internal::kSymbolChar) return 0;
    if (last == b) return 0;  // a single character is a token already
    if (cp == '.') {
      if (internal::abbreviation_flags(view(b, e))) return 0;
    } else if (cp == '-') {
      // A suspended hyphen stays with its word or number: "pre-", "multi-", "27-" (CoNLL).
      int l2;
      CharClass pc = cls(cp_at(prev_cp_start(b, last), &l2));
      if (pc == internal::kLetter || pc == internal::kDigit || pc == internal::kMark) return 0;
    }
    if (cp < 0x80) {
      std::uint32_t r = punct_run_begin(b, e);
      return r == b ? 0 : e - r;
    }
    return e - last;
  }

  std::uint32_t clitic_len(std::uint32_t b, std::uint32_t e) const {
    // Find the apostrophe: "'" or "’" (E2 80 99) near the end.
    auto apostrophe_at = [&](std::uint32_t p) -> std::uint32_t {
      if (p < b) return 0;
      if (s_[p] == '\'') return 1;
      if (p + 3 <= e && s_[p] == 0xE2 && s_[p + 1] == 0x80 && s_[p + 2] == 0x99) return 3;
      return 0;
    };
    auto lower = [&](std::uint32_t p) { return static_cast<unsigned char>(s_[p] | 0x20); };
    // n't
    for (std::uint32_t alen : {1u, 3u}) {
      if (e - b >= alen + 3) {
        std::uint32_t a = e - 1 - alen;  // apostrophe position
        if (lower(e - 1) == 't' && apostrophe_at(a) == alen && lower(a - 1) == 'n' && a - 1 > b &&
            ascii_alpha(s_[a - 2]))
          return e - (a - 1);
      }
    }
    // 's 'm 'd  /  'll 're 've
    for (std::uint32_t alen : {1u, 3u}) {
      for (std::uint32_t tail : {1u, 2u}) {
        if (e - b < alen + tail + 1) continue;
        std::uint32_t a = e - tail - alen;
        if (apostrophe_at(a) != alen) continue;
        bool ok = false;
        if (tail == 1) {
          unsigned char t = lower(e - 1);
          ok = t == 's' || t == 'm' || t == 'd';
        } else {
          unsigned char t1 = lower(e - 2), t2 = lower(e - 1);
          ok = (t1 == 'l' && t2 == 'l') || (t1 == 'r' && t2 == 'e') || (t1 == 'v' && t2 == 'e');
        }
        if (!ok) continue;
        // Something word-like must precede the apostrophe.
        std::uint32_t before = prev_cp_start(b, a);
        int len;
        char32_t cp = cp_at(before, &len);
        CharClass c = cls(cp);
        if (c == internal::kLetter || c == internal::kDigit || c == internal::kMark || cp == '.') return e - a;
      }
    }
    return 0;
  }

  void piece(std::uint32_t b, std::uint32_t e) {
    PendingToken suffixes_inline[8];
    std::vector<PendingToken> suffixes_heap;
    std::size_t nsuf = 0;
    auto push_suffix = [&](PendingToken t) {
      if (nsuf < 8)
        suffixes_inline[nsuf] = t;
      else
        suffixes_heap.push_back(t);
      ++nsuf;
    };
    while (b < e) {
      if (const internal::SpecialCase* sc = internal::find_special(view(b, e))) {
        emit_special(b, sc);
        break;
      }
      TokenKind kind;
      const char* rule;
      if (protected_token(b, e, &kind, &rule)) {
        em_.emit(b, e, kind, rule);
        break;
      }
      // Dollar currencies with a country prefix, alone or glued to an amount: "C$", "US$5".
      if (std::uint32_t m = currency_len(b, e)) {
        em_.emit(b, b + m, TokenKind::kSymbol, kRulePrefix);
        b += m;
        continue;
      }
      if (std::uint32_t p = prefix_len(b, e)) {
        em_.emit(b, b + p, classify(b, b + p), kRulePrefix);
        b += p;
        continue;
      }
      if (std::uint32_t s = suffix_len(b, e)) {
        push_suffix({e - s, e, classify(e - s, e), kRuleSuffix});
        e -= s;
        continue;
      }
      infixes(b, e);
      break;
    }
    for (std::size_t k = nsuf; k-- > 0;) {
      const PendingToken& t = k < 8 ? suffixes_inline[k] : suffixes_heap[k - 8];
      em_.emit(t.b, t.e, t.kind, t.rule);
    }
  }

  // ---------- hyphens between names ----------
  // A hyphen between ASCII letters splits off a name (OntoNotes and spaCy tokenise
  // "UK-based" as UK - based, "Russia-China" as Russia - China): when the part before it
  // starts with a capital and has 2+ letters, unless it is a combining form ("Sino-Russian",
  // "Anglo-Saxon" stay whole); or when anti/pro/non/ex precedes a capital ("anti-Western").
  // Lower-case compounds ("six-to-nine-month"), single letters ("X-ray") and numbers
  // ("F-16", "COVID-19") stay whole. `lb` is the start of the part before the hyphen at p.
  bool hyphen_split(std::uint32_t lb, std::uint32_t p, std::uint32_t e) const {
    if (p <= lb || p + 1 >= e || s_[p] != '-' || !ascii_alpha(s_[p - 1]) || !ascii_alpha(s_[p + 1])) return false;
    for (std::uint32_t k = lb; k < p; ++k)
      if (!ascii_alpha(s_[k])) return false;
    std::string left(reinterpret_cast<const char*>(s_) + lb, p - lb);
    for (auto& ch : left) ch = static_cast<char>(ch | 0x20);
    const bool upper_left = s_[lb] >= 'A' && s_[lb] <= 'Z';
    if (upper_left && left.size() >= 2) {
      static const char* const kCombining[] = {"afro",   "anglo", "austro",  "balto", "czecho", "euro",  "finno",
                                               "franco", "greco", "hispano", "ibero", "indo",   "italo", "judeo",
                                               "luso",   "russo", "serbo",   "sino",  "slavo",  "turko", "germano"};
      for (const char* f : kCombining)
        if (left == f) return false;
      return true;
    }
    const bool upper_right = s_[p + 1] >= 'A' && s_[p + 1] <= 'Z';
    return upper_right && (left == "anti" || left == "pro" || left == "non" || left == "ex");
  }
  bool any_hyphen_split(std::uint32_t b, std::uint32_t e) const {
    std::uint32_t part = b;
    for (std::uint32_t p = b + 1; p + 1 < e; ++p) {
      if (s_[p] != '-') continue;
      if (hyphen_split(part, p, e)) return true;
      part = p + 1;
    }
    return false;
  }

  // ---------- stage 3: soft infixes ----------
  void infixes(std::uint32_t b, std::uint32_t e) {
    std::uint32_t start = b, part = b;
    for (std::uint32_t p = b + 1; p + 1 < e; ++p) {
      unsigned char c = s_[p];
      bool split = false;
      if (c == '-') {
        split = hyphen_split(part, p, e);
        part = p + 1;
      } else if (c == ',' || c == ';' || c == '!' || c == '?' || c == '/') {
        // "word,word", "and/or", "US/UK" (numbers such as "1/2" are protected earlier).
        split = ascii_alpha(s_[p - 1]) && ascii_alpha(s_[p + 1]);
      } else if (c == '.') {
        // "end.The": two lower-case letters, '.', capital + lower-case letter.
        split = p >= b + 2 && p + 2 < e && (s_[p - 1] >= 'a' && s_[p - 1] <= 'z') &&
                (s_[p - 2] >= 'a' && s_[p - 2] <= 'z') && (s_[p + 1] >= 'A' && s_[p + 1] <= 'Z') &&
                (s_[p + 2] >= 'a' && s_[p + 2] <= 'z');
      }
      if (split) {
        if (start < p) em_.emit(start, p, classify(start, p), kRuleToken);
        em_.emit(p, p + 1, TokenKind::kPunct, kRuleInfix);
        start = p + 1;
      }
    }
    if (start < e) em_.emit(start, e, classify(start, e), kRuleToken);
  }

  const unsigned char* s_;
  std::size_t n_;
  Emitter& em_;
};

}  // namespace

struct Tokenizer::Impl {
  TokenizerOptions options;

  void run(Doc& doc, std::vector<const char*>* rules) const {
    doc.clear_annotations();
    const std::string& text = doc.text();
    doc.reserve_tokens(text.size() / 5 + 4);
    Emitter em(doc, rules);
    Run run(text, em);
    run.all();
    doc.set_char_length(em.finish(text.size()));
    doc.update_space_after();
    if (options.split_sentences) {
      internal::split_sentences(doc);
    } else if (!doc.empty()) {
      auto n = static_cast<std::uint32_t>(doc.size());
      doc.set_sentences({{0, n}});
      doc.set_paragraphs({{0, n}});
    }
  }

  std::string prepare(std::string_view text, bool* replaced) const {
    if (text.size() > kMaxTextBytes)
      throw InputError("text of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                       std::to_string(kMaxTextBytes) + " bytes per document; split it first");
    *replaced = false;
    std::size_t bad = internal::find_invalid_utf8(text);
    if (bad == std::string_view::npos) return std::string(text);
    if (options.utf8 == Utf8Policy::kStrict)
      throw EncodingError(
          "invalid UTF-8 at byte " + std::to_string(bad) + " (use the 'replace' policy to substitute U+FFFD)", bad);
    *replaced = true;
    std::string fixed = internal::replace_invalid_utf8(text);
    if (fixed.size() > kMaxTextBytes) throw InputError("text too large after replacing invalid UTF-8");
    return fixed;
  }
};

Tokenizer::Tokenizer(TokenizerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  internal::char_class(0x00E9);  // build the Unicode class table once, up front
  internal::init_rules_en();
}
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

const TokenizerOptions& Tokenizer::options() const noexcept { return impl_->options; }

Doc Tokenizer::tokenize(std::string_view text) const {
  bool replaced;
  Doc doc(impl_->prepare(text, &replaced));
  doc.set_utf8_replaced(replaced);
  impl_->run(doc, nullptr);
  return doc;
}

Doc Tokenizer::tokenize(std::string&& text) const {
  if (text.size() <= kMaxTextBytes && internal::find_invalid_utf8(text) == std::string::npos) {
    Doc doc(std::move(text));
    impl_->run(doc, nullptr);
    return doc;
  }
  return tokenize(std::string_view(text));
}

void Tokenizer::tokenize_doc(Doc& doc) const {
  if (internal::find_invalid_utf8(doc.text()) != std::string::npos)
    throw EncodingError("Doc text is not valid UTF-8", internal::find_invalid_utf8(doc.text()));
  impl_->run(doc, nullptr);
}

std::vector<ExplainStep> Tokenizer::explain(std::string_view text) const {
  bool replaced;
  Doc doc(impl_->prepare(text, &replaced));
  std::vector<const char*> rules;
  impl_->run(doc, &rules);
  std::vector<ExplainStep> out;
  out.reserve(doc.size());
  for (std::size_t i = 0; i < doc.size(); ++i) out.push_back({std::string(doc.token_text(i)), rules[i]});
  return out;
}

}  // namespace byline
