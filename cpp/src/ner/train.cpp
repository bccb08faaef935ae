// Averaged structured perceptron trainer for the NER tagger.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

#include "byline/errors.h"
#include "internal/log.h"
#include "ner/model.h"

namespace byline {
namespace {

using ner::DocFeatures;

struct TrainDoc {
  DocFeatures df;
  std::vector<int> gold;                  // BILOU ids per token
  std::vector<std::uint32_t> feat_off;    // per token + 1, into feats
  std::vector<std::uint32_t> feats;       // static feature rows (kept ones)
};

class Perceptron {
 public:
  explicit Perceptron(int L) : L_(static_cast<std::size_t>(L)) {}

  std::int64_t row(std::uint64_t key) const {
    auto it = index_.find(key);
    return it == index_.end() ? -1 : it->second;
  }
  std::uint32_t row_or_add(std::uint64_t key) {
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    auto r = static_cast<std::uint32_t>(keys_.size());
    index_.emplace(key, r);
    keys_.push_back(key);
    w_.resize(w_.size() + L_, 0.0f);
    u_.resize(u_.size() + L_, 0.0);
    return r;
  }
  void add_row(std::uint32_t r, float* out) const {
    const float* w = &w_[r * L_];
    for (std::size_t l = 0; l < L_; ++l) out[l] += w[l];
  }
  void update(std::uint32_t r, int label, float d) {
    w_[r * L_ + static_cast<std::size_t>(label)] += d;
    u_[r * L_ + static_cast<std::size_t>(label)] += static_cast<double>(c_) * d;
  }
  void tick() { ++c_; }
  float averaged(std::size_t r, std::size_t l) const {
    return static_cast<float>(w_[r * L_ + l] - u_[r * L_ + l] / static_cast<double>(c_));
  }
  std::size_t rows() const { return keys_.size(); }
  std::uint64_t key(std::size_t r) const { return keys_[r]; }
  std::size_t L() const { return L_; }

 private:
  std::size_t L_;
  std::unordered_map<std::uint64_t, std::uint32_t> index_;
  std::vector<std::uint64_t> keys_;
  std::vector<float> w_;
  std::vector<double> u_;
  std::uint64_t c_ = 1;
};

// Averaged weights (mean over ensemble members) -> quantised, pruned inference model.
std::unique_ptr<EntityRecognizer::Impl> finalize(const std::vector<const Perceptron*>& members,
                                                 const std::vector<std::string>& types,
                                                 const std::vector<std::string>& labels, std::uint32_t disabled,
                                                 const ner::Resources& res, float prune) {
  auto impl = std::make_unique<EntityRecognizer::Impl>();
  impl->types = types;
  impl->labels = labels;
  impl->disabled = disabled;
  impl->res = res;
  const std::size_t L = labels.size();
  // Union of keys, mean of averaged weights.
  std::unordered_map<std::uint64_t, std::uint32_t> index;
  std::vector<std::uint64_t> keys;
  std::vector<float> w;
  const float inv = 1.0f / static_cast<float>(members.size());
  for (const Perceptron* p : members) {
    index.reserve(p->rows());
    for (std::size_t r = 0; r < p->rows(); ++r) {
      auto [it, added] = index.emplace(p->key(r), static_cast<std::uint32_t>(keys.size()));
      if (added) {
        keys.push_back(p->key(r));
        w.resize(w.size() + L, 0.0f);
      }
      float* row = &w[it->second * L];
      for (std::size_t l = 0; l < L; ++l) row[l] += inv * p->averaged(r, l);
    }
  }
  std::vector<std::uint64_t> trans_keys;
  for (std::size_t prev = 0; prev <= L; ++prev)
    trans_keys.push_back(ner::transition_feature(prev == L ? -1 : static_cast<int>(prev)));
  float maxw = 1e-6f;
  for (float v : w) maxw = std::max(maxw, std::fabs(v));
  impl->scale = maxw / 32767.0f;
  impl->trans.assign((L + 1) * L, 0.0f);
  for (std::size_t prev = 0; prev <= L; ++prev) {
    auto it = index.find(trans_keys[prev]);
    if (it == index.end()) continue;
    for (std::size_t l = 0; l < L; ++l) impl->trans[prev * L + l] = w[it->second * L + l];
  }
  std::set<std::uint64_t> tkeys(trans_keys.begin(), trans_keys.end());
  // Rows in key order: the file does not depend on hash-map iteration order.
  std::vector<std::size_t> order(keys.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  impl->row_off.push_back(0);
  for (std::size_t r : order) {
    if (tkeys.count(keys[r])) continue;
    std::size_t before = impl->ent_w.size();
    for (std::size_t l = 0; l < L; ++l) {
      float a = w[r * L + l];
      if (std::fabs(a) <= prune) continue;
      long q = std::lround(a / impl->scale);
      if (q == 0) continue;
      impl->ent_label.push_back(static_cast<std::uint8_t>(l));
      impl->ent_w.push_back(static_cast<std::int16_t>(q));
    }
    if (impl->ent_w.size() == before) continue;
    impl->row_key.push_back(keys[r]);
    impl->row_off.push_back(static_cast<std::uint32_t>(impl->ent_w.size()));
  }
  impl->finish_init();
  return impl;
}

// One perceptron and its training state (ensemble members train independently).
struct Member {
  Perceptron p;
  std::mt19937_64 rng;
  std::vector<std::size_t> order;
  ner::Workspace ws;
  std::vector<float> trans;
  std::vector<std::uint64_t> memf;
  std::vector<std::vector<std::uint32_t>> mem_rows;
  std::vector<int> pred;

  Member(const Perceptron& init, std::uint64_t seed, std::size_t ndocs) : p(init), rng(seed), order(ndocs) {
    for (std::size_t k = 0; k < ndocs; ++k) order[k] = k;
  }

  // One pass over the documents; returns the number of mis-tagged tokens.
  std::size_t epoch(std::vector<TrainDoc>& docs, const std::vector<std::uint32_t>& trans_rows,
                    const std::vector<std::string>& labels, const std::vector<std::uint8_t>& allowed,
                    const std::vector<std::uint8_t>& end_ok, std::uint32_t disabled) {
    const int L = static_cast<int>(labels.size());
    trans.assign(static_cast<std::size_t>((L + 1) * L), 0.0f);
    // Fisher-Yates with the standard-specified mt19937_64: same order on every platform.
    for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[rng() % k]);
    std::size_t errors = 0;
    for (std::size_t k : order) {
      TrainDoc& td = docs[k];
      ws.mem.clear();
      std::uint32_t tok_index = 0;  // index into feat_off (tokens in sentence order)
      for (const auto& s : td.df.sentences) {
        const std::size_t n = s.end - s.begin;
        if (n == 0) continue;
        for (int prev = 0; prev <= L; ++prev) {
          std::fill(&trans[static_cast<std::size_t>(prev * L)], &trans[static_cast<std::size_t>(prev * L)] + L, 0.0f);
          p.add_row(trans_rows[static_cast<std::size_t>(prev)], &trans[static_cast<std::size_t>(prev * L)]);
        }
        ws.emis.assign(n * static_cast<std::size_t>(L), 0.0f);
        mem_rows.assign(n, {});
        for (std::size_t i = 0; i < n; ++i) {
          float* e = &ws.emis[i * static_cast<std::size_t>(L)];
          std::uint32_t ti = tok_index + static_cast<std::uint32_t>(i);
          for (std::uint32_t f = td.feat_off[ti]; f < td.feat_off[ti + 1]; ++f) p.add_row(td.feats[f], e);
          memf.clear();
          ner::memory_features(td.df.toks[s.begin + i], ws.mem, labels, disabled, memf);
          for (auto key : memf) {
            std::uint32_t r = p.row_or_add(key);
            mem_rows[i].push_back(r);
            p.add_row(r, e);
          }
        }
        ner::viterbi(ws.emis.data(), n, trans.data(), allowed, end_ok, L, ws.delta, ws.bp, pred);
        p.tick();
        const int* gold = &td.gold[s.begin];
        for (std::size_t i = 0; i < n; ++i) {
          int g = gold[i], y = pred[i];
          int gp = i ? gold[i - 1] : L, yp = i ? pred[i - 1] : L;
          if (g != y) {
            ++errors;
            std::uint32_t ti = tok_index + static_cast<std::uint32_t>(i);
            for (std::uint32_t f = td.feat_off[ti]; f < td.feat_off[ti + 1]; ++f) {
              p.update(td.feats[f], g, 1.0f);
              p.update(td.feats[f], y, -1.0f);
            }
            for (auto r : mem_rows[i]) {
              p.update(r, g, 1.0f);
              p.update(r, y, -1.0f);
            }
          }
          if (g != y || gp != yp) {
            p.update(trans_rows[static_cast<std::size_t>(gp)], g, 1.0f);
            p.update(trans_rows[static_cast<std::size_t>(yp)], y, -1.0f);
          }
        }
        // Memory follows the model's own predictions, as at inference time.
        ner::memory_update(td.df, s.begin, s.end, pred, labels, ws.mem);
        tok_index += static_cast<std::uint32_t>(n);
      }
    }
    return errors;
  }
};

// Fixed synthetic sentences (not corpus text) whose tags are recorded in the model and checked at load.
const std::vector<std::vector<std::string>> kSelfTest = {
    {"John", "Smith", "flew", "from", "Paris", "to", "Tokyo", "for", "Acme", "Corp", "on", "Monday", "."},
    {"GERMANY", "BEAT", "ITALY", "2-1", "IN", "EUROPEAN", "CUP"},
};

}  // namespace

std::shared_ptr<EntityRecognizer> train_recognizer(const std::vector<ConllDoc>& train, const std::vector<ConllDoc>& dev,
                                                   const NerTrainOptions& options) {
  auto& log = internal::logger();
  if (options.epochs < 1 || options.epochs > 1000) throw ConfigError("epochs must be in 1..1000");
  if (options.min_feature_count < 1) throw ConfigError("min_feature_count must be >= 1");
  if (options.ensemble < 1 || options.ensemble > 16) throw ConfigError("ensemble must be in 1..16");
  if (train.empty()) throw ConfigError("no training documents");
  std::uint32_t disabled = 0;
  for (const auto& g : options.disable) {
    std::uint32_t b = ner::group_from_name(g);
    if (!b) throw ConfigError("unknown feature group '" + g + "'");
    disabled |= b;
  }
  ner::Resources res;
  if (!options.clusters_path.empty() && !(disabled & ner::kGroupClusters)) res.load_clusters(options.clusters_path);
  if (!options.gazetteer_path.empty()) res.load_gazetteer(options.gazetteer_path);
  res.build_index();
  res.clusters.clear();  // only the hashed indexes are used (and saved)
  res.gazetteer.clear();
  // The gazetteer is also used for the LOC -> GPE/LOC schema mapping, so keep it even when its features are off.

  std::set<std::string> type_set;
  for (const auto& d : train)
    for (const auto& s : tags_to_spans(d.tags)) type_set.insert(s.type);
  std::vector<std::string> types(type_set.begin(), type_set.end());
  if (types.empty()) throw ConfigError("training data has no entities");
  if (types.size() > 60) throw ConfigError("too many entity types");
  const std::vector<std::string> labels = ner::bilou_labels(types);
  const int L = static_cast<int>(labels.size());

  // Static features once; count them; keep frequent ones.
  auto t0 = std::chrono::steady_clock::now();
  std::vector<TrainDoc> docs(train.size());
  std::unordered_map<std::uint64_t, std::uint32_t> counts;
  std::vector<std::vector<std::uint64_t>> raw(train.size());
  std::size_t ntok = 0;
  for (std::size_t k = 0; k < train.size(); ++k) {
    const ConllDoc& cd = train[k];
    if (cd.words.size() != cd.tags.size()) throw ConfigError("training document with words/tags mismatch");
    std::vector<std::string_view> words(cd.words.begin(), cd.words.end());
    TrainDoc& td = docs[k];
    ner::prepare_doc(words, cd.sentences, res, disabled, td.df);
    // prepare_doc keeps string_views into `train`, which outlives training.
    // Chunks never cross sentence breaks (IOB1 "I-LOC" / "I-LOC" across a break are two entities).
    td.gold.assign(cd.words.size(), 0);
    for (const auto& s : td.df.sentences) {
      std::vector<std::string> st(cd.tags.begin() + s.begin, cd.tags.begin() + s.end);
      auto ids = ner::to_bilou_ids(st, labels);
      std::copy(ids.begin(), ids.end(), td.gold.begin() + s.begin);
    }
    td.feat_off.push_back(0);
    for (const auto& s : td.df.sentences)
      for (std::uint32_t i = s.begin; i < s.end; ++i) {
        std::size_t before = raw[k].size();
        ner::static_features(td.df, i, s.begin, s.end, disabled, res.num_clusterings, raw[k]);
        for (std::size_t f = before; f < raw[k].size(); ++f) counts[raw[k][f]]++;
        td.feat_off.push_back(static_cast<std::uint32_t>(raw[k].size()));
      }
    ntok += cd.words.size();
  }
  Perceptron p(L);
  for (std::size_t k = 0; k < docs.size(); ++k) {
    TrainDoc& td = docs[k];
    std::vector<std::uint32_t> off{0};
    for (std::size_t i = 0; i + 1 < td.feat_off.size(); ++i) {
      for (std::uint32_t f = td.feat_off[i]; f < td.feat_off[i + 1]; ++f) {
        std::uint64_t key = raw[k][f];
        if (counts[key] >= static_cast<std::uint32_t>(options.min_feature_count)) td.feats.push_back(p.row_or_add(key));
      }
      off.push_back(static_cast<std::uint32_t>(td.feats.size()));
    }
    td.feat_off = std::move(off);
    std::vector<std::uint64_t>().swap(raw[k]);
  }
  log.info("ner train: {} docs, {} tokens, {} labels, {} features (of {} seen), prepared in {:.1f}s", train.size(), ntok,
           L, p.rows(), counts.size(), std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  counts.clear();

  std::vector<std::uint32_t> trans_rows;
  for (int prev = 0; prev <= L; ++prev) trans_rows.push_back(p.row_or_add(ner::transition_feature(prev == L ? -1 : prev)));

  const auto allowed = ner::allowed_transitions(labels);
  std::vector<std::uint8_t> end_ok(labels.size());
  for (std::size_t c = 0; c < labels.size(); ++c) end_ok[c] = ner::allowed_end(labels[c]);

  std::string best_bytes;
  double best_f1 = -1;
  int best_epoch = 0;
  nlohmann::json history = nlohmann::json::array();
  std::unique_ptr<EntityRecognizer::Impl> impl;
  const int K = options.ensemble;

  // K members with seeds seed, seed+1, ... train independently (two at a time); after
  // each epoch their averaged weights are averaged into one model, scored on dev.
  // Deterministic: members never interact, and the merge is in member order.
  std::vector<std::unique_ptr<Member>> members;
  for (int k = 0; k < K; ++k)
    members.push_back(std::make_unique<Member>(p, options.seed + static_cast<std::uint64_t>(k), docs.size()));
  std::vector<const Perceptron*> ps;
  for (const auto& m : members) ps.push_back(&m->p);
  const unsigned hw = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    auto te = std::chrono::steady_clock::now();
    std::vector<std::size_t> errors(static_cast<std::size_t>(K), 0);
    for (int k0 = 0; k0 < K; k0 += static_cast<int>(hw)) {
      std::vector<std::thread> threads;
      for (int k = k0 + 1; k < K && k < k0 + static_cast<int>(hw); ++k)
        threads.emplace_back([&, k] {
          errors[static_cast<std::size_t>(k)] =
              members[static_cast<std::size_t>(k)]->epoch(docs, trans_rows, labels, allowed, end_ok, disabled);
        });
      errors[static_cast<std::size_t>(k0)] =
          members[static_cast<std::size_t>(k0)]->epoch(docs, trans_rows, labels, allowed, end_ok, disabled);
      for (auto& t : threads) t.join();
    }
    std::size_t err_sum = 0;
    for (auto e : errors) err_sum += e;
    NerEpochReport rep;
    rep.epoch = epoch;
    rep.train_error_rate =
        static_cast<double>(err_sum) / (static_cast<double>(K) * static_cast<double>(std::max<std::size_t>(ntok, 1)));
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - te).count();
    // No wall-clock times in the model: the file is a pure function of data, options and seed.
    nlohmann::json h{{"epoch", epoch}, {"train_error_rate", rep.train_error_rate}};
    const bool last = epoch == options.epochs;
    if (!dev.empty()) {
      auto model =
          std::make_shared<EntityRecognizer>(finalize(ps, types, labels, disabled, res, options.prune_threshold));
      NerEvaluation ev = evaluate(*model, dev);
      rep.has_dev = true;
      rep.dev = ev.overall;
      h["dev_f1"] = ev.overall.f1;
      h["dev_precision"] = ev.overall.precision;
      h["dev_recall"] = ev.overall.recall;
      if (ev.overall.f1 > best_f1 && (options.keep_best || last)) {
        best_f1 = ev.overall.f1;
        best_epoch = epoch;
        best_bytes = model->impl().serialize();
      } else if (last && !options.keep_best) {
        best_epoch = epoch;
        best_bytes = model->impl().serialize();
      }
      log.info("ner train: epoch {} {:.1f}s train-err {:.4f} dev P {:.2f} R {:.2f} F1 {:.2f}", epoch, rep.seconds,
               rep.train_error_rate, ev.overall.precision, ev.overall.recall, ev.overall.f1);
    } else {
      log.info("ner train: epoch {} {:.1f}s train-err {:.4f}", epoch, rep.seconds, rep.train_error_rate);
    }
    history.push_back(h);
    if (options.on_epoch) options.on_epoch(rep);
  }
  if (!best_bytes.empty()) {
    impl = EntityRecognizer::Impl::deserialize(best_bytes.data(), best_bytes.size());
  } else {
    impl = finalize(ps, types, labels, disabled, res, options.prune_threshold);
    best_epoch = options.epochs;
  }
  ner::Workspace ws;
  nlohmann::json info = nlohmann::json::object();
  info["trainer"] = "averaged structured perceptron, BILOU, first-order Viterbi";
  info["epochs"] = options.epochs;
  info["selected_epoch"] = best_epoch;
  info["seed"] = options.seed;
  info["ensemble"] = options.ensemble;
  info["min_feature_count"] = options.min_feature_count;
  info["train_tokens"] = ntok;
  info["train_documents"] = train.size();
  info["history"] = history;
  // Self-test samples: the model's own output on fixed synthetic sentences.
  nlohmann::json st = nlohmann::json::array();
  for (const auto& words : kSelfTest) {
    std::vector<std::string_view> wv(words.begin(), words.end());
    std::vector<int> ids;
    impl->tag(wv, {{0, static_cast<std::uint32_t>(wv.size())}}, ws, ids);
    st.push_back({{"words", words}, {"tags", ner::to_iob2(ids, labels)}});
  }
  info["self_test"] = st;
  impl->info = info;
  return std::make_shared<EntityRecognizer>(std::move(impl));
}

}  // namespace byline
