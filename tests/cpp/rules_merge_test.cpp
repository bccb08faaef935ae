// Merge policy and span conventions.
#include <catch2/catch.hpp>

#include "rules_test_util.h"

using byline::Entity;
using byline::EntitySource;
using rules_test::describe;
using rules_test::doc_of;
using V = std::vector<std::string>;

namespace {
Entity ent(std::uint32_t b, std::uint32_t e, const char* label, EntitySource s) {
  Entity x;
  x.tok_begin = b;
  x.tok_end = e;
  x.label = label;
  x.source = s;
  return x;
}

/// The entities `es` over `text` after the merge with the shipped title and NORP lists.
V merged(const char* text, std::vector<Entity> es) {
  static const auto titles =
      byline::PhraseMatcher::from_file(BYLINE_SOURCE_DIR "/models/en_news/gazetteers/titles.txt", {});
  static const auto norp =
      byline::PhraseMatcher::from_file(BYLINE_SOURCE_DIR "/models/en_news/gazetteers/norp.txt", {});
  auto d = doc_of(text);
  return describe(d, byline::resolve_overlaps(std::move(es), d, &titles, &norp));
}
}  // namespace

TEST_CASE("rules merge: policy order", "[rules]") {
  // tokens: 0 Sberbank 1 CEO 2 German 3 Gref 4 visited 5 New 6 York 7 City
  auto d = doc_of("Sberbank CEO German Gref visited New York City");
  SECTION("user wins over a longer model span") {
    auto r =
        byline::resolve_overlaps({ent(0, 4, "ORG", EntitySource::kModel), ent(0, 1, "ORG", EntitySource::kUser)}, d);
    CHECK(describe(d, r) == V{"ORG Sberbank"});
  }
  SECTION("longer span wins among non-user sources") {
    auto r = byline::resolve_overlaps(
        {ent(5, 7, "GPE", EntitySource::kGazetteer), ent(5, 8, "GPE", EntitySource::kModel)}, d);
    CHECK(describe(d, r) == V{"GPE New York City"});
  }
  SECTION("same length: pattern > gazetteer > model") {
    auto r =
        byline::resolve_overlaps({ent(2, 3, "NORP", EntitySource::kModel), ent(2, 3, "NORP", EntitySource::kGazetteer),
                                  ent(2, 3, "MISC", EntitySource::kPattern)},
                                 d);
    CHECK(describe(d, r) == V{"MISC German"});
  }
  SECTION("a gazetteer match does not relabel a model PERSON or ORG of the same extent") {
    auto w = doc_of("Washington scored twice for Chelsea");
    auto r =
        byline::resolve_overlaps({ent(0, 1, "PERSON", EntitySource::kModel), ent(0, 1, "GPE", EntitySource::kGazetteer),
                                  ent(4, 5, "ORG", EntitySource::kModel), ent(4, 5, "GPE", EntitySource::kGazetteer)},
                                 w);
    CHECK(describe(w, r) == V{"PERSON Washington", "ORG Chelsea"});
  }
  SECTION("a gazetteer match refines a model MISC or LOC of the same extent") {
    auto r =
        byline::resolve_overlaps({ent(2, 3, "MISC", EntitySource::kModel), ent(2, 3, "NORP", EntitySource::kGazetteer),
                                  ent(5, 8, "LOC", EntitySource::kModel), ent(5, 8, "GPE", EntitySource::kGazetteer)},
                                 d);
    CHECK(describe(d, r) == V{"NORP German", "GPE New York City"});
    auto a = doc_of("the Arctic Council met");
    auto r2 = byline::resolve_overlaps(
        {ent(1, 2, "MISC", EntitySource::kModel), ent(1, 2, "LOC", EntitySource::kGazetteer)}, a);
    CHECK(describe(a, r2) == V{"MISC Arctic"});
  }
  SECTION("a longer gazetteer span still beats a shorter model span") {
    auto r = byline::resolve_overlaps(
        {ent(5, 6, "ORG", EntitySource::kModel), ent(5, 8, "GPE", EntitySource::kGazetteer)}, d);
    CHECK(describe(d, r) == V{"GPE New York City"});
  }
  SECTION("full tie: earlier start, then label name; output sorted") {
    auto r = byline::resolve_overlaps({ent(6, 8, "LOC", EntitySource::kModel), ent(5, 7, "GPE", EntitySource::kModel),
                                       ent(0, 1, "ORG", EntitySource::kModel), ent(0, 1, "FAC", EntitySource::kModel)},
                                      d);
    CHECK(describe(d, r) == V{"FAC Sberbank", "GPE New York"});
  }
  SECTION("invalid and empty spans are dropped") {
    auto r =
        byline::resolve_overlaps({ent(3, 3, "X", EntitySource::kModel), ent(7, 99, "GPE", EntitySource::kModel)}, d);
    CHECK(describe(d, r) == V{"GPE City"});
  }
}

TEST_CASE("rules merge: span conventions", "[rules]") {
  SECTION("possessive is not part of an entity") {
    auto d = doc_of("Russia’s central bank");
    auto r = byline::resolve_overlaps({ent(0, 2, "GPE", EntitySource::kModel)}, d);
    CHECK(describe(d, r) == V{"GPE Russia"});
  }
  SECTION("titles are not part of PERSON (built-in titles)") {
    auto d = doc_of("Prime Minister Mikhail Mishustin spoke");
    auto r = byline::resolve_overlaps({ent(0, 4, "PERSON", EntitySource::kModel)}, d);
    CHECK(describe(d, r) == V{"PERSON Mikhail Mishustin"});
  }
  SECTION("Russian President Vladimir Putin is NORP + PERSON") {
    auto d = doc_of("Russian President Vladimir Putin’s directive");
    auto titles = byline::PhraseMatcher::from_file(BYLINE_SOURCE_DIR "/models/en_news/gazetteers/titles.txt", {});
    auto norp = byline::PhraseMatcher::from_file(BYLINE_SOURCE_DIR "/models/en_news/gazetteers/norp.txt", {});
    auto r = byline::resolve_overlaps({ent(0, 5, "PERSON", EntitySource::kModel)}, d, &titles, &norp);
    CHECK(describe(d, r) == V{"NORP Russian", "PERSON Vladimir Putin"});
  }
  SECTION("a first name that is also a nationality word is not split off") {
    auto d = doc_of("Christian Blanc resigned");
    auto titles = byline::PhraseMatcher::from_file(BYLINE_SOURCE_DIR "/models/en_news/gazetteers/titles.txt", {});
    auto norp = byline::PhraseMatcher::from_file(BYLINE_SOURCE_DIR "/models/en_news/gazetteers/norp.txt", {});
    auto r = byline::resolve_overlaps({ent(0, 2, "PERSON", EntitySource::kModel)}, d, &titles, &norp);
    CHECK(describe(d, r) == V{"PERSON Christian Blanc"});
    auto d2 = doc_of("Russian President Putin spoke");
    auto r2 = byline::resolve_overlaps({ent(0, 3, "PERSON", EntitySource::kModel)}, d2, &titles, &norp);
    CHECK(describe(d2, r2) == V{"NORP Russian", "PERSON Putin"});
  }
  SECTION("a role inside a model name splits it into ORG + PERSON") {
    const auto model = EntitySource::kModel;
    CHECK(merged("Sberbank CEO German Gref said", {ent(0, 4, "ORG", model)}) ==
          V{"ORG Sberbank", "PERSON German Gref"});
    // a PERSON span is never split into ORG + PERSON: "Martin Luther King Jr."
    CHECK(merged("Martin Luther King Jr. spoke", {ent(0, 4, "PERSON", model)}) == V{"PERSON Martin Luther King Jr."});
    // a title that is also a name word, or an organisation word after the role: no split
    CHECK(merged("Cambridge Judge Business School opened", {ent(0, 4, "ORG", model)}) ==
          V{"ORG Cambridge Judge Business School"});
    CHECK(merged("Acme CEO Council met", {ent(0, 3, "ORG", model)}) == V{"ORG Acme CEO Council"});
    // a trailing role or a role before a lower-case word does not split
    CHECK(merged("Acme Chairman said", {ent(0, 2, "ORG", model)}) == V{"ORG Acme Chairman"});
    // a run of titles is one role: "First Deputy CEO" alone is not split into ORG + PERSON
    CHECK(merged("Sberbank First Deputy CEO said", {ent(1, 4, "ORG", model)}) == V{"ORG First Deputy CEO"});
    CHECK(merged("Sberbank Deputy CEO Alexander Vedyakhin said", {ent(0, 5, "ORG", model)}) ==
          V{"ORG Sberbank", "PERSON Alexander Vedyakhin"});
    // a nationality word between a title and a model PERSON is a first name
    CHECK(merged("Sberbank CEO German Gref said",
                 {ent(0, 1, "ORG", model), ent(2, 3, "NORP", model), ent(3, 4, "PERSON", model)}) ==
          V{"ORG Sberbank", "PERSON German Gref"});
    // no title before it: left alone
    CHECK(merged("the German Gref said", {ent(1, 2, "NORP", model), ent(2, 3, "PERSON", model)}) ==
          V{"NORP German", "PERSON Gref"});
    // the model tagged nothing after it: title + NORP + one capitalised word is a name
    CHECK(merged("Sberbank CEO German Gref said",
                 {ent(0, 1, "ORG", model), ent(2, 3, "NORP", EntitySource::kGazetteer)}) ==
          V{"ORG Sberbank", "PERSON German Gref"});
    CHECK(merged("Sberbank CEO German Gref will step down", {ent(2, 3, "NORP", model)}) == V{"PERSON German Gref"});
    // not in a headline, where every word is capitalised, nor for a user's NORP
    CHECK(merged("Sberbank CEO German Gref", {ent(2, 3, "NORP", model)}) == V{"NORP German"});
    CHECK(merged("Apple CEO Chinese Rivals", {ent(2, 3, "NORP", model)}) == V{"NORP Chinese"});
    CHECK(merged("the CEO German Gref said", {ent(2, 3, "NORP", EntitySource::kUser)}) == V{"NORP German"});
    auto d = doc_of("President German Gref said");  // the built-in titles; the span is the rule's
    auto r = byline::resolve_overlaps({ent(1, 2, "NORP", EntitySource::kGazetteer)}, d);
    REQUIRE(describe(d, r) == V{"PERSON German Gref"});
    CHECK(r[0].source == EntitySource::kPattern);
    // but not without a title, nor before two capitalised words, a covered word, a title or a number
    CHECK(merged("the German Gref said", {ent(1, 2, "NORP", model)}) == V{"NORP German"});
    CHECK(merged("CEO German Gref Bank said", {ent(1, 2, "NORP", model)}) == V{"NORP German"});
    CHECK(merged("CEO German Telekom said", {ent(1, 2, "NORP", model), ent(2, 3, "ORG", model)}) ==
          V{"NORP German", "ORG Telekom"});
    CHECK(merged("CEO German Chancellor said", {ent(1, 2, "NORP", model)}) == V{"NORP German"});
    CHECK(merged("CEO German G7 said", {ent(1, 2, "NORP", model)}) == V{"NORP German"});
    CHECK(merged("King German Gref said", {ent(1, 2, "NORP", model)}) == V{"NORP German"});
  }
  SECTION("a model span from the second country of a hyphenated pair on is dropped") {
    const auto model = EntitySource::kModel, gaz = EntitySource::kGazetteer;
    // tokens: 0 Russia 1 - 2 China 3 AI 4 Partnership
    CHECK(merged("Russia-China AI Partnership", {ent(0, 1, "GPE", gaz), ent(2, 3, "GPE", gaz),
                                                 ent(2, 5, "ORG", model)}) == V{"GPE Russia", "GPE China"});
    // an organisation word or a company designator at its end keeps it
    CHECK(merged("US-China Business Council", {ent(0, 1, "GPE", gaz), ent(2, 3, "GPE", gaz),
                                               ent(2, 5, "ORG", model)}) == V{"GPE US", "ORG China Business Council"});
    CHECK(merged("Beijing-Santiago Copper Tube Co",
                 {ent(0, 1, "GPE", gaz), ent(2, 3, "GPE", gaz), ent(2, 6, "ORG", model)}) ==
          V{"GPE Beijing", "ORG Santiago Copper Tube Co"});
    // no country before the hyphen, spaces around it, or no country after it: left alone
    CHECK(merged("Coca-Cola Enterprises", {ent(0, 4, "ORG", model)}) == V{"ORG Coca-Cola Enterprises"});
    CHECK(merged("Acme-China AI Partnership", {ent(2, 3, "GPE", gaz), ent(2, 5, "ORG", model)}) ==
          V{"ORG China AI Partnership"});
    CHECK(merged("Russia - China AI Partnership",
                 {ent(0, 1, "GPE", gaz), ent(2, 3, "GPE", gaz), ent(2, 5, "ORG", model)}) ==
          V{"GPE Russia", "ORG China AI Partnership"});
    CHECK(merged("Russia-Acme AI Partnership", {ent(0, 1, "GPE", gaz), ent(2, 5, "ORG", model)}) ==
          V{"GPE Russia", "ORG Acme AI Partnership"});
    // a treaty's name, or a span of another type than ORG, is left
    CHECK(merged("US-Japan Security Treaty", {ent(0, 1, "GPE", gaz), ent(2, 3, "GPE", gaz), ent(2, 5, "ORG", model)}) ==
          V{"GPE US", "ORG Japan Security Treaty"});
    CHECK(merged("US-Japan Security Treaty", {ent(0, 1, "GPE", gaz), ent(2, 3, "GPE", gaz), ent(2, 5, "LAW", model)}) ==
          V{"GPE US", "LAW Japan Security Treaty"});
  }
  SECTION("a listed place the model read as a law, event, product or work is the place") {
    const auto model = EntitySource::kModel, gaz = EntitySource::kGazetteer;
    // tokens: 0 The 1 London 2 - 3 based 4 bank
    CHECK(merged("The London-based bank", {ent(1, 2, "LAW", model), ent(1, 2, "GPE", gaz)}) == V{"GPE London"});
    CHECK(merged("The London-based bank", {ent(1, 2, "EVENT", model), ent(1, 2, "GPE", gaz)}) == V{"GPE London"});
    // a person or an organisation keeps the model's label
    CHECK(merged("The London-based bank", {ent(1, 2, "ORG", model), ent(1, 2, "GPE", gaz)}) == V{"ORG London"});
    // user and pattern entities are left as they are
    CHECK(merged("Sberbank CEO German Gref said", {ent(0, 4, "ORG", EntitySource::kUser)}) ==
          V{"ORG Sberbank CEO German Gref"});
  }
  SECTION("a model name stopped at a hyphen takes the lower-case rest of the word") {
    const auto model = EntitySource::kModel;
    // tokens: 0 Kim 1 Jong 2 - 3 un 4 met 5 Moon 6 Jae 7 - 8 in
    CHECK(merged("Kim Jong-un met Moon Jae-in", {ent(0, 2, "PERSON", model), ent(5, 7, "PERSON", model)}) ==
          V{"PERSON Kim Jong-un", "PERSON Moon Jae-in"});
    // a name particle followed by a capital, for any name type and length
    CHECK(merged("at Chester-le-Street", {ent(1, 2, "GPE", model)}) == V{"GPE Chester-le-Street"});
    CHECK(merged("Inzamam-ul-Haq scored", {ent(0, 1, "PERSON", model)}) == V{"PERSON Inzamam-ul-Haq"});
    // a compound head, a one-word person, a longer word, spaces or another type: left
    CHECK(merged("a Donald Trump-backed man", {ent(1, 3, "PERSON", model)}) == V{"PERSON Donald Trump"});
    CHECK(merged("a Joe Biden-era rule", {ent(1, 3, "PERSON", model)}) == V{"PERSON Joe Biden"});
    CHECK(merged("Trump-linked firms", {ent(0, 1, "PERSON", model)}) == V{"PERSON Trump"});
    CHECK(merged("the UK-based bank", {ent(1, 2, "GPE", model)}) == V{"GPE UK"});
    CHECK(merged("Ann Lee-controlled firms", {ent(0, 2, "PERSON", model)}) == V{"PERSON Ann Lee"});
    CHECK(merged("Kim Jong - un", {ent(0, 2, "PERSON", model)}) == V{"PERSON Kim Jong"});
    CHECK(merged("the Acme Corp-un deal", {ent(1, 3, "ORG", model)}) == V{"ORG Acme Corp"});
    // a lower-case word that is no particle before the capital, or no syllable: left
    CHECK(merged("New York-to-Chicago flights", {ent(0, 2, "GPE", model)}) == V{"GPE New York"});
    CHECK(merged("a Wes Anderson-esque film", {ent(1, 3, "PERSON", model)}) == V{"PERSON Wes Anderson"});
    CHECK(merged("the Tony Blair-years", {ent(1, 3, "PERSON", model)}) == V{"PERSON Tony Blair"});
    CHECK(merged("a Joe Biden-run agency", {ent(1, 3, "PERSON", model)}) == V{"PERSON Joe Biden"});
    CHECK(merged("Lee Myung-bak and Ma Ying-jeou", {ent(0, 2, "PERSON", model), ent(5, 7, "PERSON", model)}) ==
          V{"PERSON Lee Myung-bak", "PERSON Ma Ying-jeou"});
    CHECK(merged("in Rostov-on-Don", {ent(1, 2, "GPE", model)}) == V{"GPE Rostov-on-Don"});
    // user entities are left as they are
    CHECK(merged("Kim Jong-un met", {ent(0, 2, "PERSON", EntitySource::kUser)}) == V{"PERSON Kim Jong"});
  }
  SECTION("a lone title stays (nothing left to strip to)") {
    auto d = doc_of("the President said");
    auto r = byline::resolve_overlaps({ent(1, 2, "PERSON", EntitySource::kModel)}, d);
    CHECK(describe(d, r) == V{"PERSON President"});
  }
}

TEST_CASE("rules merge: resolve_doc_entities", "[rules]") {
  auto d = doc_of("Sberbank CEO German Gref");
  d.add_entity(ent(0, 1, "ORG", EntitySource::kModel));
  d.add_entity(ent(0, 2, "ORG", EntitySource::kPattern));
  byline::resolve_doc_entities(d);
  REQUIRE(d.num_entities() == 1);
  CHECK(d.entity(0).tok_end == 2);
}
