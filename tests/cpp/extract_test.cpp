// byline/extract.h: the byline.extract/1 record and the CSV tables of `byline extract`.
#include "byline/extract.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "byline/pipeline.h"

namespace {

using json = nlohmann::json;

std::shared_ptr<const byline::Pipeline> shipped() {
  static auto nlp = byline::Pipeline::load(std::string(BYLINE_SOURCE_DIR) + "/models/en_news");
  return nlp;
}

byline::ExtractSource source(const std::string& input) {
  byline::ExtractSource s;
  s.input = input;
  s.id = "a1";
  s.date = "2025-01-02";
  return s;
}

/// Splits CSV text into rows of fields (RFC 4180 quoting).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

const char* kText = "Putin met Xi in Moscow on December 30, Sberbank said. Revenue rose 15% to $4.2 billion.";

}  // namespace

TEST_CASE("extract: the JSON Lines record holds the article and its entities", "[extract]") {
  auto nlp = shipped();
  byline::DocOptions o;
  o.date = "2025-01-02";
  byline::Doc doc = nlp->process(kText, o);
  auto src = source("news.jsonl:7");
  src.title = "Line\nbreak \"quoted\" \x01 tab\t";
  const std::string line = byline::extract_record(doc, src);
  REQUIRE(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);  // one line: control characters are escaped
  json rec = json::parse(line);
  CHECK(rec["schema"] == "byline.extract/1");
  CHECK(rec["article_id"] == "a1");
  CHECK(rec["input"] == "news.jsonl:7");
  CHECK(rec["title"] == *src.title);
  CHECK(rec["url"].is_null());
  CHECK(rec["error"].is_null());
  CHECK(rec["tokens"] == doc.size());
  CHECK(rec["chars"] == doc.char_length());
  CHECK(rec["sentences"] == 2);
  REQUIRE(rec["entities"].size() == doc.num_entities());
  bool date = false, money = false, gpe = false;
  for (const auto& e : rec["entities"]) {
    const std::string text = e["text"];
    CHECK(std::string(kText).substr(e["start"].get<std::size_t>(),
                                    e["end"].get<std::size_t>() - e["start"].get<std::size_t>()) == text);
    if (e["label"] == "DATE" && text == "December 30")
      date = e["value"]["timex"] == "2024-12-30" && e["value"]["kind"] == "point" &&
             e["value"]["start"] == "2024-12-30" && e["value"]["anchor"] == "document";
    if (e["label"] == "MONEY") money = e["value"]["currency"] == "USD" && e["value"]["amount"] == 4.2e9;
    if (e["label"] == "GPE" && text == "Moscow") gpe = e["value"]["country"] == "RU" && e["source"] == "gazetteer";
    CHECK(e["sentence"] == (e["start"].get<int>() < 54 ? 0 : 1));
  }
  CHECK(date);
  CHECK(money);
  CHECK(gpe);
}

TEST_CASE("extract: a failed input gets an error record and an article row", "[extract]") {
  auto src = source("bad.txt");
  json rec = json::parse(byline::extract_error_record(src, "not valid UTF-8"));
  CHECK(rec["error"] == "not valid UTF-8");
  CHECK(rec["entities"].empty());
  CHECK(rec["tokens"] == 0);
  std::string row;
  byline::append_article_csv(row, nullptr, src, "boom, \"really\"", false);
  auto rows = parse_csv(row);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == std::vector<std::string>{"a1", "bad.txt", "", "2025-01-02", "", "", "0", "0", "0", "0", "false",
                                            "boom, \"really\""});
}

TEST_CASE("extract: CSV rows quote what needs quoting and neutralise formulas", "[extract]") {
  auto nlp = shipped();
  byline::Doc doc = nlp->process("Sberbank, the lender, opened in Moscow.");
  std::string out = byline::mention_csv_header();
  byline::append_mention_csv(out, doc, std::string("=cmd|' /C calc'!A0"), false);
  auto rows = parse_csv(out);
  REQUIRE(rows.size() == 1 + doc.num_entities());
  CHECK(rows[0].size() == 9);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CHECK(rows[i].size() == 9);
    CHECK(rows[i][0] == "'=cmd|' /C calc'!A0");
  }
  std::string raw;
  byline::append_mention_csv(raw, doc, std::string("=x"), true);
  CHECK(parse_csv(raw)[0][0] == "=x");
}

TEST_CASE("extract: extract_batch equals the records one by one, on any thread count", "[extract]") {
  auto nlp = shipped();
  std::vector<std::string> texts = {kText, "", "Apple opened a store in Paris.", std::string("bad \xff byte"),
                                    "NATO met in Brussels."};
  std::vector<byline::ExtractItem> items;
  for (std::size_t i = 0; i < texts.size(); ++i) items.push_back({texts[i], source("t" + std::to_string(i))});
  items[4].source.date = "02/01/2025";  // not ISO: this item fails, the others do not
  for (int threads : {1, 2}) {
    auto out = byline::extract_batch(*nlp, items, {}, threads);
    REQUIRE(out.size() == items.size());
    for (std::size_t i : {0u, 1u, 2u}) {
      byline::DocOptions o;
      o.date = "2025-01-02";
      CHECK(out[i].error.empty());
      CHECK(out[i].record == byline::extract_record(nlp->process(texts[i], o), items[i].source));
    }
    CHECK(out[3].error.find("UTF-8") != std::string::npos);
    CHECK(json::parse(out[3].record)["error"] == out[3].error);
    CHECK(out[4].error.find("02/01/2025") != std::string::npos);
  }
  byline::ExtractOptions csv;
  csv.format = byline::ExtractFormat::kCsv;
  auto out = byline::extract_batch(*nlp, items, csv, 2);
  CHECK(parse_csv(out[0].record).size() == out[0].entities);
  CHECK(parse_csv(out[3].article_row)[0].back().find("UTF-8") != std::string::npos);
  CHECK(out[3].record.empty());
}

TEST_CASE("extract: the record says whether invalid UTF-8 became U+FFFD", "[extract]") {
  byline::PipelineOptions options;
  options.tokenizer.utf8 = byline::Utf8Policy::kReplace;
  auto nlp = byline::Pipeline::load(std::string(BYLINE_SOURCE_DIR) + "/models/en_news", options);
  const std::string repaired = "Caf\xEF\xBF\xBD in Paris.";  // a reader already put U+FFFD in
  std::vector<byline::ExtractItem> items = {{"Cafe in Paris.", source("good.txt")},
                                            {std::string_view("Caf\xe9 in Paris."), source("bytes.txt")},
                                            {repaired, source("read.jsonl:2")},
                                            {"", source("gone.txt"), "cannot read"}};
  items[2].utf8_replaced = true;
  for (int threads : {1, 2}) {
    std::vector<json> recs;
    for (const auto& o : byline::extract_batch(*nlp, items, {}, threads)) recs.push_back(json::parse(o.record));
    REQUIRE(recs.size() == 4);
    CHECK(recs[0]["utf8_replaced"] == false);
    CHECK(recs[1]["utf8_replaced"] == true);  // the pipeline's tokenizer replaced the byte
    CHECK(recs[2]["utf8_replaced"] == true);  // the reader did
    CHECK(recs[3]["utf8_replaced"] == false);
    CHECK(recs[3]["error"] == "cannot read");
  }
  SECTION("the article table has it as a column") {
    byline::ExtractOptions csv;
    csv.format = byline::ExtractFormat::kCsv;
    std::vector<std::string> flags;
    for (const auto& o : byline::extract_batch(*nlp, items, csv, 1)) {
      auto rows = parse_csv(o.article_row);
      REQUIRE(rows.size() == 1);
      flags.push_back(rows[0][10]);
    }
    CHECK(flags == std::vector<std::string>{"false", "true", "true", "false"});
    byline::MentionColumns m;
    byline::ArticleColumns a;
    byline::extract_batch_columns(*nlp, items, m, a, 2);
    CHECK(a.utf8_replaced.values == std::vector<std::uint8_t>{0, 1, 1, 0});
  }
  byline::Doc doc = nlp->process(std::string_view("Caf\xe9 in Paris."));
  REQUIRE(doc.utf8_replaced());
  byline::RecordParts parts(doc, source("a.txt"), byline::ExtractFormat::kJsonl);
  std::string all;
  for (std::string part; parts.next(part, 1); part.clear()) all += part;
  CHECK(all == byline::extract_record(doc, source("a.txt")));
  CHECK(json::parse(all)["utf8_replaced"] == true);
  CHECK(json::parse(byline::extract_error_record(source("b.txt"), "boom"))["utf8_replaced"] == false);
}

TEST_CASE("extract: RecordParts joined are the record, rows or columns; a long text's come as parts", "[extract]") {
  auto nlp = shipped();
  auto joined = [](byline::RecordParts& parts, std::size_t bytes) {
    std::string all, part;
    std::size_t n = 0;
    for (; parts.next(part, bytes); part.clear(), ++n) all += part;
    CHECK_FALSE(parts.next(part, bytes));
    CHECK(n >= 1);
    return all;
  };
  const byline::ExtractSource src = source("a.txt");
  const std::vector<std::string> texts = {kText, "", "no entity here"};
  for (const auto& text : texts) {
    const byline::Doc doc = nlp->process(text);
    for (std::size_t bytes : {0, 1, 100, 1 << 20}) {
      byline::RecordParts record(doc, src, byline::ExtractFormat::kJsonl);
      CHECK(joined(record, bytes) == byline::extract_record(doc, src));
      for (bool raw : {false, true}) {
        std::string rows;
        byline::append_mention_csv(rows, doc, src.id, raw);
        byline::RecordParts csv(doc, src, byline::ExtractFormat::kCsv, raw);
        CHECK(joined(csv, bytes) == rows);
      }
    }
  }
  // Columns, a few rows at a time, joined: those of the whole Doc.
  auto same_columns = [](const byline::MentionColumns& a, const byline::MentionColumns& b) {
    CHECK(a.size() == b.size());
    CHECK(a.start.values == b.start.values);
    CHECK(a.end.values == b.end.values);
    CHECK(a.sentence.values == b.sentence.values);
    CHECK(a.score.values == b.score.values);
    CHECK(a.value_valid == b.value_valid);
    for (auto [x, y] : {std::pair{&a.article_id, &b.article_id},
                        {&a.text, &b.text},
                        {&a.label, &b.label},
                        {&a.value_string, &b.value_string},
                        {&a.value_country, &b.value_country},
                        {&a.value_other, &b.value_other}}) {
      CHECK(x->offsets == y->offsets);
      CHECK(x->data == y->data);
      CHECK(x->valid == y->valid);
    }
  };
  for (const auto& text : texts) {
    const byline::Doc doc = nlp->process(text);
    byline::MentionColumns whole;
    byline::append_mention_columns(whole, doc, src.id);
    for (std::size_t rows : {1, 3, 1000}) {
      byline::RecordParts columns(doc, src, byline::ExtractFormat::kColumns);
      byline::MentionColumns all, part;
      std::size_t n = 0;
      for (; columns.next(part, rows); part = byline::MentionColumns(), ++n) {
        CHECK(part.size() <= rows);
        all.append(part);
      }
      CHECK(n == (doc.num_entities() + rows - 1) / rows);
      same_columns(all, whole);
      std::string s;
      CHECK_THROWS_AS(columns.next(s, 10), std::invalid_argument);
    }
  }
  byline::MentionColumns none;
  byline::RecordParts text_parts(byline::Doc(), src, byline::ExtractFormat::kJsonl);
  CHECK_THROWS_AS(text_parts.next(none, 10), std::invalid_argument);

  std::string line;
  while (line.size() < 18000 * 45) line += "Angela Merkel met Putin in Berlin on Monday, ";
  const byline::Doc doc = nlp->process(line);
  REQUIRE(doc.num_entities() > byline::kRecordPartsEntities);
  for (auto format : {byline::ExtractFormat::kJsonl, byline::ExtractFormat::kCsv, byline::ExtractFormat::kColumns}) {
    byline::ExtractOptions options;
    options.format = format;
    byline::ExtractItem item{line, src, ""};
    item.source.date.reset();
    auto out = byline::extract_batch(*nlp, {item}, options, 1);
    REQUIRE(out[0].parts);
    CHECK(out[0].record.empty());
    CHECK(out[0].entities == doc.num_entities());
    if (format == byline::ExtractFormat::kColumns) {
      CHECK(out[0].mentions.size() == 0);
      CHECK(out[0].article.entities.values == std::vector<std::int64_t>{std::int64_t(doc.num_entities())});
      byline::MentionColumns whole, all, part;
      byline::append_mention_columns(whole, doc, src.id);
      while (out[0].parts->next(part, 1 << 16)) all.append(part), part = byline::MentionColumns();
      same_columns(all, whole);
      continue;
    }
    std::string rows;
    byline::append_mention_csv(rows, doc, src.id, false);
    CHECK(joined(*out[0].parts, 1 << 16) ==
          (format == byline::ExtractFormat::kJsonl ? byline::extract_record(doc, item.source) : rows));
    if (format == byline::ExtractFormat::kCsv)
      CHECK(parse_csv(out[0].article_row)[0][9] == std::to_string(doc.num_entities()));
  }
}

TEST_CASE("extract: the mention columns type the values", "[extract]") {
  auto nlp = shipped();
  byline::DocOptions o;
  o.date = "2025-01-02";
  byline::Doc doc = nlp->process(kText, o);
  byline::MentionColumns cols;
  byline::append_mention_columns(cols, doc, std::string("a1"));
  REQUIRE(cols.size() == doc.num_entities());
  auto str = [](const byline::StringColumn& c, std::size_t i) {
    return c.data.substr(static_cast<std::size_t>(c.offsets[i]),
                         static_cast<std::size_t>(c.offsets[i + 1] - c.offsets[i]));
  };
  bool money = false, date = false, person = false;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    const std::string label = str(cols.label, i);
    if (label == "MONEY")
      money = cols.value_valid[i] && cols.value_number.valid[i] && cols.value_number.values[i] == 4.2e9 &&
              str(cols.value_currency, i) == "USD" && !cols.value_other.valid[i];
    if (label == "DATE" && str(cols.text, i) == "December 30")
      date = cols.value_valid[i] && str(cols.value_string, i) == "2024-12-30" && !cols.value_number.valid[i] &&
             str(cols.value_kind, i) == "point" && str(cols.value_end, i) == "2024-12-30" &&
             str(cols.value_anchor, i) == "document" && !cols.value_other.valid[i];
    if (label == "PERSON") person = !cols.value_valid[i] && str(cols.article_id, i) == "a1";
  }
  CHECK(money);
  CHECK(date);
  CHECK(person);
  byline::MentionColumns twice;
  twice.append(cols);
  twice.append(cols);
  CHECK(twice.size() == 2 * cols.size());
  CHECK(str(twice.text, cols.size()) == str(cols.text, 0));
}

TEST_CASE("extract: values the typed columns cannot hold go to value_other as compact JSON", "[extract]") {
  auto nlp = shipped();
  byline::Doc doc = nlp->tokenizer().tokenize(std::string_view("a b c d e f g h i j k l m n o p q r s t"));
  const std::vector<std::pair<std::string, std::string>> values = {
      {"\"text\"", ""},                                                  // a string: typed
      {"12.5", ""},                                                      // a number: typed
      {"null", ""},                                                      // no value
      {"{\"amount\": 3, \"currency\": \"EUR\", \"approx\": true}", ""},  // typed object
      {"{}", ""},                                                        // an empty object: typed, every field null
      {"true", "true"},                                                  // a top-level boolean
      {"[1, 2]", "[1,2]"},                                               // an array
      {"{\"amount\": {\"x\": 1}}", "{\"amount\":{\"x\":1}}"},            // nesting
      {"{\"timex\": 5}", "{\"timex\":5}"},                               // a known key of another type
      {"{\"colour\": \"red\", \"min\": 1}", "{\"colour\":\"red\",\"min\":1}"},  // an unknown key
      {"{not json", "\"{not json\""},                                           // malformed: kept as a JSON string
      {"{\"min\": 1, \"max\": 2.5, \"inclusive\": false, \"fiscal\": true, \"value\": 7}", ""},  // typed
      {"{\"min\": 1, \"min\": 2}", "{\"min\":2}"},                      // a key given twice (JSON keeps the last)
      {"{\"value\": 1, \"amount\": 2}", "{\"amount\":2,\"value\":1}"},  // two keys for one field
      {"{\"min\": null}", "{\"min\":null}"},                            // null inside an object
      {"1 2", "\"1 2\""},                                               // trailing input: malformed
      {"18446744073709551615", ""},                                     // a uint64 number: typed (a double)
  };
  for (std::size_t k = 0; k < values.size(); ++k) {
    byline::Entity e;
    e.tok_begin = static_cast<std::uint32_t>(k);
    e.tok_end = e.tok_begin + 1;
    e.label = "X";
    e.value = values[k].first;
    doc.add_entity(e);
  }
  byline::MentionColumns cols;
  byline::append_mention_columns(cols, doc, std::nullopt);
  REQUIRE(cols.size() == values.size());
  auto str = [](const byline::StringColumn& c, std::size_t i) {
    return c.data.substr(static_cast<std::size_t>(c.offsets[i]),
                         static_cast<std::size_t>(c.offsets[i + 1] - c.offsets[i]));
  };
  for (std::size_t k = 0; k < values.size(); ++k) {
    INFO("value " << values[k].first);
    const std::string& other = values[k].second;
    CHECK(cols.value_other.valid[k] == (other.empty() ? 0 : 1));
    if (!other.empty()) {
      CHECK(str(cols.value_other, k) == other);
      CHECK(cols.value_valid[k] == 1);
      CHECK(!cols.value_number.valid[k]);  // nothing half-typed beside it
      CHECK(!cols.value_min.valid[k]);
      CHECK(!cols.value_string.valid[k]);
    }
  }
  CHECK(str(cols.value_string, 0) == "text");
  CHECK(cols.value_number.values[1] == 12.5);
  CHECK(cols.value_valid[2] == 0);
  CHECK((cols.value_number.values[3] == 3 && str(cols.value_currency, 3) == "EUR" && cols.value_approx.values[3] == 1));
  CHECK((cols.value_valid[4] == 1 && !cols.value_number.valid[4] && !cols.value_string.valid[4]));
  CHECK((cols.value_min.values[11] == 1 && cols.value_max.values[11] == 2.5 && cols.value_inclusive.values[11] == 0 &&
         cols.value_fiscal.values[11] == 1 && cols.value_number.values[11] == 7));
  CHECK(cols.value_number.values[16] == 18446744073709551615.0);
}

TEST_CASE("extract: extract_batch_columns splits a batch of uneven items into runs without changing its rows",
          "[extract]") {
  // Many items of very different sizes (runs are cut by text bytes, many per thread), more
  // than 1 MB of text in all (a run makes its rows a MB of text at a time), a failed item.
  auto nlp = shipped();
  std::vector<std::string> texts;
  for (int k = 0; k < 70; ++k) {
    std::string t;
    const int repeats = k % 23 == 4 ? 400 : (k * 7) % 5;  // three items of ~40 KB, some empty
    for (int r = 0; r < repeats; ++r) t += std::string(kText) + " Item " + std::to_string(k) + ". ";
    texts.push_back(t);
  }
  std::vector<byline::ExtractItem> items(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    items[i].text = texts[i];
    items[i].source = source("u" + std::to_string(i));
    items[i].source.id = "b" + std::to_string(i);
    if (i == 9) items[i].error = "could not read";
  }
  std::vector<std::string> more;  // over kHeldBytes (1 MB) in one run on one thread
  for (int k = 0; k < 3; ++k) {
    std::string t;
    for (int r = 0; r < 9; ++r) t += texts[4];
    more.push_back(t);
  }
  more.push_back(kText);  // after the MB: the run goes on
  for (const auto& t : more) {
    byline::ExtractItem item;
    item.text = t;
    item.source = source("big");
    items.push_back(item);
  }
  byline::ExtractOptions columns;
  columns.format = byline::ExtractFormat::kColumns;
  auto each = byline::extract_batch(*nlp, items, columns, 1);
  byline::MentionColumns want_m;
  byline::ArticleColumns want_a;
  for (const auto& o : each) {
    want_m.append(o.mentions);
    want_a.append(o.article);
  }
  REQUIRE(want_m.size() > 1000);
  for (int threads : {1, 2}) {
    INFO("threads " << threads);
    byline::MentionColumns m;
    byline::ArticleColumns a;
    auto out = byline::extract_batch_columns(*nlp, items, m, a, threads);
    REQUIRE(out.size() == items.size());
    CHECK(m.size() == want_m.size());
    CHECK(m.text.data == want_m.text.data);
    CHECK(m.text.offsets == want_m.text.offsets);
    CHECK(m.text.valid == want_m.text.valid);
    CHECK(m.article_id.data == want_m.article_id.data);
    CHECK(m.start.values == want_m.start.values);
    CHECK(m.sentence.values == want_m.sentence.values);
    CHECK(m.score.values == want_m.score.values);
    CHECK(m.value_valid == want_m.value_valid);
    CHECK(m.value_string.data == want_m.value_string.data);
    CHECK(m.value_string.valid == want_m.value_string.valid);
    CHECK(m.value_number.values == want_m.value_number.values);
    CHECK(m.value_approx.values == want_m.value_approx.values);
    CHECK(a.size() == items.size());
    CHECK(a.article_id.data == want_a.article_id.data);
    CHECK(a.error.data == want_a.error.data);
    CHECK(a.entities.values == want_a.entities.values);
    CHECK(a.tokens.values == want_a.tokens.values);
    for (std::size_t i = 0; i < out.size(); ++i) {
      CHECK(out[i].error == each[i].error);
      CHECK(out[i].entities == each[i].entities);
    }
  }
}

TEST_CASE("extract: extract_batch_columns gives the batch's rows in input order, as extract_batch per item",
          "[extract]") {
  auto nlp = shipped();
  std::vector<std::string> texts;
  for (int k = 0; k < 23; ++k)
    texts.push_back(k % 7 == 3 ? std::string("") : std::string(kText) + " Item " + std::to_string(k) + ".");
  std::vector<byline::ExtractItem> items(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    items[i].text = texts[i];
    items[i].source = source("t" + std::to_string(i));
    items[i].source.id = "a" + std::to_string(i);
    if (i == 5) items[i].error = "could not read";
  }
  byline::ExtractOptions columns;
  columns.format = byline::ExtractFormat::kColumns;
  auto each = byline::extract_batch(*nlp, items, columns, 1);
  byline::MentionColumns want_m;
  byline::ArticleColumns want_a;
  for (const auto& o : each) {
    want_m.append(o.mentions);
    want_a.append(o.article);
  }
  for (int threads : {1, 2, 3}) {
    INFO("threads " << threads);
    byline::MentionColumns m;
    byline::ArticleColumns a;
    auto out = byline::extract_batch_columns(*nlp, items, m, a, threads);
    REQUIRE(out.size() == items.size());
    CHECK(m.size() == want_m.size());
    CHECK(m.text.data == want_m.text.data);
    CHECK(m.text.offsets == want_m.text.offsets);
    CHECK(m.article_id.data == want_m.article_id.data);
    CHECK(m.start.values == want_m.start.values);
    CHECK(m.value_string.data == want_m.value_string.data);
    CHECK(m.value_number.values == want_m.value_number.values);
    CHECK(a.size() == items.size());
    CHECK(a.article_id.data == want_a.article_id.data);
    CHECK(a.error.data == want_a.error.data);
    CHECK(a.entities.values == want_a.entities.values);
    for (std::size_t i = 0; i < out.size(); ++i) {
      CHECK(out[i].error == each[i].error);
      CHECK(out[i].mentions.size() == 0);
    }
  }
}
