// The document date stated in the text (rules.h find_document_date).
#include <algorithm>
#include <iterator>
#include <string_view>

#include "byline/rules.h"
#include "rules/date_scanner.h"

namespace byline {
namespace internal::rules {
namespace {

constexpr std::uint32_t kHeadTokens = 300, kTailTokens = 100;

bool s_colon(const Doc& doc, std::uint32_t i) { return tok_text(doc, i) == ":"; }

/// Words that open a line giving the article's date ("Published: Jan. 2, 2025").
constexpr std::string_view kOne[] = {"published", "updated", "posted", "date", "dated", "modified", "created"};

/// Token b is a word a date line's cue starts with (cue_length is 0 for any other).
bool may_open_cue(const Doc& doc, std::uint32_t b) {
  if (lower_is(doc, b, "first") || lower_is(doc, b, "last")) return true;
  for (auto w : kOne)
    if (lower_is(doc, b, w)) return true;
  return false;
}

/// The tokens of the cue that opens the line [b, e) ("Published:", "Last updated"), or 0.
std::uint32_t cue_length(const Doc& doc, std::uint32_t b, std::uint32_t e) {
  std::uint32_t k = b;
  if (k < e && (lower_is(doc, k, "first") || lower_is(doc, k, "last"))) ++k;
  bool cue = false;
  for (auto w : kOne) cue = cue || (k < e && lower_is(doc, k, w));
  if (!cue) return 0;
  // "Date:", "Dated:", "Created:" need the colon ("Date of birth: …" is not the article's)
  const bool colon = k + 1 < e && s_colon(doc, k + 1);
  if (!colon && !(lower_is(doc, k, "published") || lower_is(doc, k, "updated") || lower_is(doc, k, "posted"))) return 0;
  return k + 1 - b + (colon ? 1 : 0);
}

/// A full date (day precision) found by the scanner in [b, e): its ISO day and token range.
struct Found {
  std::string day;
  std::uint32_t begin = 0, end = 0;
};

bool first_full_date(const Doc& doc, Scanner& sc, std::uint32_t b, std::uint32_t e, Found& out) {
  for (std::uint32_t i = b; i < e;) {
    Match m;
    if (!sc.may_start(i) || !sc.match(i, m) || m.end <= i) {
      ++i;
      continue;
    }
    const std::string& v = m.value;
    if (v.size() >= 10 && v[4] == '-' && v[7] == '-' && v.find('X') == std::string::npos &&
        v.find('/') == std::string::npos && !sc.used_anchor()) {
      const DateAnchor a = DateAnchor::parse(v.substr(0, 10));
      if (a.valid() && a.year >= 1900 && a.year <= 2100) {
        out = Found{v.substr(0, 10), i, m.end};
        return true;
      }
    }
    i = m.end;
  }
  (void)doc;
  return false;
}

constexpr std::string_view kComma[] = {","};
constexpr std::string_view kDatelineEnd[] = {"(", "-", "\xE2\x80\x93", "\xE2\x80\x94", "--"};

/// Token i is one of `words`.
template <std::size_t N>
bool token_is(const Doc& doc, std::uint32_t i, const std::string_view (&words)[N]) {
  return std::find(std::begin(words), std::end(words), tok_text(doc, i)) != std::end(words);
}

/// Some token in [b, e) is one of `words`.
template <std::size_t N>
bool has_token(const Doc& doc, std::uint32_t b, std::uint32_t e, const std::string_view (&words)[N]) {
  for (std::uint32_t i = b; i < e; ++i)
    if (token_is(doc, i, words)) return true;
  return false;
}

/// Some token in [b, e) may start a date (Scanner::may_start).
bool may_start_within(const Scanner& sc, std::uint32_t b, std::uint32_t e) {
  for (std::uint32_t i = b; i < e; ++i)
    if (sc.may_start(i)) return true;
  return false;
}

}  // namespace
}  // namespace internal::rules

DocumentDate find_document_date(const Doc& doc) {
  using namespace internal::rules;  // NOLINT(google-build-using-namespace): this file's own helpers
  DocumentDate out;
  const auto& paras = doc.paragraphs();
  if (paras.empty()) return out;
  const auto n = static_cast<std::uint32_t>(doc.size());
  Scanner sc(doc, DateAnchor{});  // no anchor: only dates the text states in full
  Found f;
  // 1. "Published …" lines, at the top or at the bottom
  const std::string& text = doc.text();
  const auto& tok_b = doc.token_begin();
  const auto& tok_e = doc.token_end();
  auto line_start = [&](std::uint32_t i) {
    if (i == 0) return true;
    // only the separator between the two tokens is searched (not the rest of the text); it
    // is mostly one space, so a loop rather than a memchr call
    for (auto k = tok_e[i - 1]; k < tok_b[i]; ++k)
      if (text[k] == '\n') return true;
    return false;
  };
  // A cue line starting at token i (a line start) with a full date.
  auto published_line = [&](std::uint32_t i) {
    // (the line's end is looked for only after a word that can open a cue)
    if (!may_open_cue(doc, i)) return false;
    std::uint32_t e = i + 1;
    while (e < n && e < i + 40 && !line_start(e)) ++e;
    const std::uint32_t cue = cue_length(doc, i, e);
    return cue > 0 && first_full_date(doc, sc, i + cue, e, f);
  };
  // The line starts among the first kHeadTokens and the last kTailTokens tokens, in order:
  // token 0 and each token with a newline in the separator before it, found from the
  // text's newlines rather than by testing every token.
  const auto tail = n > kHeadTokens + kTailTokens ? n - kTailTokens : kHeadTokens;
  if (published_line(0)) return {f.day, "published line"};
  std::uint32_t j = 0;  // the newlines come in order: so do the tokens after them
  for (std::size_t pos = 0;;) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    // the first token after the newline; a line start unless the newline is inside the token
    // before it
    while (j < n && tok_b[j] <= nl) ++j;
    if (j >= n) break;
    if (j == 0 || tok_e[j - 1] > nl) {
      pos = nl + 1;
      continue;
    }
    if (j >= kHeadTokens && j < tail) {  // on to the tail: the next newline before token `tail`
      pos = tok_e[tail - 1];
      j = tail - 1;
      continue;
    }
    if (published_line(j)) return {f.day, "published line"};
    pos = tok_b[j];
  }
  for (std::size_t p = 0; p < paras.size() && paras[p].begin < kHeadTokens; ++p) {
    const std::uint32_t b = paras[p].begin, e = std::min(paras[p].end, kHeadTokens);
    // 2. a dateline: "MOSCOW, Jan. 2, 2025 (Reuters) -" (a place, a comma, the date, then
    // an agency in brackets or a dash)
    const auto& sents = doc.sentences();  // sorted: the one starting at b, by binary search
    std::uint32_t s_end = e;
    const auto it = std::lower_bound(sents.begin(), sents.end(), b,
                                     [](const TokenRange& r, std::uint32_t x) { return r.begin < x; });
    if (it != sents.end() && it->begin == b) s_end = std::min(it->end, e);
    // (the date follows a comma and is followed by a bracket or a dash: without both tokens
    // in the paragraph's head there is nothing to scan for)
    if (has_token(doc, b, std::min(s_end, b + 11), kComma) && has_token(doc, b + 2, s_end, kDatelineEnd) &&
        first_full_date(doc, sc, b, std::min(s_end, b + 12), f) && f.begin > b && token_is(doc, f.begin - 1, kComma) &&
        f.end < s_end && token_is(doc, f.end, kDatelineEnd))
      return {f.day, "dateline"};
    // 3. a line that is a date ("January 2, 2025", "2 Jan 2025 10:30 GMT"), starting within
    // its first three tokens
    if (e - b <= 14 && may_start_within(sc, b, std::min(e, b + 3)) && first_full_date(doc, sc, b, e, f) &&
        f.begin <= b + 2 && 10 * (f.end - f.begin) >= 6 * (e - b))
      return {f.day, "date line"};
  }
  return out;
}

}  // namespace byline
