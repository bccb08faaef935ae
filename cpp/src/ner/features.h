// Private: feature extraction for the NER tagger (shared by trainer and model).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "byline/doc.h"

namespace byline::ner {

// ---- hashing (stable across platforms: part of the model format) ----
inline std::uint64_t mix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}
inline std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0xcbf29ce484222325ULL) {
  std::uint64_t h = seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return mix64(h ^ s.size());
}
inline std::uint64_t feat1(std::uint32_t tmpl, std::uint64_t a) {
  std::uint64_t h = mix64(a + 0x9E3779B97F4A7C15ULL * (tmpl + 1));
  return h ? h : 1;
}
inline std::uint64_t feat2(std::uint32_t tmpl, std::uint64_t a, std::uint64_t b) {
  return feat1(tmpl, mix64(a) ^ (b * 0xD6E8FEB86659FD93ULL));
}

/// Open-addressing map from non-zero 64-bit hashes to small values (read-mostly).
template <class V>
class FlatMap {
 public:
  void build(const std::vector<std::pair<std::uint64_t, V>>& items) {
    std::size_t cap = 16;
    while (cap < items.size() * 2) cap <<= 1;
    keys_.assign(cap, 0);
    vals_.assign(cap, V{});
    mask_ = cap - 1;
    size_ = 0;
    for (const auto& [k0, v] : items) {
      std::uint64_t k = k0 ? k0 : 1;
      std::uint64_t s = k & mask_;
      while (keys_[s] != 0 && keys_[s] != k) s = (s + 1) & mask_;
      size_ += keys_[s] == 0;
      keys_[s] = k;
      vals_[s] = v;
    }
  }
  const V* find(std::uint64_t k) const {
    if (keys_.empty()) return nullptr;
    if (k == 0) k = 1;
    std::uint64_t s = k & mask_;
    while (true) {
      if (keys_[s] == k) return &vals_[s];
      if (keys_[s] == 0) return nullptr;
      s = (s + 1) & mask_;
    }
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const std::vector<std::uint64_t>& raw_keys() const { return keys_; }
  const std::vector<V>& raw_values() const { return vals_; }
  /// Adopts arrays written from raw_keys()/raw_values(); false if they are inconsistent.
  bool adopt(std::vector<std::uint64_t> keys, std::vector<V> vals) {
    if (keys.size() != vals.size()) return false;
    if (keys.empty()) {
      clear();
      return true;
    }
    if ((keys.size() & (keys.size() - 1)) != 0) return false;
    std::size_t n = 0;
    for (auto k : keys) n += k != 0;
    if (n == keys.size()) return false;  // lookups need an empty slot
    keys_ = std::move(keys);
    vals_ = std::move(vals);
    mask_ = keys_.size() - 1;
    size_ = n;
    return true;
  }
  void clear() {
    keys_.clear();
    vals_.clear();
    size_ = 0;
  }

 private:
  std::vector<std::uint64_t> keys_;
  std::vector<V> vals_;
  std::uint64_t mask_ = 0;
  std::size_t size_ = 0;
};

/// Feature groups that can be switched off (bit flags stored in the model).
enum FeatureGroup : std::uint32_t {
  kGroupClusters = 1u << 0,
  kGroupGazetteer = 1u << 1,
  kGroupDoc = 1u << 2,
  kGroupContext2 = 1u << 3,
  kGroupAffixes = 1u << 4,
  kGroupBigrams = 1u << 5,
  kGroupMemory = 1u << 6,
  kGroupRuns = 1u << 7,         // position in a run of capitalised tokens
  kGroupCaseVariant = 1u << 8,  // word features of the mid-sentence spelling for caps/initial tokens
  kGroupMemoryVotes = 1u << 9,  // majority type of earlier mentions
  kGroupVectors = 1u << 10,     // the word's row in the word-vector table
};
std::uint32_t group_from_name(const std::string& name);  // 0 if unknown
std::vector<std::string> group_names(std::uint32_t mask);

/// Word clusters (several clusterings) and a typed phrase gazetteer.
struct Resources {
  int num_clusterings = 0;
  /// word -> cluster ids (num_clusterings of them, -1 when absent), exact case.
  std::unordered_map<std::string, std::vector<std::int32_t>> clusters;
  std::vector<std::string> gaz_types;                        // index = bit
  std::unordered_map<std::string, std::uint32_t> gazetteer;  // lower-cased phrase -> type bits
  int gaz_max_len = 0;
  /// Types whose entries make a LOC span a GPE (e.g. "country", "city", "region").
  std::uint32_t gpe_mask = 0;
  /// How fill_tokens() reads a non-ASCII character (model config "unicode_shapes"; models
  /// trained before it read every one as an unknown letter, 'u'): false keeps that; true
  /// reads it by its Unicode category (upper/title-case letter 'X', lower-case letter 'x',
  /// other letter 'u', combining mark skipped, anything else a punctuation mark 'p'), so
  /// "Åsa" is capitalised and "—" is punctuation.
  bool unicode_shapes = false;

  // Hash-keyed indexes built from the maps above (build_index()), used at run time.
  FlatMap<std::array<std::int16_t, 4>> cluster_index;  // ids < 32768 (-1: none)
  FlatMap<std::uint32_t> gaz_index;                    // phrase hash -> type bits | kGazPrefix
  static constexpr std::uint32_t kGazPrefix = 1u << 31;

  // The word's row in a word-vector table (the "vectors" group): the table maps many
  // spellings to one row (rare words share the row of a near frequent word), so the row
  // is a fine word class that carries what the vectors know about rare and new names.
  FlatMap<std::uint16_t> vec_index;  // hash_bytes(exact spelling) -> row
  std::uint32_t vec_rows = 0;        // rows are < vec_rows
  static constexpr std::uint32_t kMaxVecRows = 65535;
  /// Reads "word<TAB>row" lines (tools/ner/vector_clusters.py --rows-out).
  void load_vectors(const std::string& path);
  /// Whether assign_clusters() has anything to look up for a model with `disabled` groups.
  bool has_word_classes(std::uint32_t disabled) const {
    return (!(disabled & kGroupClusters) && !cluster_index.empty()) ||
           (!(disabled & kGroupVectors) && !vec_index.empty());
  }

  void build_index();
  void load_clusters(const std::string& path);
  void load_gazetteer(const std::string& path);
  /// Type bits of a phrase (tokens separated by single spaces; any case).
  std::uint32_t gaz_lookup(std::string_view phrase) const;
};

std::string ascii_lower(std::string_view s);
/// Hash of a lower-cased token with digits mapped to '0' (TokenInfo::h_lower).
std::uint64_t token_key(std::string_view lower);
inline std::uint64_t phrase_step(std::uint64_t prev, std::uint64_t tok) {
  return mix64(prev * 0x9E3779B97F4A7C15ULL + tok + 0x51);
}

/// Per-token precomputed values.
struct TokenInfo {
  std::string_view word;
  std::string lower;
  std::uint64_t h_word = 0, h_lower = 0, h_shape = 0, h_short = 0;
  std::uint64_t h_exact = 0;  // hash of the exact spelling (word-feature cache key)
  std::uint32_t flags = 0;    // kF* below
  std::int32_t cl[4] = {-1, -1, -1, -1};
  std::uint32_t gaz_b = 0, gaz_i = 0, gaz_u = 0, gaz_l = 0;  // type bits by position in match
  std::uint32_t doc_info = 0;                                // kD* below
  std::uint32_t run = 0;        // 0: none, else (min(len,4) << 2 | pos) with pos 0=B 1=I 2=L 3=U
  std::uint64_t h_variant = 0;  // h_word of the document's mid-sentence spelling (0: none)
  std::int32_t vrow = -1;       // row in the word-vector table (-1: none)
};
enum TokenFlags : std::uint32_t {
  kFInitCap = 1,
  kFAllCap = 2,
  kFHasDigit = 4,
  kFAllDigit = 8,
  kFHasAlpha = 16,
  kFHasLower = 32,
  kFHyphen = 64,
  kFDot = 128,
  kFSentStart = 256,
  kFHeadline = 512,
  kFPunct = 1024,
};
enum DocInfo : std::uint32_t { kDCapMid = 1, kDLower = 2, kDAllCapsElse = 4, kDFirstMention = 8 };

/// Document-level statistics of each lower-cased word (the "doc" feature group):
/// spelling bits (kD*), the first mid-sentence spelling, mentions so far.
struct DocStats {
  std::unordered_map<std::uint64_t, std::uint32_t> info;
  std::unordered_map<std::uint64_t, std::uint64_t> spelling;
  std::unordered_map<std::uint64_t, std::uint32_t> seen;
  bool variants = false;  // spelling collected (the casevariant group is on)
  void clear() {
    info.clear();
    spelling.clear();
    seen.clear();
    variants = false;
  }
};

/// Everything extracted from one document (or one run of its decode pieces) before decoding.
struct DocFeatures {
  std::vector<TokenInfo> toks;
  std::vector<TokenRange> sentences;  ///< decode pieces, relative to toks
  DocStats stats;                     ///< reused by prepare_doc
};

/// The decode pieces of a document of `n` tokens: its sentences clamped to the tokens
/// (none: one), those over 1,000 tokens cut into 1,000-token pieces. Viterbi runs on
/// each piece on its own, so no entity crosses a piece boundary.
std::vector<TokenRange> decode_pieces(const std::vector<TokenRange>& sentences, std::size_t n);

/// prepare_doc in steps, for a document processed a run of pieces at a time with the
/// same result (EntityRecognizer::annotate of long documents):
/// fill_tokens sets everything but the document statistics for `words`, the tokens of
/// the consecutive `pieces` (absolute token offsets; `offset` = the first piece's begin);
/// collect_doc_stats adds a filled run to `stats` (call it on every run, in order, first);
/// apply_doc_stats sets the statistics of a filled run (every run again, in order).
void fill_tokens(const std::vector<std::string_view>& words, const std::vector<TokenRange>& pieces,
                 std::uint32_t offset, const Resources& res, std::uint32_t disabled, DocFeatures& out, bool clusters);
void collect_doc_stats(const DocFeatures& df, std::uint32_t disabled, DocStats& stats);
void apply_doc_stats(DocFeatures& df, DocStats& stats);

/// Fills `out` from the words of a document and its sentence ranges. With `clusters`
/// false the cluster ids (TokenInfo::cl) are left at -1 for the caller to assign with
/// assign_clusters() where it needs them (the decoder: on a word-cache miss only).
void prepare_doc(const std::vector<std::string_view>& words, const std::vector<TokenRange>& sentences,
                 const Resources& res, std::uint32_t disabled, DocFeatures& out, bool clusters = true);
/// Sets t.cl from the cluster index (exact spelling, else Title case for an all-caps word,
/// else lower case) and t.vrow from the vector index (exact spelling, else lower case);
/// t's word, flags and hashes must be set.
void assign_clusters(TokenInfo& t, const Resources& res);

/// Features of token i that depend on its spelling only (cacheable per word).
void word_features(const TokenInfo& t, std::uint32_t disabled, int num_clusterings, std::vector<std::uint64_t>& out);
/// The features of word_features() that name the spelling itself (word, lower case, word
/// classes, vector row), which training with word dropout leaves out at times.
void spelling_features(const TokenInfo& t, std::uint32_t disabled, int num_clusterings,
                       std::vector<std::uint64_t>& out);
/// Features of token i that depend on its context (sentence, neighbours, gazetteer, document).
/// With `neighbours` false, the features that neighbour_features() gives are left out.
void context_features(const DocFeatures& df, std::uint32_t i, std::uint32_t sb, std::uint32_t se,
                      std::uint32_t disabled, int num_clusterings, std::vector<std::uint64_t>& out,
                      bool neighbours = true);
/// Where a token stands relative to the token whose features are extracted.
enum NeighbourRole : std::uint32_t { kPrev1 = 0, kNext1 = 1, kPrev2 = 2, kNext2 = 3 };
constexpr std::uint32_t kNeighbourRoles = 4;
/// The part of context_features() that depends on one neighbour's spelling alone (its
/// words, shapes and clusters), so a decoder can cache its scores per word and role.
/// `x` == nullptr: the neighbour lies beyond the sentence.
void neighbour_features(const TokenInfo* x, NeighbourRole role, std::uint32_t disabled, int num_clusterings,
                        std::vector<std::uint64_t>& out);
/// word_features + context_features: all static features of token i of sentence [sb, se).
void static_features(const DocFeatures& df, std::uint32_t i, std::uint32_t sb, std::uint32_t se, std::uint32_t disabled,
                     int num_clusterings, std::vector<std::uint64_t>& out);

/// Document memory: the label last predicted for each lower-cased word of the article.
struct DocMemory {
  std::unordered_map<std::uint64_t, std::uint16_t> last;                   // h_lower -> label + 1
  std::unordered_map<std::uint64_t, std::array<std::uint16_t, 16>> votes;  // h_lower -> count per type (0 = O)
  void clear() {
    last.clear();
    votes.clear();
  }
};
/// Dynamic (memory) features of a token, appended as hashes.
void memory_features(const TokenInfo& t, const DocMemory& mem, const std::vector<std::string>& labels,
                     std::uint32_t disabled, std::vector<std::uint64_t>& out);
void memory_update(const DocFeatures& df, std::uint32_t sb, std::uint32_t se, const std::vector<int>& labels_out,
                   const std::vector<std::string>& labels, DocMemory& mem);

/// Template id of the per-previous-label transition pseudo-features.
inline std::uint64_t transition_feature(int prev_label) {
  return feat1(999, static_cast<std::uint64_t>(prev_label + 7));
}

// ---- BILOU label set ----
/// "O", then for each type B-, I-, L-, U-.
std::vector<std::string> bilou_labels(const std::vector<std::string>& types);
/// Allowed[prev][cur]; prev == L (= labels.size()) is the start state.
std::vector<std::uint8_t> allowed_transitions(const std::vector<std::string>& labels);
bool allowed_end(const std::string& label);
/// Gold tags (IOB1/IOB2/BILOU) -> label ids of `labels` (types not in the set become O).
std::vector<int> to_bilou_ids(const std::vector<std::string>& tags, const std::vector<std::string>& labels);
/// Label ids -> IOB2 tags.
std::vector<std::string> to_iob2(const std::vector<int>& ids, const std::vector<std::string>& labels);

/// Transition scores prepared for decoding: -inf where the BILOU constraints forbid a
/// pair, so the decoder needs no branches and its inner loops run over contiguous labels.
struct Transitions {
  static constexpr std::size_t kBlock = 16;  // labels per register block of the decoder
  int L = 0;
  std::size_t stride = 0;            // L rounded up to kBlock; padding columns are -inf
  std::vector<float> fwd;            // (L+1) rows of `stride`: fwd[p*stride + c] (row L = start)
  std::vector<float> bwd;            // L rows of `stride`, transposed: bwd[d*stride + c] = fwd[c*stride + d]
  std::vector<std::uint8_t> end_ok;  // labels a sentence may end with
  // Per block of kBlock labels, the rows of fwd (first L) / bwd with a finite entry in the
  // block: BILOU leaves most blocks of the I-/L- rows empty.
  std::vector<std::vector<std::uint16_t>> fwd_live, bwd_live;
  /// `trans` is (L+1) x L for L = `labels`, `allowed` as allowed_transitions(), `ends`
  /// one flag per label (allowed_end()).
  void set(const float* trans, const std::vector<std::uint8_t>& allowed, const std::vector<std::uint8_t>& ends,
           int labels);
};

/// The longest piece of a sentence decoded at once: longer sentences are decoded in pieces
/// of this many tokens (decode_pieces(); bounds the decoder's memory, and the word-cache
/// blocks a piece holds at once, see WordCache::kMaxRun).
constexpr std::uint32_t kMaxSentence = 1000;

/// The register width of the decoder's max-plus step (viterbi(), token_margins()): 8 lanes
/// (AVX2) where the CPU has them, else 4; both give the same results. Sets `lanes` (4, or 8
/// where supported) and returns the width before, or -1 (nothing changed) for a width this
/// CPU cannot use. For tests; not to be called while another thread decodes.
int set_decoder_lanes(int lanes);

/// Viterbi over emission scores [n x L]: the best label path that respects the transition
/// and end constraints (ties go to the lower label id). `delta` receives the forward table
/// [n x L] (best score of a path ending in each label).
void viterbi(const float* emis, std::size_t n, const Transitions& t, std::vector<float>& delta, std::vector<int>& out);

/// Partial-annotation type alternatives: "GPE|LOC|FAC" -> {"GPE", "LOC", "FAC"} (conll.cpp).
std::vector<std::string> split_alternatives(const std::string& type);

/// Max-marginal margins after viterbi(): for each token i inside an entity (`path[i]` is
/// not label 0, "O"), the score of the best path minus the score of the best path that
/// gives token i another label than `path[i]` (>= 0; large = the decision at i is clear);
/// 0 for the tokens labelled O, whose margins no span needs. `delta` is viterbi()'s forward table;
/// `beta` is scratch. A span's labels are all kept by the best path that changes none of
/// its tokens, so the smallest margin over a span is the score the span wins by.
void token_margins(const float* emis, std::size_t n, const Transitions& t, const std::vector<float>& delta,
                   const std::vector<int>& path, std::vector<float>& beta, float* out);

}  // namespace byline::ner
