// byline::Pipeline: the one composition of tokenizer, recognizer and ruler.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "byline/errors.h"
#include "byline/pipeline.h"

namespace {

const std::string kModel = std::string(BYLINE_SOURCE_DIR) + "/models/en_news/model.bin";
const std::string kGazetteers = std::string(BYLINE_SOURCE_DIR) + "/resources/gazetteers";

std::shared_ptr<const byline::Pipeline> shipped(const std::string& patterns = "") {
  byline::PipelineOptions o;
  o.ruler.resource_dir = kGazetteers;
  o.ruler.patterns_json = patterns;
  return byline::Pipeline::load(kModel, o);
}

std::vector<std::string> spans(const byline::Doc& d) {
  std::vector<std::string> out;
  for (const auto& e : d.entities())
    out.push_back(e.label + " " + std::to_string(e.tok_begin) + "-" + std::to_string(e.tok_end) + " " + e.value);
  return out;
}

const char* kText =
    "Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow on Monday, "
    "three days after Sberbank CEO German Gref said revenue rose 15% to $4.2 billion last year.";

}  // namespace

TEST_CASE("pipeline: process equals the stages run one after the other", "[pipeline]") {
  auto nlp = shipped();
  byline::DocOptions o;
  o.date = "2025-01-02";
  byline::Doc a = nlp->process(kText, o);

  auto model = byline::EntityRecognizer::load(kModel);
  byline::RulerOptions ro;
  ro.resource_dir = kGazetteers;
  auto ruler = byline::EntityRuler::create(ro);
  byline::Doc b = byline::Tokenizer().tokenize(std::string_view(kText));
  b.set_meta("date", "2025-01-02");
  model->annotate(b);
  ruler->annotate(b);
  CHECK(spans(a) == spans(b));
  CHECK(a.meta().at("date") == "2025-01-02");
  // The date anchors relative dates: "last year" resolves to 2024.
  bool last_year = false;
  for (const auto& e : a.entities()) last_year = last_year || (e.label == "DATE" && e.value.find("2024") != std::string::npos);
  CHECK(last_year);
  // Without the rules: the model's entities only.
  byline::PipelineOptions plain;
  plain.rules = false;
  auto model_only = byline::Pipeline::load(kModel, plain);
  CHECK(model_only->ruler() == nullptr);
  for (const auto& e : model_only->process(kText).entities()) CHECK(e.source == byline::EntitySource::kModel);
}

TEST_CASE("pipeline: process_batch equals process, in input order, on any thread count", "[pipeline]") {
  auto nlp = shipped();
  std::vector<std::string> texts = {kText, "", "Apple opened a store in Paris.", "NATO met in Brussels on 3 May 2024."};
  std::vector<std::string_view> views(texts.begin(), texts.end());
  for (int threads : {1, 2, 0}) {
    auto docs = nlp->process_batch(views, threads);
    REQUIRE(docs.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) CHECK(spans(docs[i]) == spans(nlp->process(views[i])));
  }
  std::vector<byline::DocOptions> opts(texts.size());
  opts[2].meta = {{"id", "a2"}};
  opts[3].date = "2024-05-04";
  auto docs = nlp->process_batch(views, 2, opts);
  CHECK(docs[2].meta().at("id") == "a2");
  CHECK(docs[3].meta().at("date") == "2024-05-04");
  CHECK_THROWS_AS(nlp->process_batch(views, 1, std::vector<byline::DocOptions>(1)), std::invalid_argument);
}

TEST_CASE("pipeline: a bad date names the value and the text", "[pipeline]") {
  auto nlp = shipped();
  byline::DocOptions bad;
  bad.date = "02/01/2025";
  CHECK_THROWS_WITH(nlp->process("x", bad), Catch::Contains("'02/01/2025'"));
  std::vector<std::string_view> views = {"a", "b"};
  std::vector<byline::DocOptions> opts(2);
  opts[1].date = "2025-13-40";
  CHECK_THROWS_WITH(nlp->process_batch(views, 2, opts), Catch::Contains("text 1") && Catch::Contains("2025-13-40"));
}

TEST_CASE("pipeline: labels include the model's, the rules' and the user patterns'", "[pipeline]") {
  auto nlp = shipped(R"([{"label": "GADGET", "pattern": [{"lower": "gigachat"}]}])");
  auto labels = nlp->labels();
  for (const char* l : {"PERSON", "ORG", "GPE", "DATE", "MONEY", "GADGET"})
    CHECK(std::find(labels.begin(), labels.end(), l) != labels.end());
  CHECK(std::is_sorted(labels.begin(), labels.end()));
  auto doc = nlp->process("Sber launched GigaChat.");
  bool gadget = false;
  for (const auto& e : doc.entities()) gadget = gadget || (e.label == "GADGET" && e.source == byline::EntitySource::kUser);
  CHECK(gadget);
  CHECK_THROWS_AS(byline::Pipeline::create(nullptr, nullptr), byline::ConfigError);
}
