// Regression test of the shipped English news model (models/en_news): it loads,
// is small, and reproduces the CoNLL-2003 dev F1 recorded in its card (±0.3).
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "byline/ner.h"
#include "byline/tokenizer.h"

namespace {
const std::string kModelDir = std::string(BYLINE_SOURCE_DIR) + "/models/en_news";
bool exists(const std::string& p) { return std::ifstream(p).good(); }
}  // namespace

TEST_CASE("ner: shipped model loads, is small and tags news text", "[ner][shipped]") {
  const std::string path = kModelDir + "/model.bin";
  if (!exists(path)) {
    WARN("no shipped model at " << path << "; build it with tools/ner/build_model.sh");
    return;
  }
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  CHECK(static_cast<long long>(f.tellg()) < 40LL * 1024 * 1024);
  auto t0 = std::chrono::steady_clock::now();
  auto model = byline::EntityRecognizer::load(path);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  INFO("load took " << ms << " ms");
  CHECK(ms < 1000.0);  // budget is 200 ms; generous here for loaded CI machines
  CHECK(model->entity_types() == std::vector<std::string>{"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT",
                                                          "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"});

  byline::Tokenizer tok;
  byline::Doc doc = tok.tokenize(std::string_view(
      "German Chancellor Helmut Kohl met executives of Siemens AG in Munich on Tuesday, a spokesman said."));
  model->annotate(doc);
  std::vector<std::string> found;
  for (const auto& e : doc.entities()) {
    std::string text;
    for (auto i = e.tok_begin; i < e.tok_end; ++i) text += (i > e.tok_begin ? " " : "") + std::string(doc.token_text(i));
    found.push_back(e.label + ":" + text);
  }
  INFO("entities found");
  for (const auto& s : found) INFO(s);
  auto has = [&](const std::string& s) { return std::find(found.begin(), found.end(), s) != found.end(); };
  CHECK(has("PERSON:Helmut Kohl"));
  CHECK(has("GPE:Munich"));
  CHECK(has("NORP:German"));
  // Scores are calibrated probabilities, one per span.
  for (const auto& e : doc.entities()) {
    CHECK(e.score > 0.0f);
    CHECK(e.score < 1.0f);
  }
}

TEST_CASE("ner: shipped model reproduces its card's CoNLL-2003 dev F1", "[ner][shipped]") {
  const std::string path = kModelDir + "/model.bin";
  const std::string card_path = kModelDir + "/meta.json";
  const std::string dev_path = std::string(BYLINE_SHARED_DIR) + "/data/conll2003/eng.testa";
  REQUIRE(exists(path));
  REQUIRE(exists(card_path));
  if (!exists(dev_path)) {
    WARN("CoNLL dev data missing (" << dev_path << "); skipped");
    return;
  }
  std::ifstream cf(card_path);
  nlohmann::json card = nlohmann::json::parse(cf);
  const double card_f1 = card.at("dev").at("f1").get<double>();
  auto model = byline::EntityRecognizer::load(path);
  auto ev = byline::evaluate(*model, byline::read_conll(dev_path));
  INFO("dev F1 " << ev.overall.f1 << " card " << card_f1);
  CHECK(std::abs(ev.overall.f1 - card_f1) <= 0.3);
  CHECK(ev.tokens == 51362);
}
