// byline::Pipeline: the one composition of tokenizer, recognizer and ruler.
#include "byline/pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "byline/errors.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const std::string kPackage = std::string(BYLINE_SOURCE_DIR) + "/models/en_news";
const std::string kModel = kPackage + "/model.bin";
const std::string kGazetteers = kPackage + "/gazetteers";

std::shared_ptr<const byline::Pipeline> shipped(const std::string& patterns = "") {
  byline::PipelineOptions o;
  o.ruler.patterns_json = patterns;
  return byline::Pipeline::load(kPackage, o);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void spit(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << data;
}

/// A temporary directory removed at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "byline-pkg-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

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
  for (const auto& e : a.entities())
    last_year = last_year || (e.label == "DATE" && e.value.find("2024") != std::string::npos);
  CHECK(last_year);
  // Without the rules: the model's entities only.
  byline::PipelineOptions plain;
  plain.rules = false;
  auto model_only = byline::Pipeline::load(kModel, plain);
  CHECK(model_only->ruler() == nullptr);
  for (const auto& e : model_only->process(kText).entities()) CHECK(e.source == byline::EntitySource::kModel);
}

TEST_CASE("pipeline: the rules give the same entities a window at a time as over the whole Doc", "[pipeline]") {
  // The sample articles one after the other (with and without sentences), and a line
  // without a sentence end, ruled in windows of a few hundred tokens: the windows end at
  // sentence starts, or inside the one long sentence.
  std::string articles;
  for (const char* name : {"000_11915f40bc56dedd.txt", "001_7844f7efe070cbc1.txt", "002_8ec56b153a773baa.txt",
                           "003_45d770aeda870f5f.txt", "004_9a64066150c81d14.txt"})
    articles += slurp(std::string(BYLINE_SOURCE_DIR "/examples/articles/") + name) + "\n\n";
  std::string line;
  for (int i = 0; i < 400; ++i) line += "Angela Merkel met Putin in Berlin on Monday, 3 May 2021 for $5bn, ";
  for (bool sentences : {true, false})
    for (const std::string* text : {&articles, &line}) {
      byline::PipelineOptions o;
      o.rules = false;
      o.tokenizer.split_sentences = sentences;
      const byline::Doc modelled = byline::Pipeline::load(kPackage, o)->process(*text);
      REQUIRE(modelled.size() > 3000);
      const auto ruler = shipped()->ruler();
      byline::Doc whole = modelled;
      ruler->annotate(whole, 0);
      REQUIRE(whole.num_entities() > 400);
      for (std::size_t window : {300, 1000, 2048}) {
        byline::Doc windowed = modelled;
        ruler->annotate(windowed, window);
        CHECK(windowed.to_json() == whole.to_json());
      }
      byline::Doc by_default = modelled;
      ruler->annotate(by_default);
      CHECK(by_default.to_json() == whole.to_json());
    }
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

TEST_CASE("pipeline: process_batch (recognizer, then rules, in two passes) equals process() whole", "[pipeline]") {
  auto nlp = shipped();
  // dates found in the text (a Published line, a dateline), given, or none; money, places
  std::vector<std::string> texts = {
      "Published: Jan. 2, 2025\nRussia's central bank said on Monday it would keep rates "
      "at 21% after inflation hit 9.5% in December.",
      "MOSCOW, Dec. 30, 2024 (Reuters) - Sberbank will spend $5bn with China next year.", kText, "",
      "The summit in Paris ends on Friday; 3,000 delegates came from 40 countries."};
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<byline::DocOptions> opts(texts.size());
  opts[4].date = "2025-03-07";
  for (int threads : {1, 2}) {
    auto docs = nlp->process_batch(views, threads, opts);
    REQUIRE(docs.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const byline::Doc one = nlp->process(views[i], opts[i]);
      CHECK(docs[i].to_json() == one.to_json());
      CHECK(docs[i].meta() == one.meta());
    }
    CHECK(docs[0].meta().at("date_source") == "text");
    CHECK(docs[1].meta().at("date") == "2024-12-30");
  }
  // The error is that of the first failing text, from the tokenizer or from the options.
  std::vector<std::string_view> bad = {"fine", "\xFF bad bytes", "x", "y"};
  std::vector<byline::DocOptions> bad_opts(bad.size());
  bad_opts[2].date = "2025-13-40";
  for (int threads : {1, 2}) CHECK_THROWS_WITH(nlp->process_batch(bad, threads, bad_opts), Catch::Contains("text 1"));
  bad[1] = "fine too";
  for (int threads : {1, 2})
    CHECK_THROWS_WITH(nlp->process_batch(bad, threads, bad_opts, 10),
                      Catch::Contains("text 12") && Catch::Contains("2025-13-40"));
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
  // An RFC 2822 date or an ISO date-time is kept as its day.
  for (const char* date : {"Thu, 02 Jan 2025 10:00:00 GMT", "2025-01-02T23:30:00-05:00"}) {
    byline::DocOptions o;
    o.date = date;
    CHECK(nlp->process("x", o).meta().at("date") == "2025-01-02");
  }
  bad.date = "Thu, 02 Ja";
  CHECK_THROWS_WITH(nlp->process("x", bad), Catch::Contains("'Thu, 02 Ja'"));
  // A Doc's own meta date is checked too (the rules would ignore a date that is none).
  byline::Doc d = nlp->tokenizer().tokenize(std::string_view("Merkel left last month."));
  d.set_meta("date", "garbage-date");
  CHECK_THROWS_AS(nlp->annotate(d, {}), byline::InputError);
  CHECK_THROWS_WITH(nlp->annotate(d, {}), Catch::Contains("meta \"date\"") && Catch::Contains("'garbage-date'") &&
                                              Catch::Contains("replaces it"));
  byline::DocOptions given;
  given.date = "2025-01-02";
  nlp->annotate(d, given);  // a date given replaces it
  CHECK(d.meta().at("date") == "2025-01-02");
  d.set_meta("date", "2025-01-02T10:00:00Z");
  d.set_meta("date_source", "meta");
  nlp->annotate(d, {});
  CHECK(d.meta().at("date_source") == "meta");
  byline::Doc blank = nlp->tokenizer().tokenize(std::string_view("Merkel left last month."));
  blank.set_meta("date", " ");  // blank: as if absent
  nlp->annotate(blank, {});
}

TEST_CASE("pipeline: ner = false leaves the statistical recognizer out", "[pipeline]") {
  byline::PipelineOptions o;
  o.ner = false;
  auto rules_only = byline::Pipeline::load(kPackage, o);
  auto doc = rules_only->process(kText);
  CHECK_FALSE(doc.entities().empty());
  for (const auto& e : doc.entities()) CHECK(e.source != byline::EntitySource::kModel);
  auto labels = rules_only->labels();
  CHECK(std::find(labels.begin(), labels.end(), "PERSON") == labels.end());
  CHECK(std::find(labels.begin(), labels.end(), "DATE") != labels.end());
  auto again = byline::Pipeline::from_bytes(rules_only->to_bytes());
  CHECK_FALSE(again->options().ner);
  CHECK(spans(again->process(kText)) == spans(doc));
}

TEST_CASE("pipeline: labels include the model's, the rules' and the user patterns'", "[pipeline]") {
  auto nlp = shipped(R"([{"label": "GADGET", "pattern": [{"lower": "gigachat"}]}])");
  auto labels = nlp->labels();
  for (const char* l : {"PERSON", "ORG", "GPE", "DATE", "MONEY", "GADGET"})
    CHECK(std::find(labels.begin(), labels.end(), l) != labels.end());
  CHECK(std::is_sorted(labels.begin(), labels.end()));
  auto doc = nlp->process("Sber launched GigaChat.");
  bool gadget = false;
  for (const auto& e : doc.entities())
    gadget = gadget || (e.label == "GADGET" && e.source == byline::EntitySource::kUser);
  CHECK(gadget);
  CHECK_THROWS_AS(byline::Pipeline::create(nullptr), byline::ConfigError);
}

TEST_CASE("pipeline: a package, its model file with the package's lists, and create() agree", "[pipeline]") {
  auto package = shipped();
  CHECK(package->path() == kPackage);
  CHECK(package->meta_json().find("\"byline.package/1\"") != std::string::npos);
  byline::PipelineOptions lists;
  lists.ruler.resource_dir = kGazetteers;
  auto file = byline::Pipeline::load(kModel, lists);
  auto made = byline::Pipeline::create(byline::EntityRecognizer::load(kModel), lists);
  CHECK(spans(package->process(kText)) == spans(file->process(kText)));
  CHECK(spans(package->process(kText)) == spans(made->process(kText)));
  CHECK(package->ruler()->options().resources.size() == 5);  // the package's lists, read once
  CHECK(package->options().ruler.resources.empty());         // ... and not copied into the options
  CHECK(file->options().ruler.resources.size() == 5);        // lists from a directory are read in
  CHECK(file->options().ruler.resource_dir.empty());
}

TEST_CASE("pipeline: to_bytes/from_bytes rebuild the same pipeline without files", "[pipeline]") {
  auto nlp = shipped(R"([{"label": "GADGET", "pattern": [{"lower": "gigachat"}]}])");
  byline::PipelineOptions o = nlp->options();
  o.ruler.user_phrases.push_back(byline::Phrase{"ORG", "Tortoise Media", ""});
  o.tokenizer.split_sentences = false;
  nlp = nlp->with_options(o);
  const std::string bytes = nlp->to_bytes();
  auto back = byline::Pipeline::from_bytes(bytes);
  const std::string text = std::string(kText) + " Tortoise Media tested GigaChat.";
  CHECK(spans(back->process(text)) == spans(nlp->process(text)));
  CHECK(back->labels() == nlp->labels());
  CHECK(back->meta_json() == nlp->meta_json());
  CHECK(!back->options().tokenizer.split_sentences);
  CHECK(back->to_bytes() == bytes);
  // The package's lists travel along: rules can be switched back on after from_bytes.
  byline::PipelineOptions off;
  off.rules = false;
  auto plain = byline::Pipeline::from_bytes(nlp->with_options(off)->to_bytes());
  CHECK(plain->ruler() == nullptr);
  CHECK(spans(plain->with_options(byline::PipelineOptions{})->process(kText)) == spans(shipped()->process(kText)));

  SECTION("damaged bytes are a ModelError, never a crash") {
    CHECK_THROWS_AS(byline::Pipeline::from_bytes(""), byline::ModelError);
    CHECK_THROWS_AS(byline::Pipeline::from_bytes("BYLNPIPE"), byline::ModelError);
    CHECK_THROWS_AS(byline::Pipeline::from_bytes(bytes.substr(0, bytes.size() / 2)), byline::ModelError);
    for (std::size_t at : {std::size_t{9}, std::size_t{30}, bytes.size() / 2, bytes.size() - 70, bytes.size() - 1}) {
      std::string bad = bytes;
      bad[at] = static_cast<char>(bad[at] ^ 0x20);
      CHECK_THROWS_AS(byline::Pipeline::from_bytes(bad), byline::ModelError);
    }
  }
}

TEST_CASE("pipeline: a damaged or incompatible package is a ModelError naming the file", "[pipeline]") {
  TempDir tmp;
  const fs::path pkg = tmp.path / "en_news";
  fs::copy(kPackage, pkg, fs::copy_options::recursive);
  REQUIRE_NOTHROW(byline::Pipeline::load(pkg.string()));
  const std::string meta = slurp((pkg / "meta.json").string());

  SECTION("a changed gazetteer") {
    spit((pkg / "gazetteers" / "gpe.txt").string(),
         slurp((pkg / "gazetteers" / "gpe.txt").string()) + "GPE\tAtlantis\n");
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()),
                      Catch::Contains("gazetteers/gpe.txt") && Catch::Contains("damaged"));
  }
  SECTION("a missing model file") {
    fs::remove(pkg / "model.bin");
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()), Catch::Contains("model.bin"));
  }
  SECTION("a truncated model file") {
    const std::string model = slurp((pkg / "model.bin").string());
    spit((pkg / "model.bin").string(), model.substr(0, model.size() - 100));
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()), Catch::Contains("model.bin") && Catch::Contains("bytes"));
  }
  SECTION("meta.json that is not JSON, not a package, or for another byline") {
    spit((pkg / "meta.json").string(), "{\"format\": ");
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()), Catch::Contains("meta.json") && Catch::Contains("JSON"));
    spit((pkg / "meta.json").string(), "{\"format\": \"something/2\"}");
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()), Catch::Contains("format"));
    std::string newer = meta;
    const auto at = newer.find("\"below\": \"") + 10;
    newer.replace(at, newer.find('"', at) - at, "0.0.1");
    spit((pkg / "meta.json").string(), newer);
    CHECK_NOTHROW(byline::Pipeline::load(pkg.string()));  // another byline version: a warning only
    newer.replace(newer.find("0.0.1"), 5, "x.y");
    spit((pkg / "meta.json").string(), newer);
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()), Catch::Contains("version string"));
  }
  SECTION("lists: all four or none; other listed files are checked but not read as lists") {
    json m = json::parse(meta);
    m["files"].erase("gazetteers/titles.txt");
    spit((pkg / "meta.json").string(), m.dump());
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()),
                      Catch::Contains("meta.json") && Catch::Contains("gazetteers/titles.txt"));
    m = json::parse(meta);
    spit((pkg / "gazetteers" / "extra.txt").string(), "abc");
    m["files"]["gazetteers/extra.txt"] = {
        {"bytes", 3}, {"sha256", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"}};  // upper case
    spit((pkg / "meta.json").string(), m.dump());
    CHECK_NOTHROW(byline::Pipeline::load(pkg.string()));
    m["files"]["README.md"] = {{"bytes", 3}, {"sha256", "00"}};  // listed, absent
    spit((pkg / "meta.json").string(), m.dump());
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()), Catch::Contains("README.md"));
    m = json::parse(meta);
    m["format"] = 1;  // not a string: an error, not a crash
    spit((pkg / "meta.json").string(), m.dump());
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()), Catch::Contains("format"));
  }
  SECTION("a file name escaping the package") {
    std::string escape = meta;
    escape.replace(escape.find("\"model.bin\""), 11, "\"../model.bin\"");
    spit((pkg / "meta.json").string(), escape);
    CHECK_THROWS_WITH(byline::Pipeline::load(pkg.string()), Catch::Contains("relative path"));
  }
  SECTION("BYLINE_MODEL names the default package") {
    ::setenv("BYLINE_MODEL", pkg.string().c_str(), 1);
    CHECK(byline::default_model_package() == pkg.string());
    CHECK(byline::default_model() == pkg.string());
    CHECK_NOTHROW(byline::load_default_pipeline());
    // any path Pipeline::load takes, checked the same way; errors name the variable and the path
    const std::string bare = (pkg / "model.bin").string();
    ::setenv("BYLINE_MODEL", bare.c_str(), 1);
    CHECK(byline::default_model() == bare);
    CHECK(byline::default_model_package() != bare);  // a bare model's lists: the installed package's
    CHECK_NOTHROW(byline::load_default_pipeline());
    const auto only_model = tmp.path / "only_model";
    fs::create_directories(only_model);
    fs::copy_file(pkg / "model.bin", only_model / "model.bin");
    ::setenv("BYLINE_MODEL", only_model.string().c_str(), 1);
    CHECK_NOTHROW(byline::load_default_pipeline());
    CHECK_NOTHROW(byline::Pipeline::load(only_model.string()));
    const std::string missing = (tmp.path / "nowhere").string();
    ::setenv("BYLINE_MODEL", missing.c_str(), 1);
    CHECK_THROWS_WITH(byline::load_default_pipeline(),
                      Catch::StartsWith("BYLINE_MODEL=" + missing + ": ") && !Catch::Contains("make model"));
    ::unsetenv("BYLINE_MODEL");
  }
}

TEST_CASE("pipeline: the date stated in the text anchors the rules unless one is given", "[pipeline]") {
  auto nlp = shipped();
  const std::string text = "MOSCOW, Jan. 2, 2025 (Reuters) - Putin spoke on December 30 about last month.";
  byline::Doc doc = nlp->process(text);
  CHECK(doc.meta().at("date") == "2025-01-02");
  CHECK(doc.meta().at("date_source") == "text");
  bool anchored = false;
  for (const auto& e : doc.entities())
    if (e.label == "DATE" && e.value.find("\"2024-12-30\"") != std::string::npos) anchored = true;
  CHECK(anchored);
  byline::DocOptions given;
  given.date = "2023-06-01";
  doc = nlp->process(text, given);
  CHECK(doc.meta().at("date") == "2023-06-01");
  CHECK(doc.meta().at("date_source") == "argument");
  byline::DocOptions off;
  off.find_date = false;
  doc = nlp->process(text, off);
  CHECK(doc.meta().count("date") == 0);
}
