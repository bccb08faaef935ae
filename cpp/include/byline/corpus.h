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
//   std::vector<byline::CorpusClaim> claims = corpus.claims();      // byline/claims.h per article
//   for (const auto& d : corpus.disagreements(claims))   // claims of articles that contradict
//     std::cout << d.group << " " << claims[d.claim].subject << " " << claims[d.claim].claim.text << "\n";
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
// Claims (byline/claims.h): add() keeps the claims of each article (article_claims); claims()
// lists them with the subject linked across articles; disagreements() groups the claims of two
// or more articles by (global subject, predicate, kind of value: "date" for DATE and TIME, else
// the label), groups ordered by (entity, predicate, kind), and keeps the groups in which some
// values conflict (conflicts()). Claims without a predicate or a linked subject are not compared.
//
// requires: `analysis` was computed from `doc` (Analyzer::analyze).
// ensures:  add() keeps only what linking, duplicate detection and claims need (no copy of the Doc);
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
#include "byline/claims.h"
#include "byline/doc.h"

namespace byline {

struct CorpusOptions {
  int num_hashes = 128;          ///< MinHash functions (multiple of lsh_rows; >= 1)
  int lsh_rows = 4;              ///< rows per LSH band
  int shingle_size = 5;          ///< words per shingle (>= 1)
  double fuzzy_threshold = 0.9;  ///< edit similarity for fuzzy entity matches (> 1 disables)
  bool exclude_boilerplate = true;
  std::uint64_t seed = 1;
  /// Keep each article's claims (claims(), disagreements()). false: add() skips them, for
  /// callers that only link entities or find duplicates (`byline analyze`): an article's
  /// claims copy their sentences and can take more memory than its analysis.
  bool claims = true;
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

/// A claim of one article, its subject linked across the corpus.
struct CorpusClaim {
  std::uint32_t article = 0;  ///< article index
  std::int32_t entity = -1;   ///< global entity of the subject (CorpusLinking::entities); -1 when not linked
  std::string subject;        ///< the global canonical name, or the subject mention's text when not linked
  Claim claim;                ///< as article_claims() gave it
};

/// One claim of a group of claims that contradict each other.
struct Disagreement {
  std::uint32_t group = 0;                  ///< the group (0, 1, ...): one subject, predicate and kind of value
  std::size_t claim = 0;                    ///< index into the claims given to Corpus::disagreements()
  std::vector<std::string> conflicts_with;  ///< ids of the articles whose values contradict it (sorted, distinct)
};

class Corpus {
 public:
  /// Throws ConfigError for num_hashes < 1, lsh_rows < 1, shingle_size < 1, or num_hashes not a multiple of lsh_rows.
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

  /// The claims of all articles, by article then in article_claims() order, subjects linked
  /// with `link` (which must be this corpus's link()).
  std::vector<CorpusClaim> claims(const CorpusLinking& link) const;
  std::vector<CorpusClaim> claims() const { return claims(link()); }
  /// The claims of groups that contradict each other (see above): one entry per claim of each
  /// such group, groups in order, claims within a group in the order of `claims` (the result
  /// of claims() on this corpus). O(claims + sum of squared group sizes).
  std::vector<Disagreement> disagreements(const std::vector<CorpusClaim>& claims) const;

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
    std::vector<Claim> claims;
  };
  template <class Visit>
  void lsh_candidates(Visit&& visit) const;

  CorpusOptions options_;
  std::vector<Article> articles_;
};

}  // namespace byline
