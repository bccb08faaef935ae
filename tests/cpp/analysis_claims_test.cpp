// Claims on hand-made texts with hand-placed entities: subjects, predicates, values left
// out, offsets; conflicts between values (dates, year-less dates, ranges, approx, units).
#include <catch2/catch.hpp>

#include "byline/analysis.h"
#include "byline/claims.h"
#include "byline/corpus.h"
#include "byline/tokenizer.h"

namespace {

struct Ent {
  std::string phrase, label, value;  // value: JSON text ("" = none)
};

// Tokenizes `text` and tags the first token-aligned occurrence of each phrase (in order of
// the list, each search starting after the previous match of the same phrase).
byline::Doc make_doc(const std::string& text, const std::vector<Ent>& ents) {
  static const byline::Tokenizer tok;
  byline::Doc doc = tok.tokenize(text);
  std::vector<byline::Entity> found;
  for (const Ent& x : ents) {
    for (std::size_t pos = text.find(x.phrase); pos != std::string::npos; pos = text.find(x.phrase, pos + 1)) {
      std::uint32_t b = 0;
      while (b < doc.size() && doc.token_begin()[b] < pos) ++b;
      std::uint32_t e = b;
      while (e < doc.size() && doc.token_end()[e] <= pos + x.phrase.size()) ++e;
      if (b < doc.size() && doc.token_begin()[b] == pos && e > b && doc.token_end()[e - 1] == pos + x.phrase.size()) {
        bool overlap = false;
        for (const auto& f : found) overlap |= b < f.tok_end && f.tok_begin < e;
        if (!overlap) found.push_back({b, e, x.label, 1.0f, byline::EntitySource::kUser, x.value});
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.tok_begin < y.tok_begin; });
  for (const auto& f : found) doc.add_entity(f);
  return doc;
}

std::vector<byline::Claim> claims_of(const std::string& text, const std::vector<Ent>& ents) {
  static const byline::Analyzer analyzer;
  byline::Doc doc = make_doc(text, ents);
  return byline::article_claims(doc, analyzer.analyze(doc));
}

// "subject|predicate|text" per claim.
std::vector<std::string> brief(const std::vector<byline::Claim>& cs) {
  std::vector<std::string> out;
  for (const auto& c : cs) out.push_back(c.subject + "|" + c.predicate + "|" + c.text);
  return out;
}

using V = std::vector<std::string>;

const char* kJan1 = R"({"timex":"2025-01-01","kind":"point","start":"2025-01-01","end":"2025-01-01"})";
const char* kDec30 = R"({"timex":"2024-12-30","kind":"point","start":"2024-12-30","end":"2024-12-30"})";

}  // namespace

TEST_CASE("claims: predicates by word stems", "[claims]") {
  CHECK(byline::predicates_of("The ministry published a directive.") == V{"announce", "order"});
  CHECK(byline::predicates_of("Output ROSE while the budget was cut") == V{"invest", "rise", "fall"});
  CHECK(byline::predicates_of("Unpublished, reposted") == V{});  // a word must start with the stem
  // words are runs of ASCII letters: "Müpay" is "M" and "pay", "Müllerpay" "M" and "llerpay"
  CHECK(byline::predicates_of("Müpay") == V{"cost"});
  CHECK(byline::predicates_of("Müllerpay") == V{});
  CHECK(byline::predicates_of("") == V{});
  REQUIRE(byline::predicate_classes().size() == 16);
  CHECK(byline::predicate_classes().front().name == "announce");
  CHECK(byline::predicate_classes().back().name == "elect");
}

TEST_CASE("claims: subject of a sentence", "[claims]") {
  SECTION("a person wins over an earlier organisation") {
    auto cs = claims_of("Acme Corp hired Maria Lopez to cut 40 jobs.",
                        {{"Acme Corp", "ORG", ""}, {"Maria Lopez", "PERSON", ""}, {"40", "CARDINAL", "40"}});
    CHECK(brief(cs) == V{"Maria Lopez|fall|40"});  // "cut" governs 40, "jobs" is what is counted
  }
  SECTION("a name after the first value is no subject") {
    auto cs =
        claims_of("On May 5, Acme Corp opened 12 shops.",
                  {{"May 5", "DATE", R"({"timex":"XXXX-05-05"})"}, {"Acme Corp", "ORG", ""}, {"12", "CARDINAL", "12"}});
    CHECK(cs.empty());
  }
  SECTION("the first name before the first value") {
    auto cs = claims_of("Norway and Acme Corp signed a deal worth $5 million.",
                        {{"Norway", "GPE", ""},
                         {"Acme Corp", "ORG", ""},
                         {"$5 million", "MONEY", R"({"amount":5000000,"currency":"USD"})"}});
    CHECK(brief(cs) == V{"Norway|cost|$5 million"});  // "worth" governs it, not "deal"
  }
  SECTION("carried over from the previous sentence, in the same or the next paragraph") {
    auto cs = claims_of("Acme Corp opened a plant. It holds 300 workers.\n\nThe plant will run until 2030.",
                        {{"Acme Corp", "ORG", ""},
                         {"300", "CARDINAL", "300"},
                         {"2030", "DATE", R"({"timex":"2030","start":"2030-01-01","end":"2030-12-31"})"}});
    CHECK(brief(cs) == V{"Acme Corp|employ|300", "Acme Corp||2030"});
    CHECK(cs[1].sentence == 2);
  }
  SECTION("a carried subject carries on, paragraph after paragraph") {
    auto cs = claims_of("Acme Corp opened a plant.\n\nNothing else happened.\n\nIt holds 300 workers.",
                        {{"Acme Corp", "ORG", ""}, {"300", "CARDINAL", "300"}});
    CHECK(brief(cs) == V{"Acme Corp|employ|300"});
  }
  SECTION("not carried over a paragraph without sentences") {
    std::string text = "Acme Corp opened a plant.\n\n--\n\nIt holds 300 workers.";
    std::vector<byline::ClaimValueSpan> values = {{40, 43, "CARDINAL", "300", "300"}};
    std::vector<byline::ClaimNameSpan> names = {{0, 9, "ORG", 0, false}};
    auto cs = byline::article_claims(text, {{0, 25}, {31, 52}}, {{0, 25}, {27, 29}, {31, 52}}, values, names);
    CHECK(cs.empty());
    cs = byline::article_claims(text, {{0, 25}, {31, 52}}, {{0, 25}, {31, 52}}, values, names);
    CHECK(brief(cs) == V{"Acme Corp|employ|300"});
  }
  SECTION("labels other than PERSON, ORG, GPE, NORP are no subject") {
    auto cs = claims_of("The Danube rose 3 metres to 120 metres.",
                        {{"Danube", "LOC", ""},
                         {"3 metres", "QUANTITY", R"({"amount":3,"unit":"m"})"},
                         {"120 metres", "QUANTITY", R"({"amount":120,"unit":"m"})"}});
    CHECK(cs.empty());
  }
}

TEST_CASE("claims: values and offsets", "[claims]") {
  SECTION("bare cardinals below 10, ordinals and values without a normalised value are left out") {
    auto cs = claims_of("Acme Corp sold 3 plants, 12 shops and 7 percent of its first mill, about 9 acres.",
                        {{"Acme Corp", "ORG", ""},
                         {"3", "CARDINAL", "3"},
                         {"12", "CARDINAL", "12"},
                         {"7 percent", "PERCENT", "7"},
                         {"first", "ORDINAL", "1"},
                         {"about 9", "CARDINAL", R"({"value":9,"approx":true})"},
                         {"acres", "QUANTITY", ""}});
    CHECK(brief(cs) == V{"Acme Corp||12", "Acme Corp||7 percent", "Acme Corp||about 9"});
  }
  SECTION("the predicate that governs the value, not every one of the sentence") {
    auto cs = claims_of("Maria Lopez announced that prices rose 5 percent.",
                        {{"Maria Lopez", "PERSON", ""}, {"5 percent", "PERCENT", "5"}});
    CHECK(brief(cs) == V{"Maria Lopez|rise|5 percent"});
  }
  SECTION("code-point and byte offsets, stripped sentence, indices") {
    static const byline::Analyzer analyzer;
    std::string text = "Zürich’s Acme Corp paid €20 million.";
    auto doc = make_doc(text, {{"Zürich", "GPE", ""},
                               {"Acme Corp", "ORG", ""},
                               {"€20 million", "MONEY", R"({"amount":20000000,"currency":"EUR"})"}});
    auto a = analyzer.analyze(doc);
    auto cs = byline::article_claims(doc, a);
    REQUIRE(cs.size() == 1);
    const byline::Claim& c = cs[0];
    CHECK(c.subject == "Zürich");
    CHECK(c.predicate == "cost");
    CHECK(c.text == "€20 million");
    CHECK(text.substr(c.byte_begin, c.byte_end - c.byte_begin) == "€20 million");
    CHECK(c.char_begin == 24);
    CHECK(c.char_end == 35);
    CHECK(c.value == R"({"amount":20000000,"currency":"EUR"})");
    CHECK(*c.sentence_text == text);
    CHECK(doc.entity(c.entity).label == "MONEY");
    CHECK(a.mentions[c.mention].text == "Zürich");
    CHECK(c.subject_cluster == a.mentions[c.mention].cluster);
  }
  SECTION("values and names in boilerplate are left out") {
    byline::Doc doc =
        make_doc("Acme Corp hired 40 staff. It hired 40 more.", {{"Acme Corp", "ORG", ""}, {"40", "CARDINAL", "40"}});
    REQUIRE(doc.num_entities() == 3);
    static const byline::Analyzer analyzer;
    byline::ArticleAnalysis a = analyzer.analyze(doc);
    REQUIRE(byline::article_claims(doc, a).size() == 2);
    byline::BoilerplateRegion r;
    r.tok_begin = doc.sentences()[1].begin;
    r.tok_end = doc.sentences()[1].end;
    a.boilerplate.push_back(r);
    auto cs = byline::article_claims(doc, a);
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].entity == 1);
  }
  SECTION("the span overload: stripping, sorting, indices into the given lists") {
    std::string text = "  Maria Lopez paid 40 dollars.\u3000 ";
    std::vector<byline::ClaimValueSpan> values = {
        {19, 29, "MONEY", "40 dollars", R"({"amount":40,"currency":"USD"})"},
        {2, 7, "ORDINAL", "Maria", "1"},
        {19, 21, "CARDINAL", "40", "40"},
    };
    std::vector<byline::ClaimNameSpan> names = {{2, 13, "PERSON", 4, false}};
    auto cs = byline::article_claims(text, {{0, static_cast<std::uint32_t>(text.size())}}, {}, values, names);
    REQUIRE(cs.size() == 2);
    CHECK(cs[0].entity == 2);  // (19, 21) before (19, 29)
    CHECK(cs[1].entity == 0);
    CHECK(cs[0].subject == "Maria Lopez");
    CHECK(cs[0].subject_cluster == 4);
    CHECK(*cs[0].sentence_text == "Maria Lopez paid 40 dollars.");
    names[0].cluster = -1;
    CHECK(byline::article_claims(text, {{0, 34}}, {}, values, names).empty());
    CHECK(byline::article_claims("", {{5, 3}}, {{9, 9}}, values, names).empty());  // total on odd offsets
  }
}

TEST_CASE("claims: conflicts between values", "[claims]") {
  using byline::conflicts;
  SECTION("dates: periods that do not overlap") {
    CHECK(conflicts("DATE", kJan1, "DATE", kDec30));
    CHECK_FALSE(conflicts("DATE", kJan1, "DATE", kJan1));
    CHECK_FALSE(conflicts("DATE", R"({"timex":"2025-01","start":"2025-01-01","end":"2025-01-31"})", "DATE", kJan1));
    CHECK(conflicts("TIME", R"({"timex":"2025-01-02T10:00","start":"2025-01-02","end":"2025-01-02"})", "DATE", kJan1));
  }
  SECTION("year-less dates: month and day") {
    const char* dec30 = R"({"timex":"XXXX-12-30","kind":"point"})";
    CHECK_FALSE(conflicts("DATE", dec30, "DATE", kDec30));
    CHECK(conflicts("DATE", dec30, "DATE", kJan1));
    CHECK(conflicts("DATE", kJan1, "DATE", dec30));
    CHECK_FALSE(conflicts("DATE", R"({"timex":"XXXX-01-05"})", "DATE",
                          R"({"timex":"2025-01","start":"2025-01-01","end":"2025-01-31"})"));
    // a period over two years is not compared with a month-day
    CHECK_FALSE(conflicts("DATE", R"({"timex":"XXXX-06-01"})", "DATE",
                          R"({"timex":"2024-WI","start":"2024-12-01","end":"2025-02-28"})"));
    CHECK(conflicts("DATE", dec30, "DATE", R"({"timex":"XXXX-12-31"})"));
    CHECK_FALSE(conflicts("DATE", dec30, "DATE", R"({"timex":"XXXX-12-30"})"));
    CHECK_FALSE(conflicts("DATE", R"({"timex":"XXXX-12"})", "DATE", kJan1));  // not a month-day: not compared
  }
  SECTION("durations, sets and times of day are not compared") {
    CHECK_FALSE(conflicts("DATE", R"({"timex":"P3Y","kind":"duration"})", "DATE", R"({"timex":"P5Y"})"));
    CHECK_FALSE(conflicts("TIME", R"({"timex":"T19:00"})", "TIME", R"({"timex":"T20:00"})"));
    CHECK_FALSE(conflicts("DATE", R"({"timex":"P3Y"})", "DATE", kJan1));
    CHECK_FALSE(conflicts("DATE", R"({"timex":"2024","fiscal":true})", "DATE", kJan1));  // no period
  }
  SECTION("numbers and ranges") {
    CHECK(conflicts("CARDINAL", "12", "CARDINAL", "13"));
    CHECK_FALSE(conflicts("CARDINAL", "12", "CARDINAL", "12.0"));
    CHECK_FALSE(conflicts("CARDINAL", R"({"min":10,"max":20})", "CARDINAL", "15"));
    CHECK(conflicts("CARDINAL", R"({"min":10,"max":20})", "CARDINAL", "21"));
    CHECK(conflicts("CARDINAL", R"({"min":10,"max":20})", "CARDINAL", R"({"min":21,"max":30})"));
    CHECK_FALSE(conflicts("CARDINAL", R"({"min":50,"open":"above"})", "CARDINAL", "5000"));
    CHECK(conflicts("CARDINAL", R"({"min":50,"open":"above"})", "CARDINAL", "49"));
    CHECK_FALSE(conflicts("PERCENT", R"({"max":20,"approx":true,"open":"below"})", "PERCENT", "-3"));
    CHECK(conflicts("PERCENT", R"({"max":20,"open":"below"})", "PERCENT", "21"));
    // a present "value" wins over "amount", even when null: then nothing to compare
    CHECK_FALSE(conflicts("CARDINAL", R"({"value":null,"amount":5})", "CARDINAL", "6"));
  }
  SECTION("approx widens each bound by 10 %") {
    const char* about = R"({"value":7000,"approx":true})";
    CHECK_FALSE(conflicts("CARDINAL", about, "CARDINAL", "7700"));
    CHECK_FALSE(conflicts("CARDINAL", about, "CARDINAL", "6300"));
    CHECK(conflicts("CARDINAL", about, "CARDINAL", "7701"));
    CHECK(conflicts("CARDINAL", about, "CARDINAL", "6299"));
    CHECK_FALSE(conflicts("CARDINAL", about, "CARDINAL", R"({"value":8000,"approx":true})"));  // 7700 >= 7200
    CHECK(conflicts("CARDINAL", R"({"value":-100,"approx":true})", "CARDINAL", "-111"));
  }
  SECTION("currencies and units") {
    const char* usd = R"({"amount":5000000000,"currency":"USD"})";
    CHECK(conflicts("MONEY", usd, "MONEY", R"({"amount":5000000000,"currency":"EUR"})"));
    CHECK(conflicts("MONEY", usd, "MONEY", R"({"amount":6000000000,"currency":"USD"})"));
    CHECK_FALSE(conflicts("MONEY", usd, "MONEY", R"({"amount":5000000000,"currency":"USD","approx":true})"));
    CHECK(conflicts("MONEY", usd, "MONEY", "5000000000"));  // no currency against one
    CHECK(conflicts("QUANTITY", R"({"amount":300,"unit":"km"})", "QUANTITY", R"({"amount":300,"unit":"mi"})"));
    CHECK_FALSE(conflicts("MONEY", usd, "CARDINAL", "7"));                   // other labels
    CHECK_FALSE(conflicts("MONEY", R"({"currency":"RUB"})", "MONEY", usd));  // no amount
  }
  SECTION("no value, other JSON and text that is not JSON are never in conflict") {
    CHECK_FALSE(conflicts("CARDINAL", "", "CARDINAL", "5"));
    CHECK_FALSE(conflicts("CARDINAL", "null", "CARDINAL", "5"));
    CHECK_FALSE(conflicts("CARDINAL", "true", "CARDINAL", "5"));
    CHECK_FALSE(conflicts("CARDINAL", "\"five\"", "CARDINAL", "5"));
    CHECK_FALSE(conflicts("CARDINAL", "{not json", "CARDINAL", "5"));
    CHECK_FALSE(conflicts("DATE", "[1, 2]", "DATE", kJan1));
    CHECK_FALSE(conflicts("DATE", R"({"start":1,"end":2})", "DATE", kJan1));
  }
}

TEST_CASE("claims: across a corpus", "[claims]") {
  static const byline::Analyzer analyzer;
  const char* may5 = R"({"timex":"2025-05-05","kind":"point","start":"2025-05-05","end":"2025-05-05"})";
  const char* may7 = R"({"timex":"2025-05-07","kind":"point","start":"2025-05-07","end":"2025-05-07"})";
  const char* may = R"({"timex":"2025-05","kind":"point","start":"2025-05-01","end":"2025-05-31"})";
  const std::vector<std::pair<std::string, byline::Doc>> articles = {
      {"a", make_doc("Acme Corp signed the contract on May 5, 2025. It paid $40 million.",
                     {{"Acme Corp", "ORG", ""},
                      {"May 5, 2025", "DATE", may5},
                      {"$40 million", "MONEY", R"({"amount":40000000,"currency":"USD"})"}})},
      {"b", make_doc("Acme Corp signed the contract on May 7, 2025. It paid about $41 million.",
                     {{"Acme Corp", "ORG", ""},
                      {"May 7, 2025", "DATE", may7},
                      {"about $41 million", "MONEY", R"({"amount":41000000,"currency":"USD","approx":true})"}})},
      {"c",
       make_doc("Acme Corp signed the contract in May 2025.", {{"Acme Corp", "ORG", ""}, {"May 2025", "DATE", may}})},
      {"d", make_doc("Acme Corp signed it on May 5, 2025.", {{"Acme Corp", "ORG", ""}, {"May 5, 2025", "DATE", may5}})},
  };
  byline::Corpus corpus;
  for (const auto& [id, doc] : articles) corpus.add(id, doc, analyzer.analyze(doc));
  const std::vector<byline::CorpusClaim> claims = corpus.claims();
  {  // a corpus that only links (byline analyze) keeps no claims, and links the same
    byline::CorpusOptions linking;
    linking.claims = false;
    byline::Corpus lean(linking);
    for (const auto& [id, doc] : articles) lean.add(id, doc, analyzer.analyze(doc));
    CHECK(lean.claims().empty());
    CHECK(lean.link().entities.size() == corpus.link().entities.size());
  }
  std::vector<std::string> seen;
  for (const auto& c : claims)
    seen.push_back(std::to_string(c.article) + "|" + c.subject + "|" + c.claim.predicate + "|" + c.claim.text);
  CHECK(seen == V{"0|Acme Corp|agree|May 5, 2025", "0|Acme Corp|cost|$40 million", "1|Acme Corp|agree|May 7, 2025",
                  "1|Acme Corp|cost|about $41 million", "2|Acme Corp|agree|May 2025", "3|Acme Corp|agree|May 5, 2025"});
  REQUIRE(claims[0].entity >= 0);
  for (const auto& c : claims) CHECK(c.entity == claims[0].entity);

  // May 5 and May 7 contradict; May (the month) contradicts neither; $40 million and about
  // $41 million (10 % margin) do not
  const std::vector<byline::Disagreement> dis = corpus.disagreements(claims);
  REQUIRE(dis.size() == 4);
  for (const auto& d : dis) CHECK(d.group == 0);
  CHECK(dis[0].claim == 0);
  CHECK(dis[0].conflicts_with == V{"b"});
  CHECK(dis[1].claim == 2);
  CHECK(dis[1].conflicts_with == V{"a", "d"});
  CHECK(dis[2].claim == 4);
  CHECK(dis[2].conflicts_with == V{});
  CHECK(dis[3].claim == 5);
  CHECK(dis[3].conflicts_with == V{"b"});

  SECTION("ids that repeat are listed once") {
    byline::Corpus twice;
    for (const char* id : {"x", "x", "y"}) twice.add(id, articles[0].second, analyzer.analyze(articles[0].second));
    twice.add("y", articles[1].second, analyzer.analyze(articles[1].second));
    auto d = twice.disagreements(twice.claims());
    REQUIRE(d.size() == 4);
    CHECK(d[0].conflicts_with == V{"y"});
    CHECK(d[3].conflicts_with == V{"x", "y"});
  }
  SECTION("one article alone disagrees with nobody") {
    byline::Corpus one;
    one.add("a", articles[0].second, analyzer.analyze(articles[0].second));
    CHECK(one.disagreements(one.claims()).empty());
  }
}

TEST_CASE("claims: the predicate that governs each value", "[claims]") {
  const char* y2023 = R"({"timex":"2023","kind":"point","start":"2023-01-01","end":"2023-12-31"})";
  SECTION("the nearest predicate word before the value in its clause") {
    auto cs = claims_of("Acme Corp signed a deal on May 5 to invest $40 million and cut 300 jobs.",
                        {{"Acme Corp", "ORG", ""},
                         {"May 5", "DATE", R"({"timex":"XXXX-05-05"})"},
                         {"$40 million", "MONEY", R"({"amount":40000000,"currency":"USD"})"},
                         {"300", "CARDINAL", "300"}});
    CHECK(brief(cs) == V{"Acme Corp|agree|May 5", "Acme Corp|invest|$40 million", "Acme Corp|fall|300"});
  }
  SECTION("a head noun after the value wins over a reporting verb, not over other verbs") {
    auto cs = claims_of("Acme Corp announced a $40 million investment in 2023 and cut 300 jobs in 2024.",
                        {{"Acme Corp", "ORG", ""},
                         {"$40 million", "MONEY", R"({"amount":40000000,"currency":"USD"})"},
                         {"2023", "DATE", y2023},
                         {"300", "CARDINAL", "300"},
                         {"2024", "DATE", R"({"timex":"2024","start":"2024-01-01","end":"2024-12-31"})"}});
    CHECK(brief(cs) ==
          V{"Acme Corp|invest|$40 million", "Acme Corp|invest|2023", "Acme Corp|fall|300", "Acme Corp|fall|2024"});
  }
  SECTION("a value before its predicate takes the first one after it") {
    auto cs = claims_of("In 2023, Acme Corp opened 12 shops.",
                        {{"2023", "DATE", y2023}, {"Acme Corp", "ORG", ""}, {"12", "CARDINAL", "12"}});
    CHECK(cs.empty());  // the name comes after the first value: no subject, as before
    cs = claims_of("Acme Corp grew fast. In 2023, it opened 12 shops.",
                   {{"2023", "DATE", y2023}, {"Acme Corp", "ORG", ""}, {"12", "CARDINAL", "12"}});
    CHECK(brief(cs) == V{"Acme Corp|launch|2023", "Acme Corp|launch|12"});
  }
  SECTION("an amount after by/to measures a rise or fall") {
    auto cs =
        claims_of("Acme Corp cut its budget by 4 percent.", {{"Acme Corp", "ORG", ""}, {"4 percent", "PERCENT", "4"}});
    CHECK(brief(cs) == V{"Acme Corp|fall|4 percent"});
  }
  SECTION("coordinated predicates all apply") {
    auto cs = claims_of("Acme Corp announced and launched the app in 2023.",
                        {{"Acme Corp", "ORG", ""}, {"2023", "DATE", y2023}});
    CHECK(brief(cs) == V{"Acme Corp|announce|2023", "Acme Corp|launch|2023"});
  }
  SECTION("no predicate word in the clause: no predicate") {
    auto cs =
        claims_of("Acme Corp sold 30 shops, ending 20 years of losses.",
                  {{"Acme Corp", "ORG", ""}, {"30", "CARDINAL", "30"}, {"20 years", "DATE", R"({"timex":"P20Y"})"}});
    CHECK(brief(cs) == V{"Acme Corp||30", "Acme Corp||20 years"});
  }
}

TEST_CASE("claims: attribution, ranks, clauses and modifiers", "[claims]") {
  const char* y2023 = R"({"timex":"2023","kind":"point","start":"2023-01-01","end":"2023-12-31"})";
  SECTION("'according to' is no agreement and its source no subject") {
    auto cs = claims_of(
        "According to Acme Corp, Norway's exports rose 4 percent in 2023.",
        {{"Acme Corp", "ORG", ""}, {"Norway", "GPE", ""}, {"4 percent", "PERCENT", "4"}, {"2023", "DATE", y2023}});
    CHECK(brief(cs) == V{"Norway|rise|4 percent", "Norway|rise|2023"});
    cs = claims_of("Norway's exports rose 4 percent, according to Acme Corp.",
                   {{"Norway", "GPE", ""}, {"4 percent", "PERCENT", "4"}, {"Acme Corp", "ORG", ""}});
    CHECK(brief(cs) == V{"Norway|rise|4 percent"});
    CHECK(byline::predicates_of("according to him, accordingly") == V{});
  }
  SECTION("the date of a source dates what it reports") {
    auto cs = claims_of("According to a May 5 post, Maria Lopez ordered the review.",
                        {{"May 5", "DATE", R"({"timex":"XXXX-05-05"})"}, {"Maria Lopez", "PERSON", ""}});
    CHECK(brief(cs) == V{"Maria Lopez|order|May 5"});
  }
  SECTION("a speaker is the subject only when the reported clause names none") {
    auto cs = claims_of("Acme Corp said Norway's output rose 4 percent.",
                        {{"Acme Corp", "ORG", ""}, {"Norway", "GPE", ""}, {"4 percent", "PERCENT", "4"}});
    CHECK(brief(cs) == V{"Norway|rise|4 percent"});
    cs = claims_of("Acme Corp said 40 people were killed.", {{"Acme Corp", "ORG", ""}, {"40", "CARDINAL", "40"}});
    CHECK(brief(cs) == V{"Acme Corp|casualties|40"});
    cs = claims_of("Norway will host the summit in 2023, Maria Lopez said in 2022.",
                   {{"Norway", "GPE", ""},
                    {"2023", "DATE", y2023},
                    {"Maria Lopez", "PERSON", ""},
                    {"2022", "DATE", R"({"timex":"2022","start":"2022-01-01","end":"2022-12-31"})"}});
    CHECK(brief(cs) == V{"Norway|meet|2023", "Maria Lopez||2022"});
  }
  SECTION("a rank is the ordinal; 'out of 83' is its base") {
    auto cs = claims_of("Norway ranks 31st out of 83 countries.",
                        {{"Norway", "GPE", ""}, {"31st", "ORDINAL", "31"}, {"83", "CARDINAL", "83"}});
    CHECK(brief(cs) == V{"Norway|rank|31st"});
    cs = claims_of(
        "Norway placed 3rd among 63 economies for the first time.",
        {{"Norway", "GPE", ""}, {"3rd", "ORDINAL", "3"}, {"63", "CARDINAL", "63"}, {"first", "ORDINAL", "1"}});
    CHECK(brief(cs) == V{"Norway|rank|3rd"});
  }
  SECTION("a name in a hyphen compound modifies another word") {
    auto cs =
        claims_of("UK-based Acme Corp found that Norway ranks 12th.",
                  {{"UK", "GPE", ""}, {"Acme Corp", "ORG", ""}, {"Norway", "GPE", ""}, {"12th", "ORDINAL", "12"}});
    CHECK(brief(cs) == V{"Norway|rank|12th"});
    cs = claims_of("Oslo-based Acme Corp raised $40 million.",
                   {{"Oslo", "GPE", ""},
                    {"Acme Corp", "ORG", ""},
                    {"$40 million", "MONEY", R"({"amount":40000000,"currency":"USD"})"}});
    CHECK(brief(cs) == V{"Acme Corp||$40 million"});
  }
  SECTION("clauses with subjects of their own") {
    auto cs = claims_of("Acme Corp shares fell 7 percent, while Beta Inc gained 12 percent.",
                        {{"Acme Corp", "ORG", ""},
                         {"7 percent", "PERCENT", "7"},
                         {"Beta Inc", "ORG", ""},
                         {"12 percent", "PERCENT", "12"}});
    CHECK(brief(cs) == V{"Acme Corp|fall|7 percent", "Beta Inc|rise|12 percent"});
    cs = claims_of(
        "Acme Corp cut 300 jobs and Beta Inc cut 500.",
        {{"Acme Corp", "ORG", ""}, {"300", "CARDINAL", "300"}, {"Beta Inc", "ORG", ""}, {"500", "CARDINAL", "500"}});
    CHECK(brief(cs) == V{"Acme Corp|fall|300", "Beta Inc|fall|500"});
  }
  SECTION("a value without ASCII letters or digits is claimed without a predicate") {
    std::string text = "Acme Corp paid \u00bd of it.";
    std::vector<byline::ClaimValueSpan> values = {{15, 17, "CARDINAL", "\u00bd", "0.5"}};  // "½": 2 bytes
    std::vector<byline::ClaimNameSpan> names = {{0, 9, "ORG", 0, false}};
    auto cs = byline::article_claims(text, {{0, static_cast<std::uint32_t>(text.size())}}, {}, values, names);
    CHECK(cs.empty());  // a bare cardinal below 10
    values[0].value = "50";
    cs = byline::article_claims(text, {{0, static_cast<std::uint32_t>(text.size())}}, {}, values, names);
    CHECK(brief(cs) == V{"Acme Corp||\u00bd"});
  }
  SECTION("words inside names and exceptions name no event") {
    CHECK(byline::predicates_of("a significant investigation of electricity metals") == V{});
    auto cs =
        claims_of("Metro Bank paid $40 million.",
                  {{"Metro Bank", "ORG", ""}, {"$40 million", "MONEY", R"({"amount":40000000,"currency":"USD"})"}});
    CHECK(brief(cs) == V{"Metro Bank|cost|$40 million"});
  }
}

TEST_CASE("claims: one huge sentence stays linear", "[claims]") {
  // 30,000 clauses in one sentence, each with names, a speech verb, "according to", "and" and
  // a value that is searched for its predicate but claimed by none (an ordinal after no rank
  // word); every search for a predicate or a clause is bounded, so this takes milliseconds.
  std::string text;
  std::vector<byline::ClaimValueSpan> values;
  std::vector<byline::ClaimNameSpan> names;
  for (int i = 0; i < 30000; ++i) {
    const auto b = static_cast<std::uint32_t>(text.size());
    text += "Acme said according to Beta 4th and ";
    names.push_back({b, b + 4, "ORG", 0, false});
    names.push_back({b + 23, b + 27, "ORG", 1, false});
    values.push_back({b + 28, b + 31, "ORDINAL", "4th", "4"});
  }
  const auto b = static_cast<std::uint32_t>(text.size());
  text += "Acme cut 40 jobs";
  names.push_back({b, b + 4, "ORG", 0, false});
  values.push_back({b + 9, b + 11, "CARDINAL", "40", "40"});
  const auto n = static_cast<std::uint32_t>(text.size());
  auto cs = byline::article_claims(text, {{0, n}}, {{0, n}}, values, names);
  CHECK(brief(cs) == V{"Acme|fall|40"});
}

TEST_CASE("claims: the claims of a sentence share one copy of it", "[claims]") {
  // 2,000 values in one 20 KB sentence: one string, not 2,000 copies (40 MB)
  std::string text = "Acme said ";
  std::vector<byline::ClaimValueSpan> values;
  for (int i = 0; i < 2000; ++i) {
    const auto b = static_cast<std::uint32_t>(text.size());
    const std::string v = std::to_string(i % 90 + 10) + "%";
    text += v + ", ";
    values.push_back({b, b + 3, "PERCENT", v, "{\"number\":1}"});
  }
  text += "rose.";
  const auto n = static_cast<std::uint32_t>(text.size());
  const std::vector<byline::ClaimNameSpan> names{{0, 4, "ORG", 0, false}};
  auto cs = byline::article_claims(text, {{0, n}}, {{0, n}}, values, names);
  REQUIRE(cs.size() > 1000);
  for (const auto& c : cs) {
    REQUIRE(c.sentence_text);
    CHECK(c.sentence_text.get() == cs.front().sentence_text.get());
  }
  CHECK(*cs.front().sentence_text == text);
}
