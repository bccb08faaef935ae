// byline/analysis.h — article understanding: boilerplate regions, within-article entity
// linking (clusters with a canonical name), roles, and direct quotes with speakers.
//
//   auto ner = byline::EntityRecognizer::load("models/en_news/model.bin");
//   byline::Tokenizer tok;
//   byline::Doc doc = tok.tokenize(text);
//   ner->annotate(doc);                                // the Analyzer needs entities
//   const byline::Analyzer analyzer;                   // built-in alias table
//   byline::ArticleAnalysis a = analyzer.analyze(doc);
//   for (const auto& q : a.quotes)
//     std::cout << q.text << " -- "
//               << (q.speaker_cluster >= 0 ? a.clusters[q.speaker_cluster].canonical : "?") << "\n";
//   for (std::size_t e = 0; e < doc.num_entities(); ++e)   // per-entity columns
//     if (a.entity_cluster[e] >= 0) std::cout << a.clusters[a.entity_cluster[e]].canonical << "\n";
//
// Inputs: a tokenized Doc (sentences and paragraphs set) with entities from any source.
// Named entities (PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE;
// MISC from CoNLL-typed models) become *mentions*; other labels
// (DATE, MONEY, ...) are ignored. A mention normally is one entity; an entity that swallowed
// a role ("Sberbank CEO German Gref" tagged as one ORG) is split into an ORG and a PERSON
// mention, both pointing at the entity.
//
// Results (ArticleAnalysis) are separate from the Doc so the Doc schema stays unchanged:
//   * boilerplate: paragraph ranges that are not the article (share widgets, "Recent
//     Stories" reading lists, promotional paragraphs, "Source: <url>" lines, image credits);
//     nothing is deleted, offsets stay valid;
//   * mentions + clusters: mentions of one entity within the article share a cluster with a
//     canonical name (the longest proper full form, or the alias-table name: "US", "U.S."
//     and "the United States" -> "United States"; "Artificial Intelligence (AI)" makes
//     "AI" an alias of "Artificial Intelligence");
//   * entity_cluster / entity_canonical: one value per Doc entity (parallel to Doc's entity
//     columns; -1 / "" for entities that are not linked);
//   * roles: (person, role, organisation-or-place) from premodifiers ("Russian President
//     Vladimir Putin", "Sberbank CEO German Gref") and appositives ("Alexander Vedyakhin,
//     Sberbank’s first deputy CEO"; "Sberbank’s chief executive, German Gref");
//   * quotes: direct quotations in straight or curly double quotes, spanning sentences
//     and paragraphs (a paragraph that ends inside a quote continues when the next one
//     opens with a quote mark), with the speaker from the cue ("said", "told", "according
//     to", "he said" -> the last named person whose first name does not contradict the
//     pronoun) or -1 when unattributed.
// Offsets: token ranges are half-open Doc token indices; byte ranges index Doc::text();
// char ranges are code-point offsets (Python str indices).
//
// requires: doc entities have valid token ranges (Doc::add_entity guarantees it).
// ensures:  total on any Doc (empty, no entities, unbalanced quotes): never throws on
//           input-dependent conditions; every index in the result is valid for `doc`;
//           output is deterministic.
//
// THREAD SAFETY: an Analyzer is immutable after construction; analyze() is const and may
// be called from many threads at once (all scratch is per call); analyze_batch() runs them
// on a pool. The built-in AliasTable is shared and immutable. Corpus::add (corpus.h) needs
// exclusive access.
//
// Cost: linear in tokens plus mentions (lookups by range and hash), one allocation per Doc
// column of scratch; strings are allocated per mention, cluster, role and quote, not per token.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "byline/doc.h"

namespace byline {

/// A region of the text that is not article content.
struct BoilerplateRegion {
  std::uint32_t para_begin = 0, para_end = 0;  ///< Doc::paragraphs() indices, half-open
  std::uint32_t tok_begin = 0, tok_end = 0;
  std::uint32_t byte_begin = 0, byte_end = 0;
  std::uint32_t char_begin = 0, char_end = 0;
  /// "share", "reading_list", "promo", "source", "credit"
  std::string kind;
};

/// One mention of a named entity.
struct Mention {
  std::uint32_t tok_begin = 0, tok_end = 0;
  std::uint32_t char_begin = 0, char_end = 0;  ///< code-point offsets of the mention text
  std::int32_t entity = -1;                    ///< index into the Doc's entities
  std::string label;                           ///< label of the mention (may differ from the cluster's)
  std::string text;                            ///< surface text
  std::int32_t cluster = -1;                   ///< index into ArticleAnalysis::clusters; -1 in boilerplate
  bool in_boilerplate = false;
};

/// Mentions of one entity within an article.
struct EntityCluster {
  std::int32_t id = 0;                  ///< == index in ArticleAnalysis::clusters
  std::string label;                    ///< a name label (majority, PERSON wins full names)
  std::string canonical;                ///< longest proper full form or alias-table name
  std::vector<std::uint32_t> mentions;  ///< indices into ArticleAnalysis::mentions, in text order
  std::vector<std::string> aliases;     ///< distinct surface forms (first-seen order)
};

/// (person, role, organisation-or-place).
struct Role {
  std::int32_t person_mention = -1, person_cluster = -1;
  std::string role;                                 ///< as written, e.g. "first deputy CEO"
  std::int32_t org_mention = -1, org_cluster = -1;  ///< -1 when the role has no organisation
  std::string org;  ///< organisation/place name: cluster canonical, or the country of a demonym ("Russian" -> "Russia")
  std::uint32_t tok_begin = 0, tok_end = 0;    ///< the whole pattern
  std::uint32_t char_begin = 0, char_end = 0;  ///< code-point offsets of the whole pattern
  std::string pattern;                         ///< "premodifier" or "appositive"
  std::uint32_t count = 1;  ///< how often the article states this (person, role, org); listed once, at the first
};

/// A statement: a direct quotation (text between quote marks), or reported speech
/// (`direct` false: "Putin said Russia must lead", "according to X, …": the content clause).
/// Quoted words that are not speech (scare quotes, titles) have `kind` "scare" or "title"
/// and are listed only with AnalyzerOptions::speech_only false.
struct Quote {
  std::uint32_t tok_begin = 0, tok_end = 0;    ///< quoted tokens, marks excluded
  std::uint32_t byte_begin = 0, byte_end = 0;  ///< quoted text, marks excluded
  std::uint32_t char_begin = 0, char_end = 0;
  std::string text;                                  ///< Doc::text() between the outer marks
  std::int32_t speaker_mention = -1;                 ///< mention naming the speaker (the antecedent for "he said")
  std::int32_t speaker_cluster = -1;                 ///< -1: unattributed
  std::string cue;                                   ///< "said", "told", "according to", "he said", "continuation", ...
  std::uint32_t cue_tok_begin = 0, cue_tok_end = 0;  ///< cue tokens (empty range when none)
  std::uint32_t cue_char_begin = 0, cue_char_end = 0;  ///< code-point offsets of the cue (empty when none)
  std::uint32_t paragraphs = 1;                        ///< paragraphs the quote spans
  bool in_boilerplate = false;
  bool direct = true;           ///< false: reported speech (the content clause, no quote marks)
  std::string kind = "speech";  ///< "speech", "scare" (a quoted word or phrase), "title"
};

struct ArticleAnalysis {
  std::vector<BoilerplateRegion> boilerplate;
  std::vector<Mention> mentions;
  std::vector<EntityCluster> clusters;
  std::vector<Role> roles;
  std::vector<Quote> quotes;
  /// Parallel to the Doc's entity columns: cluster index (-1 = not linked) and canonical name.
  std::vector<std::int32_t> entity_cluster;
  std::vector<std::string> entity_canonical;
  /// True when token i lies in a boilerplate region (helper for callers; O(regions)).
  bool is_boilerplate_token(std::uint32_t i) const noexcept;
  /// One JSON object (schema "byline.analysis/1", documented in docs/analysis.md).
  std::string to_json() const;

  /// The lists of an analysis, for record_json().
  enum class List { boilerplate, mentions, clusters, roles, quotes };
  /// Element `i` of one list as the JSON object that to_json() writes for it (quotes carry
  /// "speaker" and roles "person", the canonical names). This is the one definition of each
  /// record's JSON form: to_json(), article_to_json() and the Python records' to_dict() use it.
  /// Throws std::out_of_range when `i` is not an index of that list.
  std::string record_json(List list, std::size_t i) const;
};

/// One JSON object for a processed article (schema "byline.article/1", docs/analysis.md):
/// the byline.doc/1 object of `doc` whose entities also carry "cluster" and "canonical",
/// plus the analysis ("boilerplate", "mentions", "clusters", "roles", "quotes"), with
/// "speaker" (quotes) and "person" (roles) canonical names filled in. One line per article
/// when indent < 0 (JSON Lines). requires: `analysis` was computed from `doc`.
std::string article_to_json(const Doc& doc, const ArticleAnalysis& analysis, int indent = -1);

/// The same text handed to `write` a piece at a time (pieces of about 1 MiB, each ending
/// on a code-point boundary; their concatenation is article_to_json()), so that the
/// memory it takes is a piece and one record, not the whole object (a JSON DOM of a long
/// article took about 200 times its text). The "text" member is one piece as long as the
/// escaped text (made from a copy of the text: three copies of it for a moment). Stops
/// with whatever `write` throws.
void write_article_json(const Doc& doc, const ArticleAnalysis& analysis, int indent,
                        const std::function<void(std::string_view)>& write);

struct AnalyzerOptions {
  /// Mentions and quotes inside boilerplate are not linked / not attributed.
  bool exclude_boilerplate = true;
  /// `quotes` lists speech only (direct and reported); false adds scare quotes and titles
  /// in quotation marks (Quote::kind "scare", "title").
  bool speech_only = true;
  /// Find reported speech ("X said (that) …", "according to X, …", "X told Reuters …").
  bool reported_speech = true;
  /// Extra alias lines ("ALIAS<TAB>alias<TAB>canonical", "DEMONYM<TAB>adj<TAB>country",
  /// "ROLE<TAB>title", "GENDER<TAB>first name<TAB>m|f"), added to the built-in table
  /// (data/aliases.tsv). Empty: none.
  std::string extra_aliases_path;
};

/// Alias, demonym, role and first-name tables (built-in: data/aliases.tsv, compiled in).
/// THREAD SAFETY: immutable; all methods may be called concurrently.
class AliasTable {
 public:
  /// The built-in table.
  static std::shared_ptr<const AliasTable> builtin();
  /// Built-in plus the lines of `path`; throws InputError if unreadable, FormatError on a bad line.
  static std::shared_ptr<const AliasTable> with_file(const std::string& path);
  /// Canonical name of an alias (case-sensitive, "’" folded to "'"), or "" when unknown.
  std::string_view canonical(std::string_view name) const;
  /// Country of a demonym ("Russian" -> "Russia"), or "".
  std::string_view demonym_country(std::string_view adjective) const;
  /// 'm' or 'f' for a first name listed with one gender only ("Angela" -> 'f'), else 0.
  char first_name_gender(std::string_view first_name) const;
  /// Longest role title starting at words[start] (case-insensitive), in words; 0 when none.
  std::size_t match_role(const std::vector<std::string_view>& words, std::size_t start) const;
  /// The same over the tokens of `doc` (read in place, no copy of the token texts).
  std::size_t match_role(const Doc& doc, std::size_t start) const;

  struct Impl;
  explicit AliasTable(std::unique_ptr<Impl> impl);
  ~AliasTable();
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

class Analyzer {
 public:
  /// Throws InputError/FormatError only when options.extra_aliases_path is bad.
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  const AnalyzerOptions& options() const noexcept { return options_; }
  const AliasTable& aliases() const noexcept { return *aliases_; }

  /// Analyses one article. Total; thread-safe. Reads the Doc's text, tokens, sentences and
  /// entities, never its meta: the bindings analyse Docs in place without the GIL while
  /// Python may call Doc.set_meta (analyze_batch below), so an analysis that needs the meta
  /// must take it as an argument.
  ArticleAnalysis analyze(const Doc& doc) const;

  /// analyze() for each Doc on `num_threads` threads (0 = all cores, or 1 when
  /// BYLINE_PARALLELISM is "0"/"false"; see resolve_num_threads in tokenizer.h). Results in
  /// input order, identical to calling analyze() on each. Throws std::invalid_argument for
  /// a negative thread count.
  std::vector<ArticleAnalysis> analyze_batch(const std::vector<Doc>& docs, int num_threads = 0) const;
  /// The same over `count` Docs owned elsewhere, `docs[0..count)` (no Doc is copied).
  /// Requires: no pointer is null, and no Doc changes or is destroyed until the call
  /// returns (Doc::set_meta alone may run meanwhile: the analysis reads no meta).
  std::vector<ArticleAnalysis> analyze_batch(const Doc* const* docs, std::size_t count, int num_threads) const;

  /// Boilerplate regions only (analyze() includes them).
  std::vector<BoilerplateRegion> find_boilerplate(const Doc& doc) const;

 private:
  AnalyzerOptions options_;
  std::shared_ptr<const AliasTable> aliases_;
};

}  // namespace byline
