// Analyzer on the five sample articles (examples/articles): quotes, clusters, roles, boilerplate.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "byline/analysis.h"
#include "byline/ner.h"
#include "byline/rules.h"
#include "byline/tokenizer.h"

namespace {

const char* const kArticles[] = {"000_11915f40bc56dedd", "001_7844f7efe070cbc1", "002_8ec56b153a773baa",
                                 "003_45d770aeda870f5f", "004_9a64066150c81d14"};

std::string read_article(int i) {
  std::ifstream in(std::string(BYLINE_SOURCE_DIR) + "/examples/articles/" + kArticles[i] + ".txt", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const byline::EntityRecognizer& ner() {
  static auto model = byline::EntityRecognizer::load(BYLINE_SOURCE_DIR "/models/en_news/model.bin");
  return *model;
}

// The entity stage as the product runs it: the model, then the ruler with the built-in
// lists (span rules, role splits, not-names) and its recognisers.
void annotate(byline::Doc& doc) {
  static auto ruler = [] {
    byline::RulerOptions o;
    o.resource_dir = BYLINE_SOURCE_DIR "/models/en_news/gazetteers";
    return byline::EntityRuler::create(o);
  }();
  ner().annotate(doc);
  ruler->annotate(doc);
}

// The direct quotes, scare quotes and titles included (the reported speech and the kinds
// have their own tests below and in analysis_quotes_test.cpp).
byline::AnalyzerOptions direct_quotes_only() {
  byline::AnalyzerOptions o;
  o.speech_only = false;
  o.reported_speech = false;
  return o;
}

struct Sample {
  byline::Doc doc;
  byline::ArticleAnalysis a;
};

const Sample& sample(int i) {
  static std::vector<Sample> all = [] {
    std::vector<Sample> v;
    byline::Tokenizer tok;
    const byline::Analyzer an(direct_quotes_only());
    for (int k = 0; k < 5; ++k) {
      Sample s{tok.tokenize(read_article(k)), {}};
      annotate(s.doc);
      s.a = an.analyze(s.doc);
      if (std::getenv("BYLINE_ANALYSIS_DUMP")) {
        std::cout << "=== " << kArticles[k] << "\n";
        for (const auto& g : s.a.boilerplate)
          std::cout << "BOILER " << g.kind << " "
                    << s.doc.text().substr(g.byte_begin, std::min<std::uint32_t>(60, g.byte_end - g.byte_begin))
                    << "\n";
        for (const auto& c : s.a.clusters) {
          std::cout << "CLUSTER " << c.id << " " << c.label << " [" << c.canonical << "] n=" << c.mentions.size()
                    << " :";
          for (const auto& al : c.aliases) std::cout << " |" << al;
          std::cout << "\n";
        }
        for (const auto& r : s.a.roles)
          std::cout << "ROLE " << s.a.clusters[r.person_cluster].canonical << " / " << r.role << " / " << r.org << " ("
                    << r.pattern << ")\n";
        for (const auto& q : s.a.quotes)
          std::cout << "QUOTE [" << q.text.substr(0, 50) << "] -> "
                    << (q.speaker_cluster >= 0 ? s.a.clusters[q.speaker_cluster].canonical : std::string("-"))
                    << " cue=" << q.cue << " paras=" << q.paragraphs << "\n";
      }
      v.push_back(std::move(s));
    }
    return v;
  }();
  return all[static_cast<std::size_t>(i)];
}

const byline::EntityCluster* cluster_named(const byline::ArticleAnalysis& a, const std::string& canonical) {
  for (const auto& c : a.clusters)
    if (c.canonical == canonical) return &c;
  return nullptr;
}

std::string speaker(const byline::ArticleAnalysis& a, const byline::Quote& q) {
  return q.speaker_cluster >= 0 ? a.clusters[static_cast<std::size_t>(q.speaker_cluster)].canonical : "";
}

}  // namespace

TEST_CASE("analysis: sample articles load and analyse", "[analysis]") {
  for (int i = 0; i < 5; ++i) {
    const auto& s = sample(i);
    REQUIRE(s.a.entity_cluster.size() == s.doc.num_entities());
    REQUIRE(s.a.entity_canonical.size() == s.doc.num_entities());
  }
}

TEST_CASE("analysis: quotes in the sample articles are attributed", "[analysis]") {
  SECTION("Putin's conference quote: 'he said' resolves to the last named person, the next quote continues it") {
    const auto& a = sample(0).a;
    REQUIRE(a.quotes.size() == 2);
    CHECK(a.quotes[0].text.rfind("I would like to note", 0) == 0);
    CHECK(speaker(a, a.quotes[0]) == "Vladimir Putin");
    CHECK(a.quotes[0].cue == "he said");
    CHECK(speaker(a, a.quotes[1]) == "Vladimir Putin");
    CHECK(a.quotes[1].cue == "continuation");
  }
  SECTION("Vedyakhin's three straight-quoted statements") {
    const auto& a = sample(2).a;
    REQUIRE(a.quotes.size() == 3);
    for (const auto& q : a.quotes) {
      CHECK(speaker(a, q) == "Alexander Vedyakhin");
      CHECK(q.cue == "said");
      CHECK(a.mentions[static_cast<std::size_t>(q.speaker_mention)].text == "Vedyakhin");
    }
    CHECK(a.quotes[0].text.rfind("China is a partner of Russia", 0) == 0);
  }
  SECTION("the directive quoted mid-sentence goes to Putin; the anonymous official's words stay unattributed") {
    const auto& a = sample(3).a;
    REQUIRE(a.quotes.size() >= 3);
    CHECK(a.quotes[0].text.rfind("ensure further cooperation", 0) == 0);
    CHECK(speaker(a, a.quotes[0]) == "Vladimir Putin");
    CHECK(a.quotes[1].text == "second-grade tech for years");
    CHECK(a.quotes[1].speaker_cluster == -1);
    CHECK(a.quotes[2].speaker_cluster == -1);
  }
  SECTION("offsets: text, bytes and code points agree") {
    for (int i = 0; i < 5; ++i) {
      const auto& s = sample(i);
      for (const auto& q : s.a.quotes) {
        CHECK(s.doc.text().substr(q.byte_begin, q.byte_end - q.byte_begin) == q.text);
        CHECK(s.doc.char_offset(q.byte_begin) == q.char_begin);
        CHECK(s.doc.char_offset(q.byte_end) == q.char_end);
        CHECK(q.tok_begin < q.tok_end);
      }
    }
  }
}

TEST_CASE("analysis: mentions of one entity share a cluster in each sample article", "[analysis]") {
  for (int i = 0; i < 5; ++i) {
    const auto& a = sample(i).a;
    int putin = 0;
    for (const auto& c : a.clusters)
      if (c.label == "PERSON" && c.canonical.find("Putin") != std::string::npos) ++putin;
    INFO(kArticles[i]);
    CHECK(putin == 1);
    const auto* p = cluster_named(a, "Vladimir Putin");
    REQUIRE(p != nullptr);
    CHECK(p->label == "PERSON");
    CHECK(p->mentions.size() >= 2);
  }
  SECTION("German Gref ... Gref, including a surname the NER tagged ORG and a role swallowed into an entity") {
    const auto& a = sample(3).a;
    const auto* g = cluster_named(a, "German Gref");
    REQUIRE(g != nullptr);
    // 3 in the text; the model misses "Gref" after the first "Sberbank CEO German" (a known
    // gap of the shipped model, see tests/python/test_ner_shipped.py), so 2 link here.
    CHECK(g->mentions.size() >= 2);
    CHECK(std::find(g->aliases.begin(), g->aliases.end(), "Gref") != g->aliases.end());
  }
  SECTION("Vedyakhin ... Alexander Vedyakhin") {
    const auto* v = cluster_named(sample(2).a, "Alexander Vedyakhin");
    REQUIRE(v != nullptr);
    CHECK(v->mentions.size() == 6);
  }
  SECTION("US, U.S. and the United States link to 'United States' from the alias table") {
    const auto* us0 = cluster_named(sample(0).a, "United States");
    REQUIRE(us0 != nullptr);
    CHECK(us0->mentions.size() == 2);  // "the United States" ... "the US"
    const auto* us2 = cluster_named(sample(2).a, "United States");
    REQUIRE(us2 != nullptr);
    CHECK(us2->aliases == std::vector<std::string>{"U.S."});
    const auto* cn = cluster_named(sample(3).a, "China");
    REQUIRE(cn != nullptr);
    CHECK(std::find(cn->aliases.begin(), cn->aliases.end(), "People’s Republic of China") != cn->aliases.end());
  }
  SECTION("AI is no name: no entity for 'Artificial Intelligence (AI) ... AI'") {
    for (int i = 0; i < 5; ++i) {
      CHECK(cluster_named(sample(i).a, "Artificial Intelligence") == nullptr);
      CHECK(cluster_named(sample(i).a, "AI") == nullptr);
    }
  }
  SECTION("mention and role code-point offsets match their text") {
    for (int i = 0; i < 5; ++i) {
      const auto& s = sample(i);
      for (const auto& m : s.a.mentions) {
        std::uint32_t b = s.doc.byte_offset(m.char_begin), e = s.doc.byte_offset(m.char_end);
        CHECK(s.doc.text().substr(b, e - b) == m.text);
      }
      for (const auto& r : s.a.roles) {
        CHECK(r.char_begin == s.doc.token_char_begin()[r.tok_begin]);
        CHECK(r.char_end == s.doc.token_char_end()[r.tok_end - 1]);
      }
    }
  }
  SECTION("per-entity columns carry the cluster and canonical") {
    const auto& s = sample(0);
    bool seen = false;
    for (std::size_t e = 0; e < s.doc.num_entities(); ++e) {
      if (s.doc.entity(e).label == "PERSON" && s.doc.token_text(s.doc.entity(e).tok_begin) == "Putin") {
        CHECK(s.a.entity_canonical[e] == "Vladimir Putin");
        seen = true;
      }
      if (s.a.entity_cluster[e] >= 0)
        CHECK(s.a.clusters[static_cast<std::size_t>(s.a.entity_cluster[e])].canonical == s.a.entity_canonical[e]);
    }
    CHECK(seen);
  }
}

TEST_CASE("analysis: roles from premodifiers and appositives", "[analysis]") {
  auto has = [](const byline::ArticleAnalysis& a, const std::string& person, const std::string& role,
                const std::string& org, const std::string& pattern) {
    for (const auto& r : a.roles)
      if (a.clusters[static_cast<std::size_t>(r.person_cluster)].canonical == person && r.role == role &&
          r.org == org && r.pattern == pattern)
        return true;
    return false;
  };
  CHECK(has(sample(0).a, "Vladimir Putin", "President", "Russia", "premodifier"));
  CHECK(has(sample(0).a, "German Gref", "chief executive", "Sberbank", "appositive"));
  CHECK(has(sample(1).a, "Xi Jinping", "President", "China", "premodifier"));
  CHECK(has(sample(2).a, "Alexander Vedyakhin", "First Deputy CEO", "Sberbank", "premodifier"));
  CHECK(has(sample(3).a, "German Gref", "CEO", "Sberbank", "premodifier"));
  CHECK(has(sample(3).a, "Alexander Vedyakhin", "first deputy CEO", "Sberbank", "appositive"));
  CHECK(has(sample(3).a, "Mikhail Mishustin", "Prime Minister", "", "premodifier"));
  CHECK(has(sample(2).a, "German Gref", "CEO", "", "premodifier"));  // "under CEO German Gref"
  SECTION("the role statements of article 003 about German Gref") {
    int gref = 0, statements = 0;
    for (const auto& r : sample(3).a.roles) {
      statements += static_cast<int>(r.count);
      if (sample(3).a.clusters[static_cast<std::size_t>(r.person_cluster)].canonical == "German Gref")
        gref += static_cast<int>(r.count);
    }
    // 3 and 7 with every "Gref" found; the model misses the first (see above)
    CHECK(gref >= 2);
    CHECK(statements >= 6);
    // listed once per (person, role, organisation), with the count
    for (std::size_t i = 0; i < sample(3).a.roles.size(); ++i)
      for (std::size_t j = i + 1; j < sample(3).a.roles.size(); ++j) {
        const auto& x = sample(3).a.roles[i];
        const auto& y = sample(3).a.roles[j];
        CHECK(!(x.person_cluster == y.person_cluster && x.role == y.role && x.org == y.org));
      }
  }
  SECTION("no roles without a title") {
    std::uint32_t statements = 0;
    for (const auto& r : sample(4).a.roles) statements += r.count;
    CHECK(statements == 3);
    for (const auto& r : sample(4).a.roles) CHECK(r.role == "President");
  }
}

TEST_CASE("analysis: boilerplate regions in the sample articles", "[analysis]") {
  auto kinds = [](int i) {
    std::vector<std::string> k;
    for (const auto& g : sample(i).a.boilerplate) k.push_back(g.kind);
    return k;
  };
  SECTION("article 000: share widget, then the Recent Stories reading list to the end") {
    const auto& s = sample(0);
    CHECK(kinds(0) == std::vector<std::string>{"share", "reading_list"});
    const auto& rl = s.a.boilerplate.back();
    CHECK(s.doc.text().substr(rl.byte_begin, 14) == "Recent Stories");
    CHECK(rl.byte_end == s.doc.text().find_last_not_of("\n ") + 1);
    CHECK(s.doc.text().find("Data trust in the AI era") > rl.byte_begin);
    // the blurbs' people are not linked
    for (const auto& m : s.a.mentions)
      if (m.text == "Sudip Lahiri") CHECK((m.in_boilerplate && m.cluster == -1));
    // the article body is not boilerplate
    CHECK_FALSE(s.a.is_boilerplate_token(0));
  }
  SECTION("credits, promo paragraphs and Source lines") {
    CHECK(kinds(1) == std::vector<std::string>{"credit"});
    CHECK(kinds(2) == std::vector<std::string>{"credit"});
    // 003's "Here are some excellent resources ..." paragraph is not caught: the cue list
    // holds generic promotional phrases, not phrases taken from these development texts.
    CHECK(kinds(3) == std::vector<std::string>{"source"});
    CHECK(kinds(4).empty());
  }
  SECTION("regions are valid ranges") {
    for (int i = 0; i < 5; ++i) {
      const auto& s = sample(i);
      for (const auto& g : s.a.boilerplate) {
        CHECK(g.tok_begin < g.tok_end);
        CHECK(g.tok_end <= s.doc.size());
        CHECK(s.doc.char_offset(g.byte_begin) == g.char_begin);
        CHECK(s.doc.char_offset(g.byte_end) == g.char_end);
      }
    }
  }
}

TEST_CASE("analysis: the five sample articles analyse quickly", "[analysis][speed]") {
  byline::Tokenizer tok;
  const byline::Analyzer an(direct_quotes_only());
  std::vector<byline::Doc> docs;
  for (int i = 0; i < 5; ++i) {
    docs.push_back(tok.tokenize(read_article(i)));
    ner().annotate(docs.back());
  }
  const int reps = 20;
  auto t0 = std::chrono::steady_clock::now();
  std::size_t quotes = 0;
  for (int r = 0; r < reps; ++r)
    for (const auto& d : docs) quotes += an.analyze(d).quotes.size();
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / reps;
  if (std::getenv("BYLINE_ANALYSIS_DUMP")) std::cout << "analyze(5 articles): " << ms << " ms\n";
  CHECK(quotes == 12u * reps);  // speed: bench/stage_cost.py, not a timed test
}

TEST_CASE("analysis: article JSON (byline.article/1)", "[analysis]") {
  const auto& s = sample(2);
  auto j = nlohmann::json::parse(byline::article_to_json(s.doc, s.a));
  CHECK(j["schema"] == "byline.article/1");
  CHECK(j["text"] == s.doc.text());
  REQUIRE(j["entities"].size() == s.doc.num_entities());
  bool vedyakhin = false;
  for (const auto& e : j["entities"])
    if (e["text"] == "Vedyakhin") {
      CHECK(e["canonical"] == "Alexander Vedyakhin");
      CHECK(e["cluster"].is_number());
      vedyakhin = true;
    }
  CHECK(vedyakhin);
  REQUIRE(j["quotes"].size() == 3);
  CHECK(j["quotes"][0]["speaker"] == "Alexander Vedyakhin");
  CHECK(j["roles"][0]["person"] == "Alexander Vedyakhin");
  CHECK(j["boilerplate"][0]["kind"] == "credit");
  // one line for JSON Lines
  CHECK(byline::article_to_json(s.doc, s.a).find('\n') == std::string::npos);
  // the analysis alone
  auto a = nlohmann::json::parse(s.a.to_json());
  CHECK(a["schema"] == "byline.analysis/1");
  CHECK(a["quotes"][0]["cue"] == "said");
  CHECK(a["quotes"][0]["speaker"] == "Alexander Vedyakhin");
  // record_json is the element of every list, in both documents
  using List = byline::ArticleAnalysis::List;
  const std::pair<List, const char*> lists[] = {{List::boilerplate, "boilerplate"},
                                                {List::mentions, "mentions"},
                                                {List::clusters, "clusters"},
                                                {List::roles, "roles"},
                                                {List::quotes, "quotes"}};
  for (const auto& [list, name] : lists) {
    REQUIRE(!a[name].empty());
    for (std::size_t i = 0; i < a[name].size(); ++i) {
      const auto rec = nlohmann::json::parse(s.a.record_json(list, i));
      CHECK(rec == a[name][i]);
      CHECK(rec == j[name][i]);
    }
    CHECK_THROWS_AS(s.a.record_json(list, a[name].size()), std::out_of_range);
  }
}

namespace {

// article_to_json as it was built before write_article_json: the Doc's JSON parsed back
// into a DOM, the entities' cluster fields and the lists added, the DOM dumped (kept here
// to check the streamed object against it, byte for byte).
std::string reference_article_json(const byline::Doc& doc, const byline::ArticleAnalysis& analysis, int indent) {
  using nlohmann::json;
  json j = json::parse(doc.to_json());
  j["schema"] = "byline.article/1";
  auto& ents = j["entities"];
  for (std::size_t e = 0; e < ents.size(); ++e) {
    const bool linked = e < analysis.entity_cluster.size() && analysis.entity_cluster[e] >= 0;
    ents[e]["cluster"] = linked ? json(analysis.entity_cluster[e]) : json(nullptr);
    ents[e]["canonical"] = linked ? json(analysis.entity_canonical[e]) : json(nullptr);
  }
  const json lists = json::parse(analysis.to_json());
  for (const char* key : {"boilerplate", "mentions", "clusters", "roles", "quotes"}) j[key] = lists[key];
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("analysis: article JSON is written a piece at a time, equal to the DOM it replaced", "[analysis]") {
  byline::Tokenizer tok;
  const byline::Analyzer an;
  std::vector<byline::Doc> docs;
  for (int k = 0; k < 5; ++k) docs.push_back(sample(k).doc);
  docs.back().set_meta("path", "a \"quoted\" name\nwith a newline");
  docs.back().set_meta("id", "x");
  docs.push_back(tok.tokenize(std::string()));
  docs.push_back(tok.tokenize(std::string("  \n\n ")));
  // long enough for several pieces (over 2 MiB of JSON)
  std::string long_text;
  for (int r = 0; r < 40; ++r) long_text += read_article(r % 5) + "\n\n";
  docs.push_back(tok.tokenize(long_text));
  annotate(docs.back());
  docs.back().set_meta("path", "Zürich — “quoted”");
  for (const auto& d : docs) {
    const byline::ArticleAnalysis a = an.analyze(d);
    for (int indent : {-1, 0, 1, 2, 4}) {
      CAPTURE(d.size(), indent);
      const std::string expected = reference_article_json(d, a, indent);
      CHECK(byline::article_to_json(d, a, indent) == expected);
      std::vector<std::string> pieces;
      byline::write_article_json(d, a, indent, [&](std::string_view p) { pieces.emplace_back(p); });
      std::string joined;
      for (const auto& p : pieces) {
        CHECK(!p.empty());
        // each piece ends on a code-point boundary: no lead byte of a longer sequence
        // waits for its continuation bytes in the next piece
        std::size_t k = p.size();
        while (k > 0 && (static_cast<unsigned char>(p[k - 1]) & 0xC0) == 0x80) --k;
        const auto lead = static_cast<unsigned char>(p[k - 1]);
        const std::size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        CHECK(p.size() - (k - 1) == need);
        joined += p;
      }
      CHECK(joined == expected);
      if (expected.size() > (std::size_t{2} << 20)) CHECK(pieces.size() > 1);
      if (d.size() > 20000) CHECK(expected.size() > (std::size_t{2} << 20));
    }
  }
}
