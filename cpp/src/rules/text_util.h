// Private helpers shared by the rule recognisers: token text access, ASCII case
// folding into stack buffers, JSON number formatting, civil-date arithmetic.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/doc.h"
#include "internal/chars.h"

namespace byline {
namespace internal::rules {

/// A lower-case part of a hyphenated name after the tokenizer's split at the hyphen (merge.cpp):
/// a name particle followed inside the token by a capital ("le-Street" of Chester-le-Street,
/// "ul-Haq"), or, when `person_of_two` (a person's name of two or more words), the last syllable
/// of a given name ("un" of Kim Jong-un; not "based", "run").
bool name_tail(std::string_view t, bool person_of_two);
/// A particle inside names written with hyphens: le, de, au, al, el, ul, bin, van ...
/// ("Chester-le-Street", "al-Aqsa", "Inzamam-ul-Haq").
bool name_particle(std::string_view t);

/// Token text without bounds checks (i < doc.size() is the caller's invariant).
inline std::string_view tok_text(const Doc& doc, std::size_t i) {
  const auto b = doc.token_begin()[i];
  return std::string_view(doc.text()).substr(b, doc.token_end()[i] - b);
}

/// Token k (> 0) follows token k - 1 with no space between them.
inline bool glued(const Doc& doc, std::size_t k) { return doc.token_end()[k - 1] == doc.token_begin()[k]; }

inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline char ascii_lower(char c) { return is_ascii_upper(c) ? static_cast<char>(c + 32) : c; }

/// A short ASCII-lowercased copy of a token on the stack; longer tokens come back
/// empty (no word we look up is that long). Curly apostrophes become '.
struct Lower {
  static constexpr std::size_t kMax = 40;
  char buf[kMax];
  std::size_t n = 0;
  explicit Lower(std::string_view s) {
    if (s.size() >= kMax) return;
    for (std::size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
          (static_cast<unsigned char>(s[i + 2]) == 0x99 || static_cast<unsigned char>(s[i + 2]) == 0x98)) {
        buf[n++] = '\'';
        i += 2;
        continue;
      }
      buf[n++] = ascii_lower(static_cast<char>(c));
    }
  }
  std::string_view view() const { return std::string_view(buf, n); }
  bool operator==(std::string_view o) const { return view() == o; }
  bool operator!=(std::string_view o) const { return view() != o; }
};

inline bool lower_is(const Doc& doc, std::size_t i, std::string_view word) {
  if (i >= doc.size()) return false;
  std::string_view t = tok_text(doc, i);
  if (t.size() != word.size()) return false;
  for (std::size_t k = 0; k < t.size(); ++k)
    if (ascii_lower(t[k]) != word[k]) return false;
  return true;
}

/// Token text that starts like a number ("5", "-3.5", ".5", "'90s", "’67"). Used
/// instead of TokenKind so that hand-built Docs (CoNLL words) work too.
inline bool looks_numeric(std::string_view t) {
  if (t.empty()) return false;
  if (is_ascii_digit(t[0])) return true;
  if ((t[0] == '+' || t[0] == '-' || t[0] == '.' || t[0] == '\'') && t.size() > 1 && is_ascii_digit(t[1])) return true;
  return t.size() > 3 && t.substr(0, 3) == "\xE2\x80\x99" && is_ascii_digit(t[3]);
}

/// True when some byte of `t` satisfies `byte_hit`. Reads 8 bytes at a time (one test
/// instead of a loop per byte) where the bytes from t.data() up to `limit` (the end of
/// the buffer `t` lies in; t.data() + t.size() at least) allow it: `word_hit(w, mine)`
/// tells whether one of the bytes of the little-endian word `w` that `mine` masks (the
/// bytes of `t`; those past `t` never count) satisfies it.
template <class WordHit, class ByteHit>
inline bool any_byte(std::string_view t, const char* limit, WordHit word_hit, ByteHit byte_hit) {
  const char* p = t.data();
  std::size_t n = t.size();
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  while (n > 0 && limit - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t mine = n < 8 ? ~(~std::uint64_t{0} << (8 * n)) : ~std::uint64_t{0};
    if (word_hit(w, mine)) return true;
    if (n <= 8) return false;
    p += 8;
    n -= 8;
  }
#else
  (void)limit;
  (void)word_hit;
#endif
  for (; n > 0; ++p, --n)
    if (byte_hit(static_cast<unsigned char>(*p))) return true;
  return false;
}

/// True when `t` holds a '-' (any_byte: 8 bytes at a time up to `limit`).
inline bool has_hyphen(std::string_view t, const char* limit) {
  return any_byte(
      t, limit,
      [](std::uint64_t w, std::uint64_t mine) {
        constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull, kDash = kOnes * '-';
        w = (w ^ kDash) | ~mine;                  // a '-' byte of `t` becomes 0, no other byte does
        return ((w - kOnes) & ~w & kHighs) != 0;  // some byte is 0
      },
      [](unsigned char c) { return c == '-'; });
}

/// True when every byte of `t` is ASCII (below 0x80; any_byte: 8 bytes at a time up to
/// `limit`, as for has_hyphen).
inline bool all_ascii(std::string_view t, const char* limit) {
  return !any_byte(
      t, limit, [](std::uint64_t w, std::uint64_t mine) { return (w & mine & 0x8080808080808080ull) != 0; },
      [](unsigned char c) { return c >= 0x80; });
}

using byline::internal::is_possessive;  // internal/chars.h

/// JSON number: integers (|v| < 2^53) without a fraction, others with up to 15
/// significant digits.
inline void append_json_number(std::string& out, double v) {
  char buf[40];
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  // integers exactly; others as the shortest text that reads back as the same double
  std::to_chars_result r = std::fabs(v) < 9007199254740992.0 && v == std::floor(v)
                               ? std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v))
                               : std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

inline std::string json_number(double v) {
  std::string s;
  append_json_number(s, v);
  return s;
}

inline std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
inline std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
inline void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}
inline int days_in_month(int y, int m) {
  static const int k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return (m >= 1 && m <= 12) ? k[m - 1] : 31;
}

}  // namespace internal::rules
}  // namespace byline

namespace byline {
namespace internal::rules {
/// Normalises a token for lookup: ’ and ‘ -> ', and Unicode simple lower-casing when
/// `fold`. Returns `s` itself when nothing changes, else a view of `buf`.
std::string_view normalise(std::string_view s, bool fold, std::string& buf);
}  // namespace internal::rules
}  // namespace byline

namespace byline {
namespace internal::rules {
/// A cheap pre-filter for word tables: one bit per (first ASCII character, length < 32)
/// and one per (first two ASCII letters, length), case-insensitive. may_contain() false
/// means the word is certainly not in the table; a word whose second character is not
/// an ASCII letter is judged by its first character and length alone.
struct WordFilter {
  std::uint32_t mask[128] = {};
  std::uint32_t pair[26][26] = {};  ///< [first letter][second letter] -> length bits
  void add(std::string_view w) {
    if (w.empty() || static_cast<unsigned char>(w[0]) >= 128 || w.size() >= 32) return;
    mask[static_cast<unsigned char>(ascii_lower(w[0]))] |= 1u << w.size();
    if (w.size() >= 2 && is_ascii_alpha(w[0]) && is_ascii_alpha(w[1]))
      pair[ascii_lower(w[0]) - 'a'][ascii_lower(w[1]) - 'a'] |= 1u << w.size();
  }
  bool may_contain(std::string_view w) const {
    if (w.empty() || static_cast<unsigned char>(w[0]) >= 128) return false;
    if (w.size() >= 32) return false;
    if (((mask[static_cast<unsigned char>(ascii_lower(w[0]))] >> w.size()) & 1u) == 0) return false;
    if (w.size() < 2 || !is_ascii_alpha(w[0]) || !is_ascii_alpha(w[1])) return true;
    return (pair[ascii_lower(w[0]) - 'a'][ascii_lower(w[1]) - 'a'] >> w.size()) & 1u;
  }
};
}  // namespace internal::rules
}  // namespace byline

namespace byline {
namespace internal::rules {
/// A fixed table of words (string_views that outlive it: literals, other static tables)
/// for the recognisers' per-token lookups: open addressing with FNV-1a, no allocation
/// and no division per lookup. Used like the std::unordered_map it replaces: find()
/// returns a pointer to the (word, value) pair, or end(); iteration follows insertion.
/// Built once (emplace keeps the first value of a word, operator[] overwrites), then
/// only read. THREAD SAFETY: const methods may be called from many threads at once.
template <typename V>
class WordTable {
 public:
  using value_type = std::pair<std::string_view, V>;
  using const_iterator = const value_type*;

  WordTable() = default;
  WordTable(std::initializer_list<value_type> init) {
    for (const auto& kv : init) emplace(kv.first, kv.second);
  }

  /// Adds `word` with `value` unless it is there already.
  void emplace(std::string_view word, V value) {
    if (find(word) == end()) insert(word, std::move(value));
  }
  V& operator[](std::string_view word) {
    if (const_iterator it = find(word); it != end()) return entries_[static_cast<std::size_t>(it - begin())].second;
    insert(word, V{});
    return entries_.back().second;
  }

  const_iterator find(std::string_view word) const {
    if (slots_.empty()) return end();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t p = hash(word) & mask;; p = (p + 1) & mask) {
      const std::uint32_t v = slots_[p];
      if (v == 0) return end();
      if (entries_[v - 1].first == word) return entries_.data() + (v - 1);
    }
  }
  std::size_t count(std::string_view word) const { return find(word) == end() ? 0 : 1; }
  std::size_t size() const noexcept { return entries_.size(); }
  const_iterator begin() const noexcept { return entries_.data(); }
  const_iterator end() const noexcept { return entries_.data() + entries_.size(); }

 private:
  static std::size_t hash(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
  void insert(std::string_view word, V value) {
    entries_.emplace_back(word, std::move(value));
    if (entries_.size() * 2 > slots_.size()) {  // at most half full
      slots_.assign(slots_.empty() ? 64 : slots_.size() * 2, 0);
      for (std::size_t k = 0; k < entries_.size(); ++k) place(k);
    } else {
      place(entries_.size() - 1);
    }
  }
  void place(std::size_t k) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t p = hash(entries_[k].first) & mask;
    while (slots_[p] != 0) p = (p + 1) & mask;
    slots_[p] = static_cast<std::uint32_t>(k + 1);
  }
  std::vector<value_type> entries_;
  std::vector<std::uint32_t> slots_;  ///< entry index + 1; 0 = empty
};
}  // namespace internal::rules
}  // namespace byline
