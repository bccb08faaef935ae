// Tests of the statistical NER: CoNLL reading, conlleval arithmetic, training
// determinism, model file round trip and errors, thread-safe inference.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "byline/errors.h"
#include "byline/ner.h"
#include "byline/tokenizer.h"
#include "ner/model.h"  // private: checksum64, to re-sign corrupted payloads

namespace {

// Synthetic news-like corpus (invented sentences, IOB2), built programmatically.
std::string synthetic_conll(int copies) {
  const char* firsts[] = {"John", "Maria", "Peter", "Anna", "Omar", "Lena"};
  const char* lasts[] = {"Smith", "Garcia", "Novak", "Berg", "Haddad", "Kim"};
  const char* cities[] = {"Paris", "Tokyo", "Lagos", "Lima", "Oslo", "Cairo"};
  const char* orgs[] = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"};
  std::string s;
  for (int c = 0; c < copies; ++c) {
    s += "-DOCSTART- O\n\n";
    for (int k = 0; k < 6; ++k) {
      int a = (k + c) % 6, b = (k * 5 + c) % 6;
      s += std::string(firsts[a]) + " B-PER\n" + lasts[b] + " I-PER\nflew O\nto O\n" + cities[b] + " B-LOC\nfor O\n" +
           orgs[a] + " B-ORG\nCorp I-ORG\n. O\n\n";
      s += std::string("The O\nshares O\nof O\n") + orgs[b] + " B-ORG\nrose O\nin O\n" + cities[a] +
           " B-LOC\non O\nMonday O\n. O\n\n";
    }
  }
  return s;
}

std::shared_ptr<byline::EntityRecognizer> tiny_model(std::uint64_t seed = 7) {
  auto docs = byline::parse_conll(synthetic_conll(8));
  byline::NerTrainOptions o;
  o.epochs = 4;
  o.seed = seed;
  return byline::train_recognizer(docs, {}, o);
}

// A file under the source tree's build-* names, unique to this process and object (ctest
// runs test cases in parallel), removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(const std::string& content = "") {
    static std::atomic<int> count{0};
    path_ = std::string(BYLINE_SOURCE_DIR) + "/build-ner-test-" + std::to_string(::getpid()) + "-" +
            std::to_string(count++) + ".tmp";
    std::ofstream(path_) << content;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The synthetic corpus's first names share one word-vector row and its cities another,
// with an unseen name (Zara) and city (Quito) in the same rows.
const char* kVectorRows =
    "# word<TAB>row\nJohn\t1\nMaria\t1\nPeter\t1\nAnna\t1\nOmar\t1\nLena\t1\nZara\t1\n"
    "Paris\t2\nTokyo\t2\nLagos\t2\nLima\t2\nOslo\t2\nCairo\t2\nQuito\t2\n";

// The tiny model trained with a resource file (word-vector rows, gazetteer) of `content`.
std::shared_ptr<byline::EntityRecognizer> tiny_model_with(std::string byline::NerTrainOptions::* file,
                                                          const std::string& content) {
  const TempFile f(content);
  byline::NerTrainOptions o;
  o.epochs = 4;
  o.seed = 7;
  o.*file = f.path();
  return byline::train_recognizer(byline::parse_conll(synthetic_conll(8)), {}, o);
}

std::shared_ptr<byline::EntityRecognizer> tiny_model_with_vectors() {
  return tiny_model_with(&byline::NerTrainOptions::vectors_path, kVectorRows);
}

std::string words_to_conll(const std::vector<std::string>& w, const std::vector<std::string>& t) {
  std::string s;
  for (std::size_t i = 0; i < w.size(); ++i) s += w[i] + " " + t[i] + "\n";
  return s;
}

}  // namespace

TEST_CASE("ner: parse_conll splits documents and sentences", "[ner]") {
  std::string text =
      "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n\n"
      "-DOCSTART- -X- O O\n\nBonn NNP I-NP I-LOC\n";
  auto docs = byline::parse_conll(text);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].words == std::vector<std::string>{"EU", "rejects", "Peter"});
  CHECK(docs[0].tags == std::vector<std::string>{"I-ORG", "O", "I-PER"});
  REQUIRE(docs[0].sentences.size() == 2);
  CHECK(docs[0].sentences[1].begin == 2);
  CHECK(docs[1].words == std::vector<std::string>{"Bonn"});
  CHECK_THROWS_AS(byline::parse_conll("lonely\n"), byline::FormatError);
  // tags of no scheme, plain text and binary data: the name, the line and an escaped excerpt
  CHECK_THROWS_WITH(byline::parse_conll("a O\nb XYZ\n", "f.conll"),
                    Catch::StartsWith("f.conll:2: tag 'XYZ' is not O or B-, I-, E-, S-, L- or U- and a type"));
  CHECK_THROWS_WITH(byline::parse_conll("The cat sat on the mat\n"), Catch::StartsWith("CoNLL line 1: tag 'mat'"));
  CHECK_THROWS_WITH(byline::parse_conll("a B-\x01\n"), Catch::Contains("'B-\\x01'"));
  CHECK_THROWS_WITH(byline::parse_conll(std::string("a O\n\n\x1b\x00\xff", 8), "b.bin"),
                    Catch::StartsWith("b.bin:3: not valid UTF-8 (byte 7 of the file, 2 of the line"));
  for (const char* ok : {"a O\n", "a B-PER\nb I-PER\n", "a U-X\nb S-Y\nc E-Z\nd L-W\n", "a B-GPE|LOC\n"})
    CHECK_NOTHROW(byline::parse_conll(ok));

  byline::Doc d = byline::conll_to_doc(docs[0]);
  CHECK(d.text() == "EU rejects\nPeter");
  CHECK(d.size() == 3);
  CHECK(d.token_text(2) == "Peter");
  CHECK(d.sentences().size() == 2);
}

TEST_CASE("ner: chunking follows conlleval for IOB1 and IOB2", "[ner]") {
  using V = std::vector<std::string>;
  // IOB1: B- only between adjacent entities of the same type.
  auto s1 = byline::tags_to_spans(V{"I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "I-ORG"});
  REQUIRE(s1.size() == 4);
  CHECK(s1[0] == byline::TagSpan{0, 2, "PER"});
  CHECK(s1[1] == byline::TagSpan{2, 3, "PER"});
  CHECK(s1[2] == byline::TagSpan{4, 5, "LOC"});
  CHECK(s1[3] == byline::TagSpan{5, 7, "ORG"});
  // IOB2, plus an I- after O that conlleval treats as a start.
  auto s2 = byline::tags_to_spans(V{"B-PER", "I-PER", "O", "I-MISC", "B-LOC", "I-LOC"});
  REQUIRE(s2.size() == 3);
  CHECK(s2[0] == byline::TagSpan{0, 2, "PER"});
  CHECK(s2[1] == byline::TagSpan{3, 4, "MISC"});
  CHECK(s2[2] == byline::TagSpan{4, 6, "LOC"});
  // BILOU input chunks the same way.
  auto s3 = byline::tags_to_spans(V{"B-ORG", "L-ORG", "U-ORG", "O"});
  REQUIRE(s3.size() == 2);
  CHECK(s3[1] == byline::TagSpan{2, 3, "ORG"});
}

TEST_CASE("ner: evaluation arithmetic matches a hand-computed example", "[ner]") {
  using V = std::vector<std::string>;
  // gold:  [John Smith]PER visited [Paris]LOC and [Acme]ORG      (IOB1)
  // pred:  [John]PER [Smith]PER visited [Paris]LOC and [Acme]LOC (IOB2)
  V gold{"I-PER", "I-PER", "O", "I-LOC", "O", "I-ORG"};
  V pred{"B-PER", "B-PER", "O", "B-LOC", "O", "B-LOC"};
  auto ev = byline::score_tags({gold}, {pred});
  // gold 3 chunks, predicted 4, correct 1 (Paris).
  CHECK(ev.overall.gold == 3);
  CHECK(ev.overall.predicted == 4);
  CHECK(ev.overall.correct == 1);
  CHECK(ev.overall.precision == Approx(25.0));
  CHECK(ev.overall.recall == Approx(100.0 / 3));
  CHECK(ev.overall.f1 == Approx(2 * 25.0 * (100.0 / 3) / (25.0 + 100.0 / 3)));
  REQUIRE(ev.per_type.size() == 3);
  CHECK(ev.per_type[0].type == "LOC");
  CHECK(ev.per_type[0].precision == Approx(50.0));
  CHECK(ev.per_type[0].recall == Approx(100.0));
  CHECK(ev.per_type[1].type == "ORG");
  CHECK(ev.per_type[1].f1 == Approx(0.0));
  CHECK(ev.per_type[2].type == "PER");
  CHECK(ev.per_type[2].predicted == 2);
  CHECK(ev.tokens == 6);
  CHECK_THROWS_AS(byline::score_tags({gold}, {V{"O"}}), std::invalid_argument);
  // A blank line (new sequence) ends a chunk: I-LOC | I-LOC is two entities.
  auto ev2 = byline::score_tags({V{"I-LOC"}, V{"I-LOC"}}, {V{"B-LOC"}, V{"B-LOC"}});
  CHECK(ev2.overall.gold == 2);
  CHECK(ev2.overall.f1 == Approx(100.0));
  auto json = ev.to_json();
  CHECK(json.find("\"per_type\"") != std::string::npos);
  CHECK(json.find("\"tokens_per_second\"") != std::string::npos);
}

TEST_CASE("ner: training is deterministic for a seed and learns the synthetic corpus", "[ner]") {
  auto a = tiny_model(7);
  auto b = tiny_model(7);
  CHECK(a->serialize() == b->serialize());
  CHECK(a->entity_types() == std::vector<std::string>{"LOC", "ORG", "PER"});
  auto docs = byline::parse_conll(synthetic_conll(2));
  auto ev = byline::evaluate(*a, docs);
  CHECK(ev.overall.f1 > 95.0);
  byline::NerTrainOptions bad;
  bad.epochs = 0;
  CHECK_THROWS_AS(byline::train_recognizer(docs, {}, bad), byline::ConfigError);
  bad.epochs = 1;
  bad.disable = {"no-such-group"};
  CHECK_THROWS_AS(byline::train_recognizer(docs, {}, bad), byline::ConfigError);
  // a tag type outside the model's types, or of type O, is an error (not silently O)
  byline::NerTrainOptions subset;
  subset.epochs = 1;
  subset.types = {"PER", "ORG"};
  CHECK_THROWS_AS(byline::train_recognizer(docs, {}, subset), byline::ConfigError);
  auto o_tag = byline::parse_conll("John B-PER\nvisited O\nthere B-O\n");
  byline::NerTrainOptions one;
  one.epochs = 1;
  CHECK_THROWS_AS(byline::train_recognizer(o_tag, {}, one), byline::ConfigError);
}

TEST_CASE("ner: word dropout is deterministic, changes the model and is checked", "[ner]") {
  const auto docs = byline::parse_conll(synthetic_conll(8));
  byline::NerTrainOptions o;
  o.epochs = 4;
  o.seed = 7;
  o.word_dropout = 0.3f;
  const auto a = byline::train_recognizer(docs, {}, o);
  const auto b = byline::train_recognizer(docs, {}, o);
  CHECK(a->serialize() == b->serialize());
  CHECK(a->serialize() != tiny_model(7)->serialize());
  CHECK(byline::evaluate(*a, byline::parse_conll(synthetic_conll(2))).overall.f1 > 95.0);
  for (float bad : {-0.1f, 1.0f, std::nanf("")}) {
    o.word_dropout = bad;
    CHECK_THROWS_AS(byline::train_recognizer(docs, {}, o), byline::ConfigError);
  }
}

TEST_CASE("ner: a training margin is deterministic, changes the model and is checked", "[ner]") {
  const auto docs = byline::parse_conll(synthetic_conll(8));
  byline::NerTrainOptions o;
  o.epochs = 4;
  o.seed = 7;
  o.margin = 20.0f;
  const auto a = byline::train_recognizer(docs, {}, o);
  CHECK(a->serialize() == byline::train_recognizer(docs, {}, o)->serialize());
  // the weights differ from the plain perceptron's, not only the recorded option
  const auto plain = tiny_model(7);
  CHECK((a->impl().ent_w != plain->impl().ent_w || a->impl().trans != plain->impl().trans));
  CHECK(byline::evaluate(*a, byline::parse_conll(synthetic_conll(2))).overall.f1 > 95.0);
  for (float bad : {-1.0f, 1000.0f, std::nanf("")}) {
    o.margin = bad;
    CHECK_THROWS_AS(byline::train_recognizer(docs, {}, o), byline::ConfigError);
  }
}

TEST_CASE("ner: unicode_shapes is saved with the model and read back", "[ner]") {
  // Names that start with a non-ASCII capital, in the synthetic sentences' frame.
  std::string conll = synthetic_conll(6);
  for (int i = 0; i < 20; ++i) conll += "\xC3\x96rebro B-LOC\nis O\nnice O\n\n\xC3\x85sa B-PER\nsaid O\nso O\n\n";
  const auto docs = byline::parse_conll(conll);
  byline::NerTrainOptions o;
  o.epochs = 3;
  o.seed = 7;
  const auto ascii = byline::train_recognizer(docs, {}, o);
  o.unicode_shapes = true;
  const auto unicode = byline::train_recognizer(docs, {}, o);
  // The option changes the features themselves, not only the config key: the shape
  // features of the non-ASCII names differ, so the feature tables differ in size.
  auto features = [](const byline::EntityRecognizer& m) {
    const std::string info = m.info_json();
    const auto at = info.find("\"features\":");
    REQUIRE(at != std::string::npos);
    return std::stol(info.substr(at + 11));
  };
  CHECK(features(*ascii) != features(*unicode));
  const std::string bytes = unicode->serialize();
  const auto back = byline::EntityRecognizer::load_from_buffer(bytes);
  CHECK(back->serialize() == bytes);
  CHECK(back->info_json().find("\"unicode_shapes\":true") != std::string::npos);
  const auto ascii_back = byline::EntityRecognizer::load_from_buffer(ascii->serialize());
  CHECK(ascii_back->info_json().find("unicode_shapes") == std::string::npos);
  const byline::Doc d = byline::conll_to_doc(byline::parse_conll("\xC3\x96rebro O\nis O\nnice O\n")[0]);
  CHECK(back->predict_tags(d) == unicode->predict_tags(d));
}

TEST_CASE("ner: min_weight prunes small weights and keeps the large ones", "[ner]") {
  auto docs = byline::parse_conll(synthetic_conll(8));
  byline::NerTrainOptions o;
  o.epochs = 4;
  o.seed = 7;
  auto full = byline::train_recognizer(docs, {}, o);
  o.min_weight = 2000;
  auto pruned = byline::train_recognizer(docs, {}, o);
  const auto& f = full->impl();
  const auto& p = pruned->impl();
  CHECK(p.ent_w.size() < f.ent_w.size());
  CHECK(p.row_key.size() <= f.row_key.size());
  for (auto w : p.ent_w) CHECK(std::abs(static_cast<int>(w)) > 2000);
  // What is kept is the full model's weights, unchanged: same scale, same values.
  CHECK(p.scale == f.scale);
  std::size_t kept = 0;
  for (auto w : f.ent_w) kept += std::abs(static_cast<int>(w)) > 2000;
  CHECK(p.ent_w.size() == kept);
  CHECK(p.info.at("min_weight") == 2000);
  // The synthetic corpus is still learned.
  CHECK(byline::evaluate(*pruned, byline::parse_conll(synthetic_conll(2))).overall.f1 > 95.0);
}

TEST_CASE("ner: model round trip through bytes and files", "[ner]") {
  auto m = tiny_model();
  std::string bytes = m->serialize();
  auto back = byline::EntityRecognizer::load_from_buffer(bytes);
  CHECK(back->serialize() == bytes);
  auto docs = byline::parse_conll(synthetic_conll(1));
  byline::Doc d1 = byline::conll_to_doc(docs[0]);
  CHECK(m->predict_tags(d1) == back->predict_tags(d1));

  const TempFile file;
  m->save(file.path());
  auto from_file = byline::EntityRecognizer::load(file.path());
  CHECK(from_file->serialize() == bytes);
  CHECK(from_file->info_json().find("\"labels\"") != std::string::npos);
}

TEST_CASE("ner: damaged model files raise ModelError naming the problem", "[ner]") {
  std::string bytes = tiny_model()->serialize();
  auto fails_with = [](const std::string& b, const std::string& what) {
    try {
      byline::EntityRecognizer::load_from_buffer(b);
    } catch (const byline::ModelError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(what) != std::string::npos);
      return;
    }
    FAIL("no ModelError for " + what);
  };
  SECTION("truncated") {
    fails_with(bytes.substr(0, bytes.size() / 2), "truncated");
    fails_with(bytes.substr(0, 10), "truncated");
    fails_with("", "truncated");
  }
  SECTION("corrupted payload") {
    std::string b = bytes;
    b[b.size() / 2] = static_cast<char>(b[b.size() / 2] ^ 0x5A);
    fails_with(b, "checksum");
  }
  SECTION("bad magic") {
    std::string b = bytes;
    b[0] = 'X';
    fails_with(b, "magic");
  }
  SECTION("wrong version") {
    std::string b = bytes;
    std::uint32_t v = 99;
    std::memcpy(&b[4], &v, 4);
    fails_with(b, "version 99");
  }
  SECTION("missing file") {
    CHECK_THROWS_AS(byline::EntityRecognizer::load("/nonexistent/model.bin"), byline::ModelError);
  }
}

TEST_CASE("ner: annotate adds model entities with news-schema labels", "[ner]") {
  auto m = tiny_model();
  byline::Tokenizer tok;
  byline::Doc doc = tok.tokenize(std::string_view("Maria Garcia flew to Oslo for Hooli Corp."));
  m->annotate(doc);
  REQUIRE(doc.num_entities() >= 1);
  bool person = false;
  for (const auto& e : doc.entities()) {
    CHECK(e.source == byline::EntitySource::kModel);
    CHECK(e.tok_end > e.tok_begin);
    if (e.label == "PERSON") person = true;
  }
  CHECK(person);
  // Total on odd input.
  byline::Doc empty = tok.tokenize(std::string_view(""));
  CHECK(m->predict_tags(empty).empty());
  m->annotate(empty);
  CHECK(empty.num_entities() == 0);
  byline::Doc raw("no sentences here");
  raw.push_token(0, 2, 0, 2, byline::TokenKind::kWord, 0);
  CHECK(m->predict_tags(raw).size() == 1);
  // One 5000-token "sentence" (decoded in bounded chunks), long and odd tokens.
  std::string big;
  for (int i = 0; i < 5000; ++i) big += (i % 7 == 0 ? "Oslo " : "x ");
  big += std::string(20000, 'A') + " \xC3\xA9\xC3\xA9 -- ";
  byline::TokenizerOptions one;
  one.split_sentences = false;
  byline::Tokenizer tok1(one);
  byline::Doc long_doc = tok1.tokenize(std::string_view(big));
  auto tags = m->predict_tags(long_doc);
  CHECK(tags.size() == long_doc.size());
  m->annotate(long_doc);
  for (const auto& e : long_doc.entities()) CHECK(e.tok_end <= long_doc.size());
}

TEST_CASE("ner: inference is identical across threads", "[ner]") {
  std::shared_ptr<const byline::EntityRecognizer> m = tiny_model();
  auto docs = byline::parse_conll(synthetic_conll(6));
  std::vector<byline::Doc> in;
  for (const auto& d : docs) in.push_back(byline::conll_to_doc(d));
  std::vector<std::vector<std::string>> expect;
  for (const auto& d : in) expect.push_back(m->predict_tags(d));
  const int kThreads = 4;
  std::vector<int> ok(kThreads, 0);
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      int good = 1;
      for (int rep = 0; rep < 20; ++rep)
        for (std::size_t k = 0; k < in.size(); ++k) {
          std::size_t j = (k + static_cast<std::size_t>(t)) % in.size();
          good &= m->predict_tags(in[j]) == expect[j];
        }
      ok[static_cast<std::size_t>(t)] = good;
    });
  for (auto& t : ts) t.join();
  for (int t = 0; t < kThreads; ++t) CHECK(ok[static_cast<std::size_t>(t)] == 1);
  (void)words_to_conll;
}

TEST_CASE("ner: corrupted payloads with a valid checksum never crash the loader", "[ner]") {
  const bool vectors = GENERATE(false, true);
  const std::string bytes = (vectors ? tiny_model_with_vectors() : tiny_model())->serialize();
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  int loaded = 0, rejected = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::string b = bytes;
    const int flips = 1 + static_cast<int>(next() % 4);
    for (int k = 0; k < flips; ++k) {
      std::size_t pos = 24 + next() % (b.size() - 24);
      b[pos] = static_cast<char>(next() & 0xFF);
    }
    if (trial % 5 == 0) b.resize(24 + next() % (b.size() - 24));  // truncated payload, header fixed below
    std::uint64_t psize = b.size() - 24;
    std::memcpy(&b[8], &psize, 8);
    std::uint64_t sum = byline::ner::checksum64(b.data() + 24, b.size() - 24);
    std::memcpy(&b[16], &sum, 8);
    try {
      auto m = byline::EntityRecognizer::load_from_buffer(b);
      byline::Doc d = byline::conll_to_doc(byline::parse_conll(synthetic_conll(1))[0]);
      CHECK(m->predict_tags(d).size() == d.size());
      ++loaded;
    } catch (const byline::ModelError&) {
      ++rejected;
    }
  }
  CHECK(loaded + rejected == 400);
  CHECK(rejected > 0);
}

TEST_CASE("ner: word-vector rows are a feature of the word, stored with the model", "[ner]") {
  // Rows as a word-vector table gives them: spellings that share a row share a feature.
  const TempFile rows(kVectorRows);
  auto docs = byline::parse_conll(synthetic_conll(8));
  byline::NerTrainOptions o;
  o.epochs = 4;
  o.seed = 7;
  o.vectors_path = rows.path();
  auto with = byline::train_recognizer(docs, {}, o);
  o.disable = {"casevariant", "vectors"};
  auto without = byline::train_recognizer(docs, {}, o);
  CHECK(with->impl().res.vec_rows == 3);
  CHECK(with->impl().res.vec_index.size() == 14);
  CHECK(without->impl().res.vec_index.empty());
  CHECK(with->serialize() != without->serialize());
  // The rows travel with the model, and the model reads back identically.
  const std::string bytes = with->serialize();
  auto back = byline::EntityRecognizer::load_from_buffer(bytes);
  CHECK(back->serialize() == bytes);
  CHECK(back->impl().res.vec_index.size() == 14);
  // The row carries a feature to spellings never seen in training.
  byline::Tokenizer tok;
  byline::Doc d = tok.tokenize(std::string_view("Zara Kim flew to Quito for Acme Corp ."));
  auto tags = back->predict_tags(d);
  INFO(d.size());
  CHECK(tags[0] == "B-PER");
  CHECK(tags[4] == "B-LOC");
  // The rows' features were learned and kept (first names: row 1, cities: row 2).
  const auto& keys = back->impl().row_key;
  for (std::uint64_t row : {1, 2}) {
    const std::uint64_t key = byline::ner::feat1(500, row + 1);
    CHECK(std::find(keys.begin(), keys.end(), key) != keys.end());
    CHECK(std::find(without->impl().row_key.begin(), without->impl().row_key.end(), key) ==
          without->impl().row_key.end());
  }

  auto refused = [&](const std::string& text) {
    const TempFile f(text);
    byline::NerTrainOptions bad;
    bad.epochs = 1;
    bad.vectors_path = f.path();
    CHECK_THROWS_AS(byline::train_recognizer(docs, {}, bad), byline::ConfigError);
  };
  refused("John 1\n");       // no tab
  refused("John\tone\n");    // not a number
  refused("John\t65535\n");  // beyond the uint16 rows
  refused("John\t-1\n");     // negative
  refused("John\t1\tx\n");   // extra column
  refused("# only a comment\n");
}

TEST_CASE("ner: a model without vector rows is written as format 2, one with them as format 3", "[ner]") {
  auto version_of = [](const std::string& b) {
    std::uint32_t v = 0;
    std::memcpy(&v, b.data() + 4, 4);
    return v;
  };
  const std::string plain = tiny_model()->serialize();
  const std::string with = tiny_model_with_vectors()->serialize();
  CHECK(version_of(plain) == 2);  // readable by builds that know format 2 only
  CHECK(version_of(with) == 3);
  CHECK(plain.find("vector_rows") == std::string::npos);
  CHECK(with.find("vector_rows") != std::string::npos);
  CHECK(byline::EntityRecognizer::load_from_buffer(plain)->serialize() == plain);
  CHECK(byline::EntityRecognizer::load_from_buffer(with)->serialize() == with);
  // A format-3 file must carry the vector section: marked 3 without it, it is refused.
  std::string b = plain;
  std::uint32_t v = 3;
  std::memcpy(&b[4], &v, 4);
  CHECK_THROWS_AS(byline::EntityRecognizer::load_from_buffer(b), byline::ModelError);
}

TEST_CASE("ner: span confidence grows with the margin and is a probability", "[ner]") {
  byline::EntityRecognizer::Impl impl;
  CHECK(impl.span_confidence(3.0f) == 1.0f);  // uncalibrated (older models): score 1
  impl.calib_a = 1.4f;
  impl.calib_b = -4.0f;
  const float none = impl.span_confidence(0.0f), some = impl.span_confidence(20.0f),
              clear = impl.span_confidence(5000.0f);
  CHECK(none < 0.05f);  // sigmoid(-4) = 0.018: a span that barely wins is rarely right
  CHECK(none < some);
  CHECK(some < clear);
  CHECK(clear > 0.99f);
  CHECK(clear < 1.0f);
}

TEST_CASE("ner: margin_for_confidence inverts span_confidence", "[ner]") {
  byline::EntityRecognizer::Impl impl;
  impl.calib_a = 1.4f;
  impl.calib_b = -4.0f;
  for (float m : {0.5f, 10.0f, 300.0f, 4000.0f}) {
    const float p = impl.span_confidence(m);
    CHECK(impl.span_confidence(impl.margin_for_confidence(p)) == Approx(p).epsilon(1e-4));
  }
}

namespace {
// An Impl with the label tables of `types` and no weights: enough for harmonise_types().
std::unique_ptr<byline::EntityRecognizer::Impl> labels_only(std::vector<std::string> types) {
  auto impl = std::make_unique<byline::EntityRecognizer::Impl>();
  impl->types = std::move(types);
  impl->labels = byline::ner::bilou_labels(impl->types);
  const std::size_t L = impl->labels.size();
  impl->row_off = {0};
  impl->trans.assign((L + 1) * L, 0.0f);
  impl->finish_init();
  impl->calib_a = 1.4f;
  impl->calib_b = -4.0f;
  return impl;
}
int label_id(const byline::EntityRecognizer::Impl& impl, const std::string& label) {
  return static_cast<int>(std::find(impl.labels.begin(), impl.labels.end(), label) - impl.labels.begin());
}
}  // namespace

TEST_CASE("ner: one type per spelling in a document, unless a mention is surer than the vote", "[ner]") {
  const auto impl = labels_only({"GPE", "ORG", "PERSON"});
  auto id = [&](const char* l) { return label_id(*impl, l); };
  const std::vector<std::string_view> words{"Jordan", "said", "Jordan", "met",  "Jordan", "in",
                                            "New",    "York", "New",    "York", "Jordan", "."};
  std::vector<int> ids{id("U-PERSON"), id("O"),     id("U-PERSON"), id("O"),     id("U-GPE"), id("O"),
                       id("B-GPE"),    id("L-GPE"), id("B-ORG"),    id("L-ORG"), id("U-GPE"), id("O")};
  const float sure = impl->margin_for_confidence(0.95f), unsure = impl->margin_for_confidence(0.3f),
              surest = impl->margin_for_confidence(0.99f);
  std::vector<float> margins{sure, 0, sure, 0, unsure, 0, sure, sure, unsure, sure, surest, 0};
  impl->harmonise_types(words, ids, margins);
  // Votes for "Jordan": PERSON 1.9, GPE 1.29. The unsure GPE mention (0.3) takes PERSON with
  // the vote share as its confidence; the one surer of GPE (0.99) than the share keeps it.
  CHECK(ids[0] == id("U-PERSON"));
  CHECK(ids[4] == id("U-PERSON"));
  CHECK(impl->span_confidence(margins[4]) == Approx(1.9f / 3.19f).epsilon(1e-3));
  CHECK(ids[10] == id("U-GPE"));
  CHECK(margins[10] == surest);
  // A multi-token span keeps its positions and takes the type of the sure mention.
  CHECK(ids[8] == id("B-GPE"));
  CHECK(ids[9] == id("L-GPE"));
  CHECK(ids[6] == id("B-GPE"));
  // Tokens outside spans are untouched.
  CHECK(ids[1] == id("O"));
  CHECK(margins[1] == 0.0f);

  // An uncalibrated model (every confidence 1) changes nothing.
  auto uncalibrated = labels_only({"GPE", "ORG", "PERSON"});
  uncalibrated->calib_a = uncalibrated->calib_b = 0.0f;
  std::vector<int> mixed{id("U-PERSON"), id("U-PERSON"), id("U-GPE")};
  std::vector<float> m0{sure, sure, unsure};
  uncalibrated->harmonise_types({"Jordan", "Jordan", "Jordan"}, mixed, m0);
  CHECK(mixed[2] == id("U-GPE"));

  // The spelling of a heading in capitals votes with the article's ("ROTOR" and "Rotor").
  std::vector<int> caps{id("U-PERSON"), id("U-ORG"), id("U-ORG")};
  std::vector<float> mc{unsure, sure, sure};
  impl->harmonise_types({"ROTOR", "Rotor", "Rotor"}, caps, mc);
  CHECK(caps[0] == id("U-ORG"));

  // A spelling met once, or with one type throughout, is left as it is.
  std::vector<int> once{id("U-ORG"), id("O")};
  std::vector<float> m1{unsure, 0};
  impl->harmonise_types({"Acme", "."}, once, m1);
  CHECK(once[0] == id("U-ORG"));
  CHECK(m1[0] == unsure);
}

TEST_CASE("ner: a one-word mention of a person's surname is that person, unless surer of its own type", "[ner]") {
  const auto impl = labels_only({"GPE", "ORG", "PERSON"});
  auto id = [&](const char* l) { return label_id(*impl, l); };
  const float sure = impl->margin_for_confidence(0.95f), unsure = impl->margin_for_confidence(0.4f),
              surest = impl->margin_for_confidence(0.99f);
  // "MaliVai Washington beat Washington , Washington won ." with the first and the third
  // mention of the surname tagged GPE.
  const std::vector<std::string_view> words{"MaliVai", "Washington", "beat", "Washington",
                                            ",",       "Washington", "won",  "."};
  std::vector<int> ids{id("B-PERSON"), id("L-PERSON"), id("O"), id("U-GPE"), id("O"), id("U-GPE"), id("O"), id("O")};
  std::vector<float> margins{sure, sure, 0, unsure, 0, surest, 0, 0};
  impl->harmonise_types(words, ids, margins);
  // The unsure GPE takes PERSON with the name's confidence; the one surer than the name keeps GPE.
  CHECK(ids[3] == id("U-PERSON"));
  CHECK(impl->span_confidence(margins[3]) == Approx(0.95f).epsilon(1e-3));
  CHECK(ids[5] == id("U-GPE"));
  CHECK(margins[5] == surest);
  CHECK(ids[0] == id("B-PERSON"));
  CHECK(ids[1] == id("L-PERSON"));

  // Not at the end of a sentence: "Jack London wrote . He missed London ."
  const std::vector<std::string_view> w4{"Jack", "London", "wrote", ".", "He", "missed", "London", "."};
  std::vector<int> ids4{id("B-PERSON"), id("L-PERSON"), id("O"), id("O"), id("O"), id("O"), id("U-GPE"), id("O")};
  std::vector<float> m4{surest, surest, 0, 0, 0, 0, unsure, 0};
  impl->harmonise_types(w4, ids4, m4);
  CHECK(ids4[6] == id("U-GPE"));

  // Not after a preposition of place or an article: "Denzel Washington flew to Washington".
  const std::vector<std::string_view> w3{"Denzel",     "Washington", "flew", "to",
                                         "Washington", "and",        "the",  "Washington"};
  std::vector<int> ids3{id("B-PERSON"), id("L-PERSON"), id("O"), id("O"), id("U-GPE"), id("O"), id("O"), id("U-ORG")};
  std::vector<float> m3{surest, surest, 0, 0, unsure, 0, 0, unsure};
  impl->harmonise_types(w3, ids3, m3);
  CHECK(ids3[4] == id("U-GPE"));
  CHECK(ids3[7] == id("U-ORG"));

  // Only a one-word span: "Washington State" keeps its type; a first name is no surname;
  // a token outside every span stays outside.
  const std::vector<std::string_view> w2{"Ann", "Lee", "visited", "Lee", "County", "and", "Ann", "Arbor", "Lee"};
  std::vector<int> ids2{id("B-PERSON"), id("L-PERSON"), id("O"), id("B-GPE"), id("L-GPE"),
                        id("O"),        id("U-GPE"),    id("O"), id("O")};
  std::vector<float> m2{sure, sure, 0, unsure, unsure, 0, unsure, 0, 0};
  impl->harmonise_types(w2, ids2, m2);
  CHECK(ids2[3] == id("B-GPE"));
  CHECK(ids2[4] == id("L-GPE"));
  CHECK(ids2[6] == id("U-GPE"));
  CHECK(ids2[8] == id("O"));
}

TEST_CASE("ner: a one-word person that starts a company's name is that company", "[ner]") {
  const auto impl = labels_only({"GPE", "ORG", "PERSON"});
  const TempFile designators("org_suffix\tSA\norg_suffix\tCorp\n");
  impl->res.load_gazetteer(designators.path());
  impl->res.build_index();
  auto id = [&](const char* l) { return label_id(*impl, l); };
  const float sure = impl->margin_for_confidence(0.95f), unsure = impl->margin_for_confidence(0.4f),
              surest = impl->margin_for_confidence(0.99f);
  // "Kolporter SA sold . Kolporter said , Kolporter won ." with the two lone mentions PERSON,
  // the second surer than the organisation's name.
  const std::vector<std::string_view> words{"Kolporter", "SA",        "sold", ".", "Kolporter",
                                            "said",      "Kolporter", "won",  "."};
  std::vector<int> ids{id("B-ORG"), id("L-ORG"),    id("O"), id("O"), id("U-PERSON"),
                       id("O"),     id("U-PERSON"), id("O"), id("O")};
  std::vector<float> margins{sure, sure, 0, 0, unsure, 0, surest, 0, 0};
  impl->harmonise_types(words, ids, margins);
  CHECK(ids[4] == id("U-ORG"));
  CHECK(impl->span_confidence(margins[4]) == Approx(0.95f).epsilon(1e-3));
  CHECK(ids[6] == id("U-PERSON"));  // surer of PERSON than the name of ORG
  CHECK(margins[6] == surest);

  // Not a word of a person's full name: "Michael Dell" beside "Dell Computer".
  const std::vector<std::string_view> w2{"Michael", "Dell", "founded", "Dell", "Computer", ".", "Dell", "said"};
  std::vector<int> ids2{id("B-PERSON"), id("L-PERSON"), id("O"),        id("B-ORG"),
                        id("L-ORG"),    id("O"),        id("U-PERSON"), id("O")};
  std::vector<float> m2{sure, sure, 0, surest, surest, 0, unsure, 0};
  impl->harmonise_types(w2, ids2, m2);
  CHECK(ids2[6] == id("U-PERSON"));

  // Only a company name that ends in a designator: "Trump" beside "Trump Media" keeps PERSON.
  const std::vector<std::string_view> w4{"Trump", "Media", "fell", ".", "Trump", "sold"};
  std::vector<int> ids4{id("B-ORG"), id("L-ORG"), id("O"), id("O"), id("U-PERSON"), id("O")};
  std::vector<float> m4{surest, surest, 0, 0, unsure, 0};
  impl->harmonise_types(w4, ids4, m4);
  CHECK(ids4[4] == id("U-PERSON"));

  // Only a person: a one-word place that starts an organisation's name keeps its type
  // ("Boston" beside "Boston Red Sox").
  const std::vector<std::string_view> w3{"Boston", "Red", "Sox", "won", "in", "Boston", "."};
  std::vector<int> ids3{id("B-ORG"), id("I-ORG"), id("L-ORG"), id("O"), id("O"), id("U-GPE"), id("O")};
  std::vector<float> m3{surest, surest, surest, 0, 0, unsure, 0};
  impl->harmonise_types(w3, ids3, m3);
  CHECK(ids3[5] == id("U-GPE"));
}

TEST_CASE("ner: a CoNLL-typed model's LOC is GPE when the gazetteer lists the place", "[ner]") {
  auto m = tiny_model_with(&byline::NerTrainOptions::gazetteer_path, "city\tOslo\ncity\tParis\n");
  CHECK(m->schema_label("LOC", "Oslo") == "GPE");
  CHECK(m->schema_label("LOC", "Cairo") == "LOC");  // not in the gazetteer
  CHECK(m->schema_label("PER", "Anna Berg") == "PERSON");
  byline::Tokenizer tok;
  byline::Doc doc = tok.tokenize(std::string_view("Maria Garcia flew to Oslo for Hooli Corp."));
  m->annotate(doc);
  bool gpe = false;
  for (const auto& e : doc.entities()) gpe = gpe || (e.label == "GPE" && doc.token_text(e.tok_begin) == "Oslo");
  CHECK(gpe);
}

TEST_CASE("ner: the word cache keeps pointers valid over make_room(n) inserts", "[ner]") {
  // decode_doc() gathers a sentence's cache blocks before using any: make_room(n) must
  // empty a nearly full cache first, so that none of the n inserts empties it under them.
  byline::ner::WordCache cache;
  constexpr std::size_t L = 3;
  cache.reset(7, L);
  const std::size_t fill = byline::ner::WordCache::kMaxRun - 3;
  for (std::uint64_t k = 1; k <= fill; ++k) cache.insert(k)[0] = 1.0f;
  cache.make_room(10);
  std::vector<float*> kept;
  for (std::uint64_t k = 0; k < 10; ++k) {
    float* v = cache.insert(1000000 + k);
    v[0] = static_cast<float>(k);
    v[1] = static_cast<float>(k) + 0.5f;
    kept.push_back(v);
  }
  for (std::uint64_t k = 0; k < 10; ++k) {
    INFO("insert " << k);
    CHECK(cache.find(1000000 + k) == kept[k]);
    CHECK(kept[k][0] == static_cast<float>(k));
    CHECK(kept[k][1] == static_cast<float>(k) + 0.5f);
  }
  CHECK(cache.find(1) == nullptr);  // emptied by make_room
  // With room to spare, make_room keeps what the cache holds.
  cache.make_room(10);
  CHECK(cache.find(1000000) == kept[0]);
}

TEST_CASE("ner: the training options of the command lines are defined once", "[ner]") {
  using Kind = byline::TrainOptionSpec::Kind;
  const byline::NerTrainOptions defaults;
  byline::NerTrainOptions o;
  std::vector<std::string> names;
  for (const auto& spec : byline::train_option_specs()) {
    names.push_back(spec.name);
    // every option has a meaning, and its default is the NerTrainOptions default
    if (!spec.default_value.empty()) {
      byline::NerTrainOptions d;
      byline::set_train_option(d, spec.name, spec.default_value);
      CHECK(d.epochs == defaults.epochs);
      CHECK(d.seed == defaults.seed);
      CHECK(d.min_feature_count == defaults.min_feature_count);
      CHECK(d.prune_threshold == defaults.prune_threshold);
      CHECK(d.min_weight == defaults.min_weight);
      CHECK(d.word_dropout == defaults.word_dropout);
      CHECK(d.margin == defaults.margin);
      CHECK(d.ensemble == defaults.ensemble);
      CHECK(d.disable == defaults.disable);
    }
    const std::string sample = spec.kind == Kind::kCount    ? std::to_string(spec.min + 2)
                               : spec.kind == Kind::kNumber ? "0.25"
                               : spec.kind == Kind::kList   ? "a, b"
                                                            : "x";
    CHECK_NOTHROW(byline::set_train_option(o, spec.name, sample));
    CHECK((spec.kind == Kind::kFlag) == spec.metavar.empty());
  }
  CHECK(names == std::vector<std::string>{"epochs", "seed", "clusters", "gazetteer", "vectors", "disable", "min-count",
                                          "prune", "min-weight", "word-dropout", "margin", "unicode-shapes",
                                          "no-keep-best", "ensemble", "types", "target-source"});
  CHECK(o.epochs == 3);
  CHECK(o.seed == 2);
  CHECK(o.min_feature_count == 3);
  CHECK(o.ensemble == 3);
  CHECK(o.prune_threshold == 0.25f);
  CHECK(o.word_dropout == 0.25f);
  CHECK(o.disable == std::vector<std::string>{"a", "b"});
  CHECK(o.types == std::vector<std::string>{"a", "b"});
  CHECK(o.clusters_path == "x");
  CHECK(o.target_source == "x");
  CHECK(o.unicode_shapes);
  CHECK_FALSE(o.keep_best);
  // a bad value or name is a ConfigError naming the option and the value
  auto fails = [&](const char* name, const char* value, const char* says) {
    try {
      byline::set_train_option(o, name, value);
      FAIL("no error for --" << name << " " << value);
    } catch (const byline::ConfigError& e) {
      CHECK_THAT(e.what(), Catch::Matchers::Contains(says));
    }
  };
  fails("epochs", "0", "--epochs needs an integer >= 1, not '0'");
  fails("epochs", "ten", "--epochs needs an integer >= 1, not 'ten'");
  fails("epochs", "99999999999", "--epochs is out of range");
  fails("seed", "-1", "--seed needs an integer >= 0, not '-1'");
  fails("prune", "-0.5", "--prune needs a number >= 0, not '-0.5'");
  fails("word-dropout", "nan", "--word-dropout needs a number in [0, 1), not 'nan'");
  fails("word-dropout", "1e999", "--word-dropout needs a number in [0, 1)");
  fails("margin", "-1", "--margin needs a number in [0, 1000), not '-1'");
  fails("colour", "red", "--colour is no training option");
  fails("types", ",,", "--types needs at least one type, not ',,'");
  fails("seed", "18446744073709551616", "--seed is out of range");
  CHECK_NOTHROW(byline::set_train_option(o, "seed", "18446744073709551615"));
  fails("word-dropout", "1", "--word-dropout needs a number in [0, 1), not '1'");
  fails("prune", "1e39", "--prune needs a number >= 0, not '1e39'");
}
