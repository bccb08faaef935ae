// analysis/context.h — the per-article context shared by the analysis stages (mentions.cpp,
// clusters.cpp, roles.cpp, quotes.cpp; run in this order by Analyzer::analyze in
// analyzer.cpp) and the word tests they share. See byline/analysis.h and docs/analysis.md
// for what each stage finds.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/text.h"
#include "byline/analysis.h"
#include "byline/doc.h"

namespace byline::internal::analysis {

/// "No token" in token-index fields.
inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;

/// Sorts `v` as std::stable_sort(v.begin(), v.end(), less) does, through a list of
/// indices whose permutation is then applied in place (moves along its cycles): the extra
/// memory is two indices per element instead of stable_sort's buffer of up to the whole
/// list (a Mention is 96 bytes, a Quote more; a 100 MB text has millions). Nothing is
/// allocated when `v` is already sorted. Requires v.size() < 2^32.
template <class T, class Less>
void stable_sort_compact(std::vector<T>& v, Less less) {
  if (std::is_sorted(v.begin(), v.end(), less)) return;
  std::vector<std::uint32_t> order(v.size());  // order[j]: the element that goes to position j
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(),
                   [&v, &less](std::uint32_t a, std::uint32_t b) { return less(v[a], v[b]); });
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    if (order[i] == i) continue;  // in place, or on a cycle already moved
    T held = std::move(v[i]);
    std::uint32_t j = i;
    for (;;) {
      const std::uint32_t k = order[j];
      order[j] = j;
      if (k == i) {
        v[j] = std::move(held);
        break;
      }
      v[j] = std::move(v[k]);
      j = k;
    }
  }
}

/// Gives back the spare capacity of `v` when it is more than an eighth of its size
/// (shrink_to_fit copies the list, which is for a moment next to its copy).
template <class T>
void shrink_if_loose(std::vector<T>& v) {
  if (v.capacity() - v.size() > v.size() / 8) v.shrink_to_fit();
}

/// Labels that become mentions (the OntoNotes name types, and MISC of CoNLL-typed models).
bool is_linked_label(std::string_view label);
/// Case-insensitive membership in a word list.
bool one_of(std::string_view w, std::initializer_list<std::string_view> list);
/// "first", "deputy", "former", ... (words that may precede a title in a role).
bool is_modifier(std::string_view w);
/// "Mr", "Dr.", "Sir", ...
bool is_honorific(std::string_view w);
/// Speech verbs that attribute a quote ("said", "told", "acknowledged", ...).
bool is_cue_word(std::string_view w);
bool is_sentence_end(std::string_view w);

/// The token texts of a Doc by index, read from its offset columns when asked: a view,
/// not a copy per token (16 bytes a token, 330 MB for a 100 MB text).
class TokenWords {
 public:
  explicit TokenWords(const Doc& doc) : doc_(&doc) {}
  std::string_view operator[](std::size_t i) const { return doc_->token_text(i); }
  std::size_t size() const { return doc_->size(); }
  const Doc& doc() const { return *doc_; }

 private:
  const Doc* doc_;
};

/// Token -> index of the range (sentence, paragraph) holding it, 0 when none, found by
/// binary search in the Doc's sorted, disjoint ranges instead of a column per token.
class RangeIndex {
 public:
  RangeIndex(const std::vector<TokenRange>& ranges, std::size_t tokens) : ranges_(&ranges), tokens_(tokens) {}
  std::uint32_t operator[](std::uint32_t t) const;
  bool empty() const { return tokens_ == 0; }

 private:
  const std::vector<TokenRange>* ranges_;
  std::size_t tokens_;
};

/// Token -> index of the mention that starts (or ends, exclusive) there, or -1: a binary
/// search in ArticleAnalysis::mentions (sorted, disjoint once stage 1 made them).
class MentionIndex {
 public:
  explicit MentionIndex(bool by_end) : by_end_(by_end) {}
  void set(const std::vector<Mention>& mentions) { mentions_ = &mentions; }
  std::int32_t operator[](std::uint32_t t) const;

 private:
  const std::vector<Mention>* mentions_ = nullptr;
  bool by_end_;
};

/// What the stages know about one article: its Doc, the alias table, the token words and
/// per-token paragraph, sentence, boilerplate and quote flags, and the mention index by
/// token. Made once per analyze() call; the stages fill `mention_begin_at`/`end_at`
/// (mentions) and `in_quote` (quotes) as they go.
struct ArticleContext {
  const Doc& doc;
  const AliasTable& al;
  TokenWords words;
  std::vector<std::uint8_t> boiler;
  RangeIndex para_of, sent_of;
  MentionIndex mention_begin_at{false}, mention_end_at{true};  // token -> mention starting / ending (exclusive) there
  std::vector<std::uint8_t> in_quote;

  ArticleContext(const Doc& d, const AliasTable& a);
  std::uint32_t size() const { return static_cast<std::uint32_t>(words.size()); }

  /// End of the role phrase starting at s and ending at or before `limit` (s when none):
  /// modifiers and titles, ending with a title. `has_title` reports a non-honorific title.
  std::uint32_t parse_role(std::uint32_t s, std::uint32_t limit, bool* has_title) const;
};

/// Label of mention `mi`'s cluster (its own label when it has none).
const std::string& cluster_label(const ArticleAnalysis& a, std::int32_t mi);

/// The mentions that stages 4 and 5 (quotes, speech) may name as speakers: the mention
/// covering each token and the searches over them. Made once the mentions and clusters
/// exist; allowed() reads ArticleContext::in_quote at each call (stage 4 fills it).
class Speakers {
 public:
  /// `groups_speak`: NORP clusters may speak too ("Russians said …", reported speech).
  Speakers(const ArticleAnalysis& out, const ArticleContext& s, bool exclude_boilerplate, bool groups_speak);
  /// The mention covering token t, or -1 (a binary search: mentions are sorted and disjoint).
  std::int32_t cover(std::uint32_t t) const;
  /// Index of the first mention with tok_begin >= t (mentions are sorted and disjoint).
  std::uint32_t first_mention_from(std::uint32_t t) const;
  /// Mention `mi` may speak: outside boilerplate (when excluded) and outside quotes, its
  /// cluster PERSON, ORG or GPE (or NORP with `groups_speak`).
  bool allowed(std::int32_t mi) const;
  /// The last allowed PERSON mention ending at or before `pos` whose first name does not
  /// contradict the pronoun's gender ('m' he, 'f' she, 0 any): a pronoun's antecedent; -1.
  std::int32_t last_person_before(std::uint32_t pos, char gender) const;

 private:
  const ArticleAnalysis& out_;
  const ArticleContext& s_;
  bool exclude_boilerplate_, groups_speak_;
};

/// Stage 1: mentions from the Doc's name entities (splitting entities that swallowed a role).
void extract_mentions(ArticleAnalysis& out, ArticleContext& s);
/// Stage 2: within-article clusters with canonical names; fills entity_cluster/canonical.
void build_clusters(ArticleAnalysis& out, ArticleContext& s, bool exclude_boilerplate);
/// Stage 3: (person, role, organisation-or-place) from premodifiers and appositives.
void find_roles(ArticleAnalysis& out, const ArticleContext& s, bool exclude_boilerplate);
/// Stage 4: direct quotes with speaker and cue.
void find_quotes(ArticleAnalysis& out, ArticleContext& s, bool exclude_boilerplate);
/// Stage 5 (speech.cpp): the kind of each direct quote (speech, scare, title) and reported
/// speech with speaker, cue and content; then the quotes list in text order, without the
/// non-speech ones when `speech_only`.
void find_speech(ArticleAnalysis& out, ArticleContext& s, bool exclude_boilerplate, bool reported, bool speech_only);
/// Roles listed once per (person, role, organisation), with their count.
void merge_roles(ArticleAnalysis& out);

}  // namespace byline::internal::analysis
