// Rule-based news tokenizer. The rules are described in docs/tokenization.md.
//
// Stages, per whitespace-delimited chunk (Run below; the character tests, protected
// patterns and affix rules they ask are TextScan's, tokenizer/text_scan.h):
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
#include "tokenizer/text_scan.h"

namespace byline {

namespace {

using internal::tokenize::ascii_alpha;
using internal::tokenize::ascii_digit;
using internal::tokenize::char_class;
using internal::tokenize::CharClass;
using internal::tokenize::kAsciiAlpha;
using internal::tokenize::kAsciiClass;
using internal::tokenize::kAsciiHyphen;
using internal::tokenize::kAsciiSep;
using internal::tokenize::kMaxTextBytes;
using internal::tokenize::kRuleEmoji;
using internal::tokenize::kRuleIdeograph;
using internal::tokenize::kRuleInfix;
using internal::tokenize::kRuleNumber;
using internal::tokenize::kRulePrefix;
using internal::tokenize::kRulePunct;
using internal::tokenize::kRuleSpecial;
using internal::tokenize::kRuleSuffix;
using internal::tokenize::kRuleToken;
using internal::tokenize::kRuleUrl;
using internal::tokenize::TextScan;

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

// The three stages over one text, emitting tokens in order.
class Run : private TextScan {
 public:
  Run(const std::string& text, Emitter& em)
      : TextScan(reinterpret_cast<const unsigned char*>(text.data()), text.size()), em_(em) {}

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

  void emit_special(std::uint32_t b, const internal::SpecialCase* sc) {
    std::uint32_t p = b;
    for (std::uint8_t k = 0; k < sc->count; ++k) {
      std::uint32_t l = sc->lengths[k];
      em_.emit(p, p + l, classify(p, p + l), kRuleSpecial);
      p += l;
    }
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
