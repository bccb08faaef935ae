// Private: the loaded NER model (EntityRecognizer::Impl) and the decoding loop
// shared by inference and training.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/ner.h"
#include "ner/features.h"

namespace byline {

namespace ner {
constexpr char kMagic[4] = {'B', 'L', 'N', 'R'};
constexpr std::uint32_t kFormatVersion = 3;        // container layout (reader code); 2: int16 cluster ids; 3: vectors
constexpr std::uint32_t kOldestFormatVersion = 1;  // 1: int32 cluster ids (read through a shim)
constexpr std::uint32_t kSpecRevision = 1;         // feature templates / hashing revision

/// 64-bit checksum of a byte range (8 bytes per step, then a tail).
std::uint64_t checksum64(const char* data, std::size_t n);

/// Cache of per-word partial emission scores (the spelling-only features: see
/// decode_doc()'s word_blocks), keyed by the exact spelling. One per Workspace, tied to
/// one model (and to its weights: a Workspace must not outlive a change of them);
/// emptied when half full.
class WordCache {
 public:
  static constexpr std::size_t kCap = 1 << 15;  // slots; emptied when half full
  void reset(std::uint64_t owner, std::size_t L) {
    // Owned by no model until both tables have their size: an allocation that throws
    // leaves a cache that the next call resets again, never one that is too small.
    owner_ = 0;
    L_ = 0;
    keys_.assign(kCap, 0);
    if (vals_.size() != kCap * L) vals_.assign(kCap * L, 0.0f);  // insert() fills a slot's values
    count_ = 0;
    owner_ = owner;
    L_ = L;
  }
  bool owned_by(std::uint64_t owner, std::size_t L) const { return owner_ == owner && L_ == L && !keys_.empty(); }
  const float* find(std::uint64_t key) const {
    std::size_t s = key & (kCap - 1);
    while (true) {
      if (keys_[s] == key) return &vals_[s * L_];
      if (keys_[s] == 0) return nullptr;
      s = (s + 1) & (kCap - 1);
    }
  }
  /// Starts loading the slot where find(key) begins (a hint; no effect on results).
  void prefetch(std::uint64_t key) const {
    if (!keys_.empty()) __builtin_prefetch(&keys_[key & (kCap - 1)]);
  }
  /// The most entries make_room() can promise: pointers stay valid over this many inserts.
  static constexpr std::size_t kMaxRun = kCap / 2;
  /// Empties the cache unless `n` (<= kMaxRun) more entries fit, so that the next `n`
  /// inserts keep every value pointer found or inserted after this call valid.
  void make_room(std::size_t n) {
    if (count_ + n > kCap / 2) reset(owner_, L_);
  }
  /// Slot for a key known to be absent (L zeroed floats to fill). Empties the cache
  /// first when it is half full (see make_room()).
  float* insert(std::uint64_t key) {
    if (count_ >= kCap / 2) reset(owner_, L_);
    std::size_t s = key & (kCap - 1);
    while (keys_[s] != 0) s = (s + 1) & (kCap - 1);
    keys_[s] = key;
    ++count_;
    float* v = &vals_[s * L_];
    std::fill(v, v + L_, 0.0f);
    return v;
  }

 private:
  std::uint64_t owner_ = 0;
  std::size_t L_ = 0;
  std::vector<std::uint64_t> keys_;
  std::vector<float> vals_;
  std::size_t count_ = 0;
};

static_assert(kMaxSentence <= WordCache::kMaxRun, "a decoded piece's word-cache blocks must stay valid together");

std::uint64_t next_model_uid();

/// Scratch memory of one tagging call, reused by the next call that takes it.
struct Workspace {
  DocFeatures df;
  DocMemory mem;
  std::vector<std::uint64_t> feats, wfeats;
  std::vector<std::uint32_t> feat_off;
  std::vector<std::uint32_t> ranges;  // add_sentence_scores(): the entry range of each feature
  std::vector<const float*> blocks;   // decode_doc(): the word-cache block of each token of a sentence
  std::vector<float> emis, delta, beta, edge;
  std::vector<int> sent_out;
  std::vector<std::string_view> words;
  WordCache cache;
};

/// The workspaces of one loaded model. A call takes one for its duration (a free one, or
/// a new one) and gives it back, so that concurrent calls never share scratch and
/// consecutive calls on any thread reuse the memory and the word cache; the memory goes
/// with the model. At most kKeep workspaces are kept.
///
/// THREAD SAFETY: take() and the Lease's return may run on any thread (a mutex guards
/// the free list; held for a pointer move only).
class WorkspacePool {
 public:
  static constexpr std::size_t kKeep = 64;

  class Lease {
   public:
    Lease(const WorkspacePool& pool, std::unique_ptr<Workspace> ws) : pool_(pool), ws_(std::move(ws)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(ws_)); }
    Workspace& operator*() const { return *ws_; }
    Workspace* operator->() const { return ws_.get(); }

   private:
    const WorkspacePool& pool_;
    std::unique_ptr<Workspace> ws_;
  };

  WorkspacePool() = default;
  WorkspacePool(const WorkspacePool&) = delete;
  WorkspacePool& operator=(const WorkspacePool&) = delete;

  Lease take() const {
    std::unique_ptr<Workspace> ws;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        ws = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!ws) ws = std::make_unique<Workspace>();
    return Lease(*this, std::move(ws));
  }

 private:
  void give_back(std::unique_ptr<Workspace> ws) const noexcept {
    if (!ws) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.size() < kKeep) {
      try {
        free_.push_back(std::move(ws));
      } catch (...) {  // no memory for the slot: the workspace is freed instead
      }
    }
  }

  mutable std::mutex mutex_;
  mutable std::vector<std::unique_ptr<Workspace>> free_;
};
}  // namespace ner

struct EntityRecognizer::Impl {
  std::uint64_t uid = ner::next_model_uid();  // identifies the model to word caches
  ner::WorkspacePool workspaces;              // scratch of the tagging calls (annotate, predict_tags)
  std::vector<std::string> types;             // sorted raw types
  std::vector<std::string> labels;            // BILOU labels
  std::uint32_t disabled = 0;                 // FeatureGroup bits
  ner::Resources res;
  nlohmann::json info = nlohmann::json::object();

  // Hashed feature table: open addressing over `keys` (0 = empty) -> row.
  std::vector<std::uint64_t> row_key;  // per row
  std::vector<std::uint32_t> row_off;  // rows + 1 offsets into ent_*
  std::vector<std::uint8_t> ent_label;
  std::vector<std::int16_t> ent_w;
  float scale = 1.0f;
  std::vector<float> trans;  // (L+1) x L, row L = start
  // Inference index: one 8-byte slot per table entry (32-bit key fingerprint + entry
  // range), entries packed 4 bytes each, so a feature costs about two cache lines.
  // The slot index comes from the low key bits and the fingerprint from the high 32
  // bits; a false match needs both to agree (about 1e-9 per absent feature).
  struct Slot {
    std::uint32_t fp;     // 0 = empty
    std::uint32_t range;  // begin << 8 | count
    std::uint32_t begin() const { return range >> 8; }
    std::uint32_t end() const { return (range >> 8) + (range & 0xFF); }
  };
  static std::uint32_t fingerprint(std::uint64_t key) {
    auto f = static_cast<std::uint32_t>(key >> 32);
    return f ? f : 1u;
  }
  struct Packed {
    std::int16_t w;
    std::uint8_t label;
    std::uint8_t pad;
  };
  std::vector<Slot> slots;
  std::vector<Packed> packed;
  std::uint64_t slot_mask = 0;
  std::vector<std::uint8_t> allowed, end_ok;
  // Per label id: the index of its type in `types` (-1 for O) and its BILOU position
  // (0..3 for B, I, L, U); per type, the label ids of its four positions (finish_init()).
  std::vector<int> label_type, label_pos;
  std::vector<std::array<int, 4>> type_labels;
  ner::Transitions decoder;  // trans masked by allowed/end_ok (build_index())

  int num_labels() const { return static_cast<int>(labels.size()); }
  void build_index();  // slot_* from row_key; allowed/end_ok/decoder from labels and trans
  void finish_init();  // build_index + consistency checks
  const Slot* find_slot(std::uint64_t key) const {
    if (slots.empty()) return nullptr;
    std::uint64_t s = key & slot_mask;
    const std::uint32_t fp = fingerprint(key);
    while (true) {
      const Slot& sl = slots[s];
      if (sl.fp == fp) return &sl;
      if (sl.fp == 0) return nullptr;
      s = (s + 1) & slot_mask;
    }
  }
  /// Adds the weights of the features of `n` tokens (or of any n rows of L scores): token
  /// t's features are f[off[t]..off[t+1]) (off[0] == 0) and its scores go to
  /// out[t*L..(t+1)*L). The table does not fit in cache: looking up all features (with
  /// prefetches ahead) before adding any keeps many misses in flight (a token alone has a
  /// dozen). Weights are summed as integers per token, then scaled. `ranges` is scratch.
  void add_sentence_scores(const std::uint64_t* f, const std::uint32_t* off, std::size_t n, float* out,
                           std::vector<std::uint32_t>& ranges) const {
    if (slots.empty()) return;
    const std::size_t total = off[n];
    ranges.resize(total);
    constexpr std::size_t kAhead = 16;  // slots prefetched ahead of the lookup
    for (std::size_t k = 0; k < total && k < kAhead; ++k) __builtin_prefetch(&slots[f[k] & slot_mask]);
    for (std::size_t k = 0; k < total; ++k) {
      if (k + kAhead < total) __builtin_prefetch(&slots[f[k + kAhead] & slot_mask]);
      const Slot* sl = find_slot(f[k]);
      if (!sl) {
        ranges[k] = 0;
        continue;
      }
      __builtin_prefetch(&packed[sl->begin()]);
      ranges[k] = sl->range;
    }
    const std::size_t L = labels.size();
    std::int32_t acc[256];
    for (std::size_t t = 0; t < n; ++t) {
      std::fill(acc, acc + L, 0);
      for (std::uint32_t k = off[t]; k < off[t + 1]; ++k) {
        const std::uint32_t r = ranges[k];
        for (std::uint32_t e = r >> 8, end = (r >> 8) + (r & 0xFF); e < end; ++e) acc[packed[e].label] += packed[e].w;
      }
      float* o = out + t * L;
      for (std::size_t l = 0; l < L; ++l) o[l] += scale * static_cast<float>(acc[l]);
    }
  }
  /// Label ids for the words of one document; with `margins`, also each token's margin
  /// (see ner::token_margins).
  void tag(const std::vector<std::string_view>& words, const std::vector<TokenRange>& sentences, ner::Workspace& ws,
           std::vector<int>& out, std::vector<float>* margins = nullptr) const;
  /// tag() of the tokens already in ws.df (prepare_doc, or fill_tokens + doc statistics
  /// for one run of a long document); `fresh_memory` false continues the document memory
  /// of the previous run.
  void tag_prepared(ner::Workspace& ws, std::vector<int>& out, std::vector<float>* margins, bool fresh_memory) const;
  /// Whether cluster ids are looked up on word-cache misses only (prepare with clusters=false).
  bool lazy_clusters() const { return res.has_word_classes(disabled); }
  /// Whether the model predicts CoNLL-2003 types (PER, ORG, LOC, MISC) rather than OntoNotes ones.
  bool conll_typed() const {
    return std::find(types.begin(), types.end(), "PER") != types.end() ||
           std::find(types.begin(), types.end(), "MISC") != types.end();
  }
  /// Whether predictions on `data` are scored through to_conll_type(): the gold carries
  /// only CoNLL-2003 types (and some entity) while the model predicts OntoNotes types.
  bool scores_through_conll(const std::vector<ConllDoc>& data) const;
  /// Confidence of a predicted span from its margin (the smallest token margin in it):
  /// sigmoid(a * log(1 + margin) + b), a and b fitted on dev data at training time.
  float span_confidence(float margin) const;
  /// The margin whose span_confidence() is `p` (0 < p < 1); needs a calibration.
  float margin_for_confidence(float p) const;
  float calib_a = 0.0f, calib_b = 0.0f;  // 0, 0: no calibration (old models): score 1
  /// One type per spelling in a document: among the predicted spans of `ids` (tokens
  /// `words`, token margins `margins`) with the same words in any ASCII case ("ROTOR" in a
  /// heading, "Rotor" in the text) but different types, each type
  /// votes with the sum of its spans' confidences, and a span less confident than the
  /// winning type's share of the votes takes that type, its margin set so that its
  /// confidence is the share. Needs a calibrated model (calib_a > 0): without one every
  /// confidence is 1 and nothing changes.
  ///
  /// Then one name per surname: a one-word span of another type whose word is the last
  /// word of a person name of two or more words in the document ("Washington" after
  /// "MaliVai Washington") becomes a person when that name's confidence is higher than
  /// its own, and takes that confidence; not after a preposition of place or an article
  /// ("flew to Washington", "sales at Ford", "the Hilton"), and only before a lower-case
  /// word, a comma or a possessive ("Washington served", not "He missed London.").
  /// Before both, a one-word person whose word starts a company name that ends in a
  /// designator of the gazetteer's org_suffix list ("Kolporter" beside "Kolporter SA"; not
  /// "Trump" beside "Trump Media") becomes that organisation when the name's confidence is
  /// higher than its own, unless the word is in a person's name of two or more words
  /// ("Michael Dell" beside "Dell Computer Corp").
  void harmonise_types(const std::vector<std::string_view>& words, std::vector<int>& ids,
                       std::vector<float>& margins) const;
  struct TypedSpan {
    std::uint32_t begin, end;
    int type;
    float confidence;
  };
  void vote_types(const std::vector<std::string_view>& words, std::vector<TypedSpan>& spans, std::vector<int>& ids,
                  std::vector<float>& margins) const;
  void person_surnames(const std::vector<std::string_view>& words, std::vector<TypedSpan>& spans, std::vector<int>& ids,
                       std::vector<float>& margins) const;
  void organisation_heads(const std::vector<std::string_view>& words, std::vector<TypedSpan>& spans,
                          std::vector<int>& ids, std::vector<float>& margins) const;
  void set_span_type(TypedSpan& s, int type, float confidence, std::vector<int>& ids,
                     std::vector<float>& margins) const;
  int person_type() const;                      ///< index of PERSON (or PER) in types, else -1
  int type_index(std::string_view name) const;  ///< index of `name` in types, else -1

  std::string serialize() const;
  static constexpr std::size_t kHeaderBytes = 24;  // magic, format version, payload size, checksum
  /// Checks the header at `data` (kHeaderBytes of it, when `size` allows) of a model of
  /// `size` bytes: magic, version and payload size. Returns the version; throws ModelError.
  static std::uint32_t check_header(const char* data, std::uint64_t size);
  static std::unique_ptr<Impl> deserialize(const char* data, std::size_t size);
};

namespace ner {

/// Decodes every sentence of `df` left to right with document memory.
/// `score(feats, off, n, out)` adds the weights of the hashed features of a sentence's n
/// tokens, token t's being feats[off[t]..off[t+1]), to out[t*L..(t+1)*L).
/// `word_blocks(b, e, out)` sets out[j - b], for the tokens j of a sentence [b, e), to the
/// kWordBlocks * L scores that token j's spelling contributes (valid until the next call):
/// block 0 to its own emissions (word_features()), block 1 + r to the token for which it
/// stands in NeighbourRole r (neighbour_features()). `edge` holds the same blocks for a
/// neighbour beyond the sentence (block 0 unused).
constexpr std::uint32_t kWordBlocks = 1 + kNeighbourRoles;
template <class Score, class WordBlocks>
void decode_doc(const DocFeatures& df, const Score& score, const WordBlocks& word_blocks, const float* edge,
                const Transitions& trans, const std::vector<std::string>& labels, std::uint32_t disabled,
                int num_clusterings, Workspace& ws, std::vector<int>& out, std::vector<float>* margins = nullptr,
                bool fresh_memory = true) {
  const auto L = labels.size();
  out.assign(df.toks.size(), 0);
  if (margins) margins->assign(df.toks.size(), 0.0f);
  if (fresh_memory) ws.mem.clear();  // else: a later run of the same document
  auto add = [L](float* e, const float* v) {
    for (std::size_t l = 0; l < L; ++l) e[l] += v[l];
  };
  for (const auto& s : df.sentences) {
    const std::size_t n = s.end - s.begin;
    if (n == 0) continue;
    ws.emis.assign(n * L, 0.0f);
    float* emis = ws.emis.data();
    // Spelling-only scores: each token's block of scores goes to itself and its
    // neighbours, so a token costs one cache entry. The blocks of the whole sentence are
    // found first, so that their loads overlap.
    ws.blocks.resize(n);
    word_blocks(s.begin, s.end, ws.blocks.data());
    for (std::size_t k = 0; k < n; ++k) {
      const float* v = ws.blocks[k];
      add(&emis[k * L], v);
      if (k + 1 < n) add(&emis[(k + 1) * L], v + (1 + kPrev1) * L);
      if (k >= 1) add(&emis[(k - 1) * L], v + (1 + kNext1) * L);
      if (k + 2 < n) add(&emis[(k + 2) * L], v + (1 + kPrev2) * L);
      if (k >= 2) add(&emis[(k - 2) * L], v + (1 + kNext2) * L);
      if (k == 0) add(&emis[k * L], edge + (1 + kPrev1) * L);
      if (k + 1 == n) add(&emis[k * L], edge + (1 + kNext1) * L);
      if (k < 2) add(&emis[k * L], edge + (1 + kPrev2) * L);
      if (k + 2 >= n) add(&emis[k * L], edge + (1 + kNext2) * L);
    }
    ws.feats.clear();
    ws.feat_off.assign(1, 0);
    for (std::uint32_t i = s.begin; i < s.end; ++i) {
      context_features(df, i, s.begin, s.end, disabled, num_clusterings, ws.feats, /*neighbours=*/false);
      memory_features(df.toks[i], ws.mem, labels, disabled, ws.feats);
      ws.feat_off.push_back(static_cast<std::uint32_t>(ws.feats.size()));
    }
    score(ws.feats.data(), ws.feat_off.data(), n, emis);
    viterbi(ws.emis.data(), n, trans, ws.delta, ws.sent_out);
    for (std::size_t k = 0; k < n; ++k) out[s.begin + k] = ws.sent_out[k];
    if (margins) {
      margins->resize(df.toks.size(), 0.0f);
      token_margins(ws.emis.data(), n, trans, ws.delta, ws.sent_out, ws.beta, margins->data() + s.begin);
    }
    memory_update(df, s.begin, s.end, ws.sent_out, labels, ws.mem);
  }
}

}  // namespace ner
}  // namespace byline
