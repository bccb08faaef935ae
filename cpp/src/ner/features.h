// Private: feature extraction for the NER tagger (shared by trainer and model).
#pragma once

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

/// Feature groups that can be switched off (bit flags stored in the model).
enum FeatureGroup : std::uint32_t {
  kGroupClusters = 1u << 0,
  kGroupGazetteer = 1u << 1,
  kGroupDoc = 1u << 2,
  kGroupContext2 = 1u << 3,
  kGroupAffixes = 1u << 4,
  kGroupBigrams = 1u << 5,
  kGroupMemory = 1u << 6,
};
std::uint32_t group_from_name(const std::string& name);  // 0 if unknown
std::vector<std::string> group_names(std::uint32_t mask);

/// Word clusters (several clusterings) and a typed phrase gazetteer.
struct Resources {
  int num_clusterings = 0;
  /// word -> cluster ids (num_clusterings of them, -1 when absent), exact case.
  std::unordered_map<std::string, std::vector<std::int32_t>> clusters;
  std::vector<std::string> gaz_types;                      // index = bit
  std::unordered_map<std::string, std::uint32_t> gazetteer;  // lower-cased phrase -> type bits
  int gaz_max_len = 0;
  /// Types whose entries make a LOC span a GPE (e.g. "country", "city", "region").
  std::uint32_t gpe_mask = 0;

  void load_clusters(const std::string& path);
  void load_gazetteer(const std::string& path);
  const std::vector<std::int32_t>* cluster_of(std::string_view word) const;
  std::uint32_t gaz_lookup(std::string_view lower_phrase) const;
};

std::string ascii_lower(std::string_view s);

/// Per-token precomputed values.
struct TokenInfo {
  std::string_view word;
  std::string lower;
  std::uint64_t h_word = 0, h_lower = 0, h_shape = 0, h_short = 0;
  std::uint32_t flags = 0;  // kF* below
  std::int32_t cl[4] = {-1, -1, -1, -1};
  std::uint32_t gaz_b = 0, gaz_i = 0, gaz_u = 0, gaz_l = 0;  // type bits by position in match
  std::uint32_t doc_info = 0;                                 // kD* below
};
enum TokenFlags : std::uint32_t {
  kFInitCap = 1, kFAllCap = 2, kFHasDigit = 4, kFAllDigit = 8, kFHasAlpha = 16, kFHasLower = 32,
  kFHyphen = 64, kFDot = 128, kFSentStart = 256, kFHeadline = 512, kFPunct = 1024,
};
enum DocInfo : std::uint32_t { kDCapMid = 1, kDLower = 2, kDAllCapsElse = 4, kDFirstMention = 8 };

/// Everything extracted from one document before decoding.
struct DocFeatures {
  std::vector<TokenInfo> toks;
  std::vector<TokenRange> sentences;
};

/// Fills `out` from the words of a document and its sentence ranges.
void prepare_doc(const std::vector<std::string_view>& words, const std::vector<TokenRange>& sentences,
                 const Resources& res, std::uint32_t disabled, DocFeatures& out);

/// Static features of token i of sentence [sb, se): appended to `out` as hashes.
void static_features(const DocFeatures& df, std::uint32_t i, std::uint32_t sb, std::uint32_t se,
                     std::uint32_t disabled, int num_clusterings, std::vector<std::uint64_t>& out);

/// Document memory: the label last predicted for each lower-cased word of the article.
struct DocMemory {
  std::unordered_map<std::uint64_t, std::uint16_t> last;  // h_lower -> label + 1
  void clear() { last.clear(); }
};
/// Dynamic (memory) features of a token, appended as hashes.
void memory_features(const TokenInfo& t, const DocMemory& mem, const std::vector<std::string>& labels,
                     std::uint32_t disabled, std::vector<std::uint64_t>& out);
void memory_update(const DocFeatures& df, std::uint32_t sb, std::uint32_t se, const std::vector<int>& labels_out,
                   const std::vector<std::string>& labels, DocMemory& mem);

/// Template id of the per-previous-label transition pseudo-features.
inline std::uint64_t transition_feature(int prev_label) { return feat1(999, static_cast<std::uint64_t>(prev_label + 7)); }

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

/// Viterbi over emission scores [n x L] and transitions [(L+1) x L] (row L = start).
void viterbi(const float* emis, std::size_t n, const float* trans, const std::vector<std::uint8_t>& allowed,
             const std::vector<std::uint8_t>& end_ok, int L, std::vector<float>& scratch,
             std::vector<int>& scratch_bp, std::vector<int>& out);

}  // namespace byline::ner
