// byline/corpus.h — many analysed articles: global entities and near-duplicate detection.
//
//   const byline::Analyzer analyzer;
//   byline::Corpus corpus;
//   for (auto& [id, doc] : articles)                     // docs tokenized and NER-annotated
//     corpus.add(id, doc, analyzer.analyze(doc));
//   byline::CorpusLinking link = corpus.link();
//   for (const auto& g : link.entities)                  // "Vladimir Putin" in 5 articles, 24 mentions
//     std::cout << g.canonical << " " << g.articles.size() << " " << g.mentions << "\n";
//   int gid = link.cluster_entity[article][cluster];     // global id of a within-article cluster
//   for (const auto& group : corpus.duplicate_clusters(0.5))   // rewrites of one story
//     ...;
//   double s = corpus.similarity(0, 1);                  // estimated Jaccard of word 5-shingles
//
// Linking merges the within-article clusters of all articles (ArticleAnalysis::clusters)
// into global entities, person and non-person clusters separately:
//   1. equal canonical names (case-insensitive; "’" = "'");
//   2. a shared alias (surface form): "AI" in one article, "Artificial Intelligence (AI)" in
//      another; for people only multi-word aliases count;
//   3. a surname-only person ("Gref") joins the one full name ending with it, if unique;
//   4. fuzzy: canonical names with the same label and normalised edit similarity >=
//      CorpusOptions::fuzzy_threshold (names of >= 5 bytes sharing their first 3 letters).
// The global canonical is the longest proper full form (capitalised, most words, then most
// mentions). Near-duplicates: MinHash (CorpusOptions::num_hashes functions) over word
// shingles of the non-boilerplate tokens, LSH banding for candidate pairs, each verified
// against the full signature.
//
// requires: `analysis` was computed from `doc` (Analyzer::analyze).
// ensures:  add() keeps only what linking and duplicate detection need (no copy of the Doc);
//           link() and the similarity functions are deterministic and total.
//
// THREAD SAFETY: add() mutates and needs exclusive access. The const methods may run
// concurrently with each other (not with add()). Analyse articles in parallel, then add them
// from one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "byline/analysis.h"
#include "byline/doc.h"

namespace byline {

struct CorpusOptions {
  int num_hashes = 128;          ///< MinHash functions (multiple of lsh_rows; >= 1)
  int lsh_rows = 4;              ///< rows per LSH band
  int shingle_size = 5;          ///< words per shingle (>= 1)
  double fuzzy_threshold = 0.9;  ///< edit similarity for fuzzy entity matches (> 1 disables)
  bool exclude_boilerplate = true;
  std::uint64_t seed = 1;
};

/// One entity across the corpus.
struct GlobalEntity {
  std::int32_t id = 0;  ///< == index in CorpusLinking::entities
  std::string label;    ///< label with the most mentions
  std::string canonical;
  std::vector<std::string> aliases;     ///< canonical names and surface forms seen, first-seen order
  std::vector<std::uint32_t> articles;  ///< article indices, ascending
  std::vector<std::uint32_t> counts;    ///< mentions per article (parallel to `articles`)
  std::uint32_t mentions = 0;           ///< total mentions
};

struct CorpusLinking {
  std::vector<GlobalEntity> entities;  ///< ordered by first appearance
  /// cluster_entity[article][cluster] = global entity id.
  std::vector<std::vector<std::int32_t>> cluster_entity;
};

struct DuplicatePair {
  std::uint32_t a = 0, b = 0;  ///< article indices, a < b
  double similarity = 0;       ///< estimated Jaccard similarity
};

/// MinHash signature of the word shingles of `doc` (boilerplate skipped when `analysis` is
/// given and options.exclude_boilerplate). A text without words gets an empty signature.
std::vector<std::uint64_t> minhash_signature(const Doc& doc, const ArticleAnalysis* analysis,
                                             const CorpusOptions& options = {});
/// Fraction of equal positions (0 when either is empty or the sizes differ).
double signature_similarity(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) noexcept;

class Corpus {
 public:
  /// Throws std::invalid_argument for num_hashes < 1, lsh_rows < 1, shingle_size < 1.
  explicit Corpus(CorpusOptions options = {});

  /// Adds one article; returns its index (0, 1, ...). Ids need not be unique.
  std::uint32_t add(std::string id, const Doc& doc, const ArticleAnalysis& analysis);

  std::size_t size() const noexcept { return articles_.size(); }
  /// Throws std::out_of_range.
  const std::string& article_id(std::size_t i) const { return articles_.at(i).id; }
  const std::vector<std::uint64_t>& signature(std::size_t i) const { return articles_.at(i).signature; }

  /// Global entities (recomputed on each call: O(clusters) plus the fuzzy pass).
  CorpusLinking link() const;

  /// Estimated Jaccard similarity of articles i and j; throws std::out_of_range.
  double similarity(std::size_t i, std::size_t j) const;
  /// size() x size() similarities (diagonal 1 for non-empty articles). O(n^2): small corpora.
  std::vector<std::vector<double>> similarity_matrix() const;
  /// Pairs with similarity >= threshold, sorted by (a, b). LSH candidates: pairs far below
  /// the band threshold ((1/bands)^(1/rows), 0.42 by default) can be missed.
  std::vector<DuplicatePair> near_duplicates(double threshold = 0.5) const;
  /// Groups of >= 2 articles connected by near-duplicate pairs (single linkage), each sorted,
  /// ordered by first member. Skips verifying pairs already grouped, so it scales to large
  /// groups of rewrites.
  std::vector<std::vector<std::uint32_t>> duplicate_clusters(double threshold = 0.5) const;

 private:
  struct ClusterInfo {
    std::string label, canonical;
    std::vector<std::string> aliases;
    std::uint32_t mentions = 0;
  };
  struct Article {
    std::string id;
    std::vector<ClusterInfo> clusters;
    std::vector<std::uint64_t> signature;
  };
  template <class Visit>
  void lsh_candidates(Visit&& visit) const;

  CorpusOptions options_;
  std::vector<Article> articles_;
};

}  // namespace byline
