// Tests of the NER decoder: BILOU transition and end constraints, Viterbi and the
// max-marginal token margins, against exhaustive search over hand-built score tables.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "ner/features.h"

namespace ner = byline::ner;

namespace {

struct Problem {
  std::vector<std::string> labels;
  std::vector<std::uint8_t> allowed, end_ok;
  std::vector<float> trans, emis;  // (L+1) x L, n x L
  int L = 0;
  std::size_t n = 0;
  ner::Transitions decoder;
};

Problem make_problem(const std::vector<std::string>& types, std::size_t n, std::uint32_t seed) {
  Problem p;
  p.labels = ner::bilou_labels(types);
  p.L = static_cast<int>(p.labels.size());
  p.n = n;
  p.allowed = ner::allowed_transitions(p.labels);
  p.end_ok.resize(p.labels.size());
  for (std::size_t c = 0; c < p.labels.size(); ++c) p.end_ok[c] = ner::allowed_end(p.labels[c]);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-3.0f, 3.0f);
  p.trans.resize(static_cast<std::size_t>((p.L + 1) * p.L));
  for (auto& t : p.trans) t = u(rng);
  p.emis.resize(n * static_cast<std::size_t>(p.L));
  for (auto& e : p.emis) e = u(rng);
  p.decoder.set(p.trans.data(), p.allowed, p.end_ok, p.L);
  return p;
}

constexpr float kNeg = -std::numeric_limits<float>::infinity();

// Score of a label path, or -inf if a transition or the end is not allowed.
double path_score(const Problem& p, const std::vector<int>& y) {
  const auto L = static_cast<std::size_t>(p.L);
  double s = 0;
  std::size_t prev = L;  // start state
  for (std::size_t i = 0; i < y.size(); ++i) {
    const auto c = static_cast<std::size_t>(y[i]);
    if (!p.allowed[prev * L + c]) return kNeg;
    s += static_cast<double>(p.trans[prev * L + c]) + static_cast<double>(p.emis[i * L + c]);
    prev = c;
  }
  return p.end_ok[prev] ? s : kNeg;
}

// Every label path of length n, best first is not needed: calls f(path, score).
template <class F>
void for_each_path(const Problem& p, F&& f) {
  std::vector<int> y(p.n, 0);
  while (true) {
    f(y, path_score(p, y));
    std::size_t k = 0;
    while (k < p.n && ++y[k] == p.L) y[k++] = 0;
    if (k == p.n) break;
  }
}

// The best allowed path by exhaustive search, and its score.
std::pair<std::vector<int>, double> best_by_search(const Problem& p) {
  double best = kNeg;
  std::vector<int> best_path;
  for_each_path(p, [&](const std::vector<int>& y, double s) {
    if (s > best) {
      best = s;
      best_path = y;
    }
  });
  return {best_path, best};
}

/// Decodes with `lanes` lanes while alive, then restores the width before; available() is
/// false (and nothing changed) where this CPU has no such decoder.
class DecoderLanes {
 public:
  explicit DecoderLanes(int lanes) : before_(ner::set_decoder_lanes(lanes)) {}
  ~DecoderLanes() {
    if (before_ >= 0) ner::set_decoder_lanes(before_);
  }
  DecoderLanes(const DecoderLanes&) = delete;
  DecoderLanes& operator=(const DecoderLanes&) = delete;
  bool available() const { return before_ >= 0; }

 private:
  int before_;
};

}  // namespace

TEST_CASE("ner decoder: BILOU transitions allow only well-formed label sequences", "[ner][decoder]") {
  const auto labels = ner::bilou_labels({"ORG", "PERSON"});
  REQUIRE(labels == std::vector<std::string>{"O", "B-ORG", "I-ORG", "L-ORG", "U-ORG", "B-PERSON", "I-PERSON",
                                             "L-PERSON", "U-PERSON"});
  const auto a = ner::allowed_transitions(labels);
  const std::size_t L = labels.size();
  auto id = [&](const std::string& s) {
    for (std::size_t k = 0; k < L; ++k)
      if (labels[k] == s) return k;
    FAIL("no label " << s);
    return L;
  };
  auto ok = [&](const std::string& from, const std::string& to) {
    return a[(from == "START" ? L : id(from)) * L + id(to)] != 0;
  };
  // Outside an entity: O, B- or U- of any type.
  for (const char* from : {"START", "O", "L-ORG", "U-PERSON"}) {
    CHECK(ok(from, "O"));
    CHECK(ok(from, "B-PERSON"));
    CHECK(ok(from, "U-ORG"));
    CHECK_FALSE(ok(from, "I-ORG"));
    CHECK_FALSE(ok(from, "L-PERSON"));
  }
  // Inside an entity: I- or L- of the same type only.
  for (const char* from : {"B-ORG", "I-ORG"}) {
    CHECK(ok(from, "I-ORG"));
    CHECK(ok(from, "L-ORG"));
    CHECK_FALSE(ok(from, "O"));
    CHECK_FALSE(ok(from, "B-ORG"));
    CHECK_FALSE(ok(from, "U-ORG"));
    CHECK_FALSE(ok(from, "I-PERSON"));
    CHECK_FALSE(ok(from, "L-PERSON"));
  }
  // A sentence may not end inside an entity.
  CHECK(ner::allowed_end("O"));
  CHECK(ner::allowed_end("L-ORG"));
  CHECK(ner::allowed_end("U-ORG"));
  CHECK_FALSE(ner::allowed_end("B-ORG"));
  CHECK_FALSE(ner::allowed_end("I-ORG"));
}

TEST_CASE("ner decoder: Viterbi finds the best allowed path (exhaustive check)", "[ner][decoder]") {
  const int lanes = GENERATE(4, 8);  // both decoder widths, where the CPU has them
  const DecoderLanes use(lanes);
  if (!use.available()) {
    WARN("this CPU has no " << lanes << "-lane decoder");
    return;
  }
  REQUIRE(ner::set_decoder_lanes(lanes) == lanes);  // the width asked for is in use
  INFO("decoder lanes " << lanes);
  struct Case {
    std::vector<std::string> types;
    std::size_t n;
  };
  // 9 labels (one register block), 21 labels (two blocks), 45 labels (the shipped size).
  const std::vector<Case> cases = {{{"A", "B"}, 1},
                                   {{"A", "B"}, 2},
                                   {{"A", "B"}, 4},
                                   {{"A", "B", "C", "D", "E"}, 3},
                                   {{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"}, 2}};
  for (const auto& cs : cases)
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
      Problem p = make_problem(cs.types, cs.n, seed);
      const auto [best_path, best] = best_by_search(p);
      std::vector<float> delta;
      std::vector<int> out;
      ner::viterbi(p.emis.data(), p.n, p.decoder, delta, out);
      INFO("labels " << p.L << ", n " << p.n << ", seed " << seed);
      REQUIRE(out.size() == p.n);
      CHECK(out == best_path);
      CHECK(path_score(p, out) == Approx(best).epsilon(1e-5));
      // delta at the last position holds the best score of a path ending in each label.
      const auto L = static_cast<std::size_t>(p.L);
      CHECK(static_cast<double>(delta[(p.n - 1) * L + static_cast<std::size_t>(out.back())]) ==
            Approx(best).epsilon(1e-5));
    }
}

TEST_CASE("ner decoder: Viterbi never ends a sentence inside an entity", "[ner][decoder]") {
  // The last token's emissions strongly prefer B-A and I-A; the path must still end with
  // an allowed label (here the single-token entity of the same type, U-A).
  Problem p = make_problem({"A", "B"}, 3, 7);
  const auto L = static_cast<std::size_t>(p.L);
  std::fill(p.trans.begin(), p.trans.end(), 0.0f);
  std::fill(p.emis.begin(), p.emis.end(), 0.0f);
  p.emis[2 * L + 1] = 50.0f;  // B-A
  p.emis[2 * L + 2] = 40.0f;  // I-A
  p.emis[2 * L + 4] = 10.0f;  // U-A
  p.decoder.set(p.trans.data(), p.allowed, p.end_ok, p.L);
  std::vector<float> delta;
  std::vector<int> out;
  ner::viterbi(p.emis.data(), p.n, p.decoder, delta, out);
  REQUIRE(out.size() == 3);
  CHECK(p.labels[static_cast<std::size_t>(out[2])] == "U-A");
  CHECK(ner::to_iob2(out, p.labels) == std::vector<std::string>{"O", "O", "B-A"});
}

TEST_CASE("ner decoder: Viterbi under partial-annotation constraints keeps to the allowed labels", "[ner][decoder]") {
  // The trainer masks labels with -1e30 emissions: the best path must avoid them all.
  Problem p = make_problem({"A", "B"}, 4, 3);
  const auto L = static_cast<std::size_t>(p.L);
  for (std::size_t i = 0; i < p.n; ++i)
    for (std::size_t c = 0; c < L; ++c)
      if (p.labels[c].find('B', 2) == std::string::npos && !(i == 3 && c == 0)) p.emis[i * L + c] = -1e30f;
  // Allowed: labels of type B everywhere, and O at the last token.
  std::vector<float> delta;
  std::vector<int> out;
  ner::viterbi(p.emis.data(), p.n, p.decoder, delta, out);
  CHECK(out == best_by_search(p).first);
  for (std::size_t i = 0; i < p.n; ++i) CHECK(p.emis[i * L + static_cast<std::size_t>(out[i])] > -1e29f);
}

TEST_CASE("ner decoder: token margins are the max-marginal gaps of entity tokens (exhaustive check)",
          "[ner][decoder]") {
  const int lanes = GENERATE(4, 8);  // both decoder widths, where the CPU has them
  const DecoderLanes use(lanes);
  if (!use.available()) {
    WARN("this CPU has no " << lanes << "-lane decoder");
    return;
  }
  REQUIRE(ner::set_decoder_lanes(lanes) == lanes);  // the width asked for is in use
  INFO("decoder lanes " << lanes);
  for (const auto& types : {std::vector<std::string>{"A", "B"}, std::vector<std::string>{"A", "B", "C", "D", "E"}})
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
      const std::size_t n = types.size() == 2 ? 4 : 3;
      Problem p = make_problem(types, n, 100 + seed);
      // Favour entities so that most paths hold some.
      const auto L = static_cast<std::size_t>(p.L);
      for (std::size_t i = 0; i < n; ++i) p.emis[i * L] -= 2.0f;
      std::vector<float> delta, beta;
      std::vector<int> path;
      ner::viterbi(p.emis.data(), n, p.decoder, delta, path);
      std::vector<float> margins(n, -1.0f);
      ner::token_margins(p.emis.data(), n, p.decoder, delta, path, beta, margins.data());
      const double best = path_score(p, path);
      for (std::size_t i = 0; i < n; ++i) {
        INFO("labels " << p.L << ", seed " << seed << ", token " << i);
        if (path[i] == 0) {
          CHECK(margins[i] == 0.0f);  // O tokens: no margin needed
          continue;
        }
        double other = kNeg;
        for_each_path(p, [&](const std::vector<int>& y, double s) {
          if (y[i] != path[i] && s > other) other = s;
        });
        CHECK(static_cast<double>(margins[i]) == Approx(best - other).margin(1e-4));
      }
    }
}

TEST_CASE("ner decoder: Viterbi breaks ties toward the lower label id (O first)", "[ner][decoder]") {
  // All scores zero: every allowed path ties. The documented rule (features.h) gives the
  // lower label id, so the path is all O (label 0) rather than, say, a run of U- labels.
  Problem p = make_problem({"A", "B"}, 4, 3);
  std::fill(p.trans.begin(), p.trans.end(), 0.0f);
  std::fill(p.emis.begin(), p.emis.end(), 0.0f);
  p.decoder.set(p.trans.data(), p.allowed, p.end_ok, p.L);
  std::vector<float> delta;
  std::vector<int> out;
  ner::viterbi(p.emis.data(), p.n, p.decoder, delta, out);
  CHECK(out == std::vector<int>(4, 0));
  // A tie between two entity types at one token: U-A (lower id) over U-B.
  const auto L = static_cast<std::size_t>(p.L);
  p.emis[1 * L + 4] = 5.0f;  // U-A
  p.emis[1 * L + 8] = 5.0f;  // U-B
  ner::viterbi(p.emis.data(), p.n, p.decoder, delta, out);
  CHECK(ner::to_iob2(out, p.labels) == std::vector<std::string>{"O", "B-A", "O", "O"});
}

TEST_CASE("ner features: non-ASCII letters are read by their Unicode category in new models", "[ner][decoder]") {
  const std::vector<std::string_view> words = {"\xC3\x85sa", "\xC3\x85SA",         "\xC3\xA9lan", "\xE2\x80\x94",
                                               "Zo\xC3\xAB", "e\xCC\x81t\xC3\xA9", "\xE5\x8C\x97"};
  // Åsa ÅSA élan — Zoë (e + combining acute)té 北
  const std::vector<byline::TokenRange> sentences = {{0, static_cast<std::uint32_t>(words.size())}};
  ner::Resources res;
  ner::DocFeatures df;
  SECTION("models trained before unicode_shapes: every non-ASCII character is an unknown letter") {
    ner::prepare_doc(words, sentences, res, 0, df);
    CHECK_FALSE(df.toks[0].flags & ner::kFInitCap);
    CHECK(df.toks[3].flags & ner::kFHasAlpha);
  }
  SECTION("unicode_shapes") {
    res.unicode_shapes = true;
    ner::prepare_doc(words, sentences, res, 0, df);
    CHECK(df.toks[0].flags & ner::kFInitCap);
    CHECK(df.toks[0].flags & ner::kFHasLower);
    CHECK_FALSE(df.toks[0].flags & ner::kFAllCap);
    CHECK(df.toks[1].flags & ner::kFAllCap);
    CHECK_FALSE(df.toks[2].flags & ner::kFInitCap);
    CHECK(df.toks[2].flags & ner::kFHasLower);
    CHECK(df.toks[3].flags & ner::kFPunct);
    CHECK_FALSE(df.toks[3].flags & ner::kFHasAlpha);
    CHECK(df.toks[4].flags & ner::kFInitCap);
    CHECK_FALSE(df.toks[5].flags & ner::kFInitCap);
    CHECK(df.toks[5].flags & ner::kFHasLower);
    CHECK(df.toks[6].flags & ner::kFHasAlpha);
    CHECK_FALSE(df.toks[6].flags & (ner::kFInitCap | ner::kFHasLower | ner::kFPunct));
  }
}
