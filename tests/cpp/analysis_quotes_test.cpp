// Analyzer on hand-made texts with hand-placed entities: quote spans, cues, speakers,
// linking and totality on odd input.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "byline/analysis.h"
#include "byline/errors.h"
#include "byline/tokenizer.h"

namespace {

// Tokenizes `text` and tags every token-aligned occurrence of each (phrase, label).
byline::Doc make_doc(const std::string& text, const std::vector<std::pair<std::string, std::string>>& ents) {
  static const byline::Tokenizer tok;
  byline::Doc doc = tok.tokenize(text);
  std::vector<byline::Entity> found;
  for (const auto& [phrase, label] : ents) {
    for (std::size_t pos = text.find(phrase); pos != std::string::npos; pos = text.find(phrase, pos + 1)) {
      std::uint32_t b = 0;
      while (b < doc.size() && doc.token_begin()[b] < pos) ++b;
      std::uint32_t e = b;
      while (e < doc.size() && doc.token_end()[e] <= pos + phrase.size()) ++e;
      if (b < doc.size() && doc.token_begin()[b] == pos && e > b && doc.token_end()[e - 1] == pos + phrase.size()) {
        bool overlap = false;
        for (const auto& f : found) overlap |= b < f.tok_end && f.tok_begin < e;
        if (!overlap) found.push_back({b, e, label, 1.0f, byline::EntitySource::kUser, ""});
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.tok_begin < y.tok_begin; });
  for (const auto& f : found) doc.add_entity(f);
  return doc;
}

std::string speaker(const byline::ArticleAnalysis& a, const byline::Quote& q) {
  return q.speaker_cluster >= 0 ? a.clusters[static_cast<std::size_t>(q.speaker_cluster)].canonical : "";
}

// Direct quotes of every kind, no reported speech (those have their own tests below).
const byline::Analyzer& analyzer() {
  static const byline::Analyzer an([] {
    byline::AnalyzerOptions o;
    o.speech_only = false;
    o.reported_speech = false;
    return o;
  }());
  return an;
}

}  // namespace

TEST_CASE("analysis quotes: spans and cues", "[analysis]") {
  SECTION("a quote over two paragraphs: the first has no closing mark, the second opens with one") {
    auto doc = make_doc(
        "Angela Merkel said: “We will not give up. The talks go on.\n\n“There is no alternative.”\n\nThe meeting "
        "ended.",
        {{"Angela Merkel", "PERSON"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.quotes.size() == 1);
    CHECK(a.quotes[0].paragraphs == 2);
    CHECK(a.quotes[0].text == "We will not give up. The talks go on.\n\n“There is no alternative.");
    CHECK(speaker(a, a.quotes[0]) == "Angela Merkel");
    CHECK(a.quotes[0].cue == "said");
  }
  SECTION("straight quotes, speaker after the cue") {
    auto doc = make_doc("\"It works,\" said John Smith. \"It really does.\"", {{"John Smith", "PERSON"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.quotes.size() == 2);
    CHECK(a.quotes[0].text == "It works,");
    CHECK(speaker(a, a.quotes[0]) == "John Smith");
    CHECK(speaker(a, a.quotes[1]) == "John Smith");
    CHECK(a.quotes[1].cue == "continuation");
  }
  SECTION("'told Reuters' before the quote: the subject speaks, not the outlet") {
    auto doc = make_doc("Jane Doe told Reuters: \"Prices will rise.\"", {{"Jane Doe", "PERSON"}, {"Reuters", "ORG"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.quotes.size() == 1);
    CHECK(speaker(a, a.quotes[0]) == "Jane Doe");
    CHECK(a.quotes[0].cue == "told");
  }
  SECTION("according to an organisation") {
    auto doc = make_doc("“Prices will rise,” according to Acme.", {{"Acme", "ORG"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.quotes.size() == 1);
    CHECK(speaker(a, a.quotes[0]) == "Acme");
    CHECK(a.quotes[0].cue == "according to");
  }
  SECTION("'she said' goes to the last named person, through a surname mention") {
    auto doc = make_doc("Jane Doe arrived late. Doe was tired.\n\n“We are ready,” she said.",
                        {{"Jane Doe", "PERSON"}, {"Doe", "PERSON"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.quotes.size() == 1);
    CHECK(speaker(a, a.quotes[0]) == "Jane Doe");
    CHECK(a.mentions[static_cast<std::size_t>(a.quotes[0].speaker_mention)].text == "Doe");
    CHECK(a.quotes[0].cue == "she said");
  }
  SECTION("'she said' skips a man named more recently; unknown first names do not block") {
    auto doc = make_doc("Angela Merkel met John Smith.\n\n“We are ready,” she said. “Are you?” he asked.",
                        {{"Angela Merkel", "PERSON"}, {"John Smith", "PERSON"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.quotes.size() == 2);
    CHECK(speaker(a, a.quotes[0]) == "Angela Merkel");
    CHECK(speaker(a, a.quotes[1]) == "John Smith");
    CHECK(analyzer().aliases().first_name_gender("Angela") == 'f');
    CHECK(analyzer().aliases().first_name_gender("vladimir") == 'm');
    CHECK(analyzer().aliases().first_name_gender("Xyzzy") == 0);
  }
  SECTION("scare quotes and titles stay unattributed") {
    auto doc =
        make_doc("The slogan “Make it work” was everywhere, John Smith noted later.", {{"John Smith", "PERSON"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.quotes.size() == 1);
    CHECK(a.quotes[0].speaker_cluster == -1);
    CHECK(a.quotes[0].speaker_mention == -1);
  }
  SECTION("a quote left open at a paragraph end that is not continued is dropped") {
    auto doc = make_doc("He said “this never ends.\n\nNext paragraph “closed” here.", {});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.quotes.size() == 1);
    CHECK(a.quotes[0].text == "closed");
  }
  SECTION("apostrophes are not quote marks") {
    auto doc = make_doc("Russia’s bank and the 'scare' word, it's fine.", {});
    CHECK(analyzer().analyze(doc).quotes.empty());
  }
}

TEST_CASE("analysis quotes: wire-style cue patterns", "[analysis]") {
  auto one = [](const std::string& text, const std::vector<std::pair<std::string, std::string>>& ents) {
    auto doc = make_doc(text, ents);
    auto a = analyzer().analyze(doc);
    REQUIRE(a.quotes.size() == 1);
    return speaker(a, a.quotes[0]);
  };
  SECTION("a person in the phrase after the cue speaks, not the firm before the name") {
    CHECK(one("\"Growth is slow,\" said Acme Bank economist Alain Marais.",
              {{"Acme Bank", "ORG"}, {"Alain Marais", "PERSON"}}) == "Alain Marais");
    CHECK(one("\"Growth is slow,\" said Dana Jones of Acme Bank.", {{"Acme Bank", "ORG"}, {"Dana Jones", "PERSON"}}) ==
          "Dana Jones");
  }
  SECTION("an unnamed source stays unattributed even when an organisation is named") {
    CHECK(one("\"It takes time,\" said one former USDA official.", {{"USDA", "ORG"}}).empty());
    CHECK(one("\"It is odd,\" said the Illinois Democrat.", {{"Illinois", "GPE"}}).empty());
    CHECK(one("\"It is fragile,\" the Maryland Democrat said.", {{"Maryland", "GPE"}}).empty());
  }
  SECTION("a person with a lower-case title before the cue") {
    CHECK(one("\"This is incompetence,\" private political analyst Stephen Hess told Reuters.",
              {{"Stephen Hess", "PERSON"}, {"Reuters", "ORG"}}) == "Stephen Hess");
    CHECK(one("\"Nothing new,\" an aide to Agriculture Secretary Richard Lyng said.", {{"Richard Lyng", "PERSON"}})
              .empty());
  }
  SECTION("the name before an appositive subject speaks, also an organisation") {
    CHECK(one("The Indian Express, the country's biggest paper, said: \"The cow is holy.\"",
              {{"Indian Express", "ORG"}}) == "Indian Express");
    CHECK(one("Allis-Chalmers, a unit of Big Corp, said a filing \"appears to be the only way.\"",
              {{"Allis-Chalmers", "ORG"}, {"Big Corp", "ORG"}}) == "Allis-Chalmers");
  }
  SECTION("the person heading an appositive subject speaks") {
    CHECK(one("Russell Leavitt, analyst at Salomon Brothers Inc, said the order \"will help production.\"",
              {{"Russell Leavitt", "PERSON"}, {"Salomon Brothers Inc", "ORG"}}) == "Russell Leavitt");
  }
  SECTION("a pronoun next to the cue beats a name after it; 'told X' names the listener") {
    CHECK(one("Minister John Kaputin spoke. \"We intend to help,\" he told Parliament.",
              {{"John Kaputin", "PERSON"}, {"Parliament", "ORG"}}) == "John Kaputin");
    CHECK(one("Jane Doe met Bob Roe. \"Fine,\" Doe told Roe.",
              {{"Jane Doe", "PERSON"}, {"Bob Roe", "PERSON"}, {"Doe", "PERSON"}, {"Roe", "PERSON"}}) == "Jane Doe");
  }
  SECTION("organisations speak when they touch the cue; possessive names are allowed") {
    CHECK(one("\"The plan is sound,\" the Treasury said.", {{"Treasury", "ORG"}}) == "Treasury");
    CHECK(one("\"Expect a gap,\" Hutton's Joe Phillippi said.", {{"Hutton", "ORG"}, {"Joe Phillippi", "PERSON"}}) ==
          "Joe Phillippi");
  }
}

TEST_CASE("analysis linking: hand-made cases", "[analysis]") {
  SECTION("surname before and after the full name, nearest full name wins") {
    auto doc = make_doc("Putin spoke. Vladimir Putin left. Putin returned.",
                        {{"Vladimir Putin", "PERSON"}, {"Putin", "PERSON"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.clusters.size() == 1);
    CHECK(a.clusters[0].canonical == "Vladimir Putin");
    CHECK(a.clusters[0].mentions.size() == 3);
  }
  SECTION("two people sharing a surname stay apart; the bare surname joins the nearest") {
    auto doc = make_doc("John Smith met Mary Smith. Later Smith left.",
                        {{"John Smith", "PERSON"}, {"Mary Smith", "PERSON"}, {"Smith", "PERSON"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.clusters.size() == 2);
    CHECK(a.clusters[1].canonical == "Mary Smith");
    CHECK(a.clusters[1].mentions.size() == 2);
  }
  SECTION("duplicate entities from two sources and joined fragments all get the cluster") {
    auto doc = make_doc("German Gref spoke. Later German Gref left.", {{"German Gref", "PERSON"}});
    byline::Doc d2 = doc;
    d2.clear_entities();
    d2.add_entity({0, 2, "PERSON", 1.0f, byline::EntitySource::kModel, ""});
    d2.add_entity({0, 2, "PERSON", 1.0f, byline::EntitySource::kGazetteer, ""});  // duplicate
    d2.add_entity({5, 6, "MISC", 1.0f, byline::EntitySource::kModel, ""});        // "German"
    d2.add_entity({6, 7, "ORG", 1.0f, byline::EntitySource::kModel, ""});         // "Gref"
    auto a = analyzer().analyze(d2);
    REQUIRE(a.clusters.size() == 1);
    CHECK(a.entity_cluster == std::vector<std::int32_t>{0, 0, 0, 0});
    CHECK(a.entity_canonical[2] == "German Gref");
  }
  SECTION("a headline in capitals does not give the canonical name") {
    auto doc = make_doc("PACIFIC WESTERN TO MERGE UNITS\n\nPacific Western said it would merge.",
                        {{"PACIFIC WESTERN", "ORG"}, {"Pacific Western", "ORG"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.clusters.size() == 1);
    CHECK(a.clusters[0].canonical == "Pacific Western");
  }
  SECTION("acronym in parentheses") {
    auto doc = make_doc("The European Central Bank (ECB) met. The ECB raised rates.",
                        {{"European Central Bank", "ORG"}, {"ECB", "ORG"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.clusters.size() == 1);
    CHECK(a.clusters[0].canonical == "European Central Bank");
    CHECK(a.clusters[0].mentions.size() == 3);
  }
  SECTION("country aliases: U.S., US, the United States, USA") {
    auto doc = make_doc("The United States and the U.S. and the US and USA.",
                        {{"United States", "GPE"}, {"U.S.", "GPE"}, {"US", "GPE"}, {"USA", "GPE"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.clusters.size() == 1);
    CHECK(a.clusters[0].canonical == "United States");
    CHECK(a.clusters[0].mentions.size() == 4);
  }
  SECTION("role split out of an over-long entity and appositive with 'of'") {
    auto doc = make_doc("Acme CEO Jane Doe spoke. John Roe, chief executive of Acme, agreed.",
                        {{"Acme CEO Jane Doe", "ORG"}, {"John Roe", "PERSON"}, {"Acme", "ORG"}});
    auto a = analyzer().analyze(doc);
    REQUIRE(a.roles.size() == 2);
    CHECK(a.clusters[static_cast<std::size_t>(a.roles[0].person_cluster)].canonical == "Jane Doe");
    CHECK(a.roles[0].role == "CEO");
    CHECK(a.roles[0].org == "Acme");
    CHECK(a.clusters[static_cast<std::size_t>(a.roles[1].person_cluster)].canonical == "John Roe");
    CHECK(a.roles[1].role == "chief executive");
    CHECK(a.roles[1].org == "Acme");
    CHECK(a.roles[0].org_cluster == a.roles[1].org_cluster);
  }
}

TEST_CASE("analysis: total on odd input", "[analysis]") {
  const auto& an = analyzer();
  SECTION("empty doc and doc without entities") {
    byline::Doc empty;
    auto a = an.analyze(empty);
    CHECK(a.quotes.empty());
    CHECK(a.clusters.empty());
    auto b = an.analyze(make_doc("“”\"\"“ ” \" “a", {}));
    CHECK(b.clusters.empty());
  }
  SECTION("random soup of quote marks, names, roles and parentheses") {
    const char* parts[] = {"“",         "”",     "\"",   "'",    "(",     ")",       "AI",        "CEO",
                           "President", ",",     ".",    "\n\n", "said",  "he",      "according", "to",
                           "John",      "Smith", "Acme", "’s",   "Share", "Source:", "the",       "of"};
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
      std::string text;
      int len = static_cast<int>(rng() % 60);
      for (int i = 0; i < len; ++i) {
        text += parts[rng() % (sizeof(parts) / sizeof(parts[0]))];
        if (rng() % 3) text += " ";
      }
      auto doc = make_doc(text, {{"John Smith", "PERSON"}, {"Smith", "PERSON"}, {"Acme", "ORG"}, {"AI", "MISC"}});
      auto a = an.analyze(doc);
      for (const auto& q : a.quotes) {
        REQUIRE(q.tok_begin < q.tok_end);
        REQUIRE(q.tok_end <= doc.size());
        REQUIRE(q.byte_end <= doc.text().size());
        REQUIRE(q.speaker_cluster < static_cast<std::int32_t>(a.clusters.size()));
      }
      for (const auto& r : a.roles) REQUIRE(r.person_cluster < static_cast<std::int32_t>(a.clusters.size()));
      for (const auto& m : a.mentions) REQUIRE(m.tok_end <= doc.size());
      REQUIRE(!a.to_json().empty());
    }
  }
}

TEST_CASE("analysis: a 10 MB article", "[analysis]") {
  const std::string para =
      "Angela Merkel met John Smith, chief executive of Acme, in Berlin. \"We agreed,\" she said. "
      "\"It took time.\" Smith told Reuters: \"Prices will rise.\" The US and the U.S. agreed.\n\n";
  std::string text;
  while (text.size() < 10u * 1024 * 1024) text += para;
  const std::size_t reps = text.size() / para.size();
  // entities placed per repetition (tokenize one paragraph, shift its token indices)
  static const byline::Tokenizer tok;
  byline::Doc one = make_doc(para, {{"Angela Merkel", "PERSON"},
                                    {"John Smith", "PERSON"},
                                    {"Smith", "PERSON"},
                                    {"Acme", "ORG"},
                                    {"Berlin", "GPE"},
                                    {"Reuters", "ORG"},
                                    {"US", "GPE"},
                                    {"U.S.", "GPE"}});
  byline::Doc doc = tok.tokenize(text);
  REQUIRE(doc.size() == one.size() * reps);
  for (std::size_t r = 0; r < reps; ++r)
    for (const auto& e : one.entities()) {
      byline::Entity x = e;
      x.tok_begin += static_cast<std::uint32_t>(r * one.size());
      x.tok_end += static_cast<std::uint32_t>(r * one.size());
      doc.add_entity(x);
    }
  auto t0 = std::chrono::steady_clock::now();
  auto a = analyzer().analyze(doc);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(secs < 20.0);
  REQUIRE(a.quotes.size() == 3 * reps);
  CHECK(speaker(a, a.quotes.back()) == "John Smith");
  CHECK(speaker(a, a.quotes[a.quotes.size() - 3]) == "Angela Merkel");
  CHECK(a.clusters.size() == 6);  // Merkel, Smith, Acme, Berlin, Reuters, United States
  REQUIRE(a.roles.size() == 1);   // the same (person, role, org) each time: listed once, counted
  CHECK(a.roles[0].count == reps);
}

TEST_CASE("analysis boilerplate: hand-made pages", "[analysis]") {
  auto kinds = [](const std::string& text) {
    auto doc = make_doc(text, {});
    std::vector<std::string> k;
    for (const auto& g : analyzer().find_boilerplate(doc)) k.push_back(g.kind + "@" + std::to_string(g.para_begin));
    return k;
  };
  CHECK(kinds("Body one.\n\nRead more: Why banks love AI\n\nBody two.\n\nAdvertisement\n\nBody three.\n\n"
              "© 2025 Example Media. All rights reserved.") ==
        std::vector<std::string>{"reading_list@1", "promo@3", "credit@5"});
  CHECK(kinds("Body.\n\nShare this article\n\nRelated Articles\n\nOne\n\nTwo") ==
        std::vector<std::string>{"share@1", "reading_list@2"});
  CHECK(kinds("Source: Reuters\n\nThe source said the deal was off.") == std::vector<std::string>{"source@0"});
  CHECK(kinds("Sign up for our newsletter to get the news.\n\nBody.") == std::vector<std::string>{"promo@0"});
  CHECK(kinds("The share price fell.\n\nRelated stocks rose too, analysts said.").empty());
}

TEST_CASE("analysis: alias table and extra alias files", "[analysis]") {
  const auto& t = analyzer().aliases();
  CHECK(t.canonical("U.S.") == "United States");
  CHECK(t.canonical("u.s.") == "United States");
  CHECK(t.canonical("People’s Republic of China") == "China");
  CHECK(t.canonical("AI").empty());  // Anguilla's ISO code is not an alias
  CHECK(t.demonym_country("American") == "United States");
  CHECK(t.demonym_country("Russian") == "Russia");
  std::vector<std::string_view> words{"first", "deputy", "Chief", "Executive", "Officer"};
  CHECK(t.match_role(words, 2) == 3);
  CHECK(t.match_role(words, 0) == 0);
  const byline::Doc role_doc = byline::Tokenizer().tokenize(std::string("first deputy Chief Executive Officer"));
  CHECK(t.match_role(role_doc, 2) == 3);  // the same over a Doc's tokens
  CHECK(t.match_role(role_doc, 0) == 0);

  const std::string path = (std::filesystem::temp_directory_path() /
                            ("byline_extra_aliases_" + std::to_string(std::random_device{}()) + ".tsv"))
                               .string();
  {
    std::ofstream out(path);
    out << "# test\nALIAS\tBlighty\tUnited Kingdom\nROLE\tChief Vibes Officer\n";
  }
  byline::AnalyzerOptions opts;
  opts.extra_aliases_path = path;
  const byline::Analyzer custom(opts);
  CHECK(custom.aliases().canonical("Blighty") == "United Kingdom");
  CHECK(custom.aliases().canonical("UK") == "United Kingdom");
  auto doc = make_doc("Blighty and the UK. Chief Vibes Officer Jane Doe agreed.",
                      {{"Blighty", "GPE"}, {"UK", "GPE"}, {"Jane Doe", "PERSON"}});
  auto a = custom.analyze(doc);
  REQUIRE(a.clusters.size() == 2);
  CHECK(a.clusters[0].canonical == "United Kingdom");
  REQUIRE(a.roles.size() == 1);
  CHECK(a.roles[0].role == "Chief Vibes Officer");
  CHECK(analyzer().aliases().canonical("Blighty").empty());  // the built-in table is unchanged
  {
    std::ofstream out(path);
    out << "ALIAS\tonly-two-columns\n";
  }
  CHECK_THROWS_AS(byline::Analyzer(opts), byline::FormatError);
  opts.extra_aliases_path = path + ".missing";
  CHECK_THROWS_AS(byline::Analyzer(opts), byline::InputError);
  std::remove(path.c_str());
}

TEST_CASE("analysis speech: reported speech, quote kinds", "[analysis]") {
  const byline::Analyzer speech;  // the defaults: speech only, reported speech on
  auto statements = [&](const std::string& text, const std::vector<std::pair<std::string, std::string>>& ents) {
    auto doc = make_doc(text, ents);
    auto a = speech.analyze(doc);
    std::vector<std::string> out;
    for (const auto& q : a.quotes)
      out.push_back(std::string(q.direct ? "D " : "R ") + speaker(a, q) + " [" + q.cue + "] " + q.text);
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(statements("Putin said Russia must lead.", {{"Putin", "PERSON"}}) == V{"R Putin [said] Russia must lead"});
  CHECK(statements("Gref acknowledged that graphics cards were the hardest to obtain.", {{"Gref", "PERSON"}}) ==
        V{"R Gref [acknowledged] graphics cards were the hardest to obtain"});
  CHECK(statements("Smith told Reuters on Monday that the plant would close.",
                   {{"Smith", "PERSON"}, {"Reuters", "ORG"}}) == V{"R Smith [told] the plant would close"});
  CHECK(statements("According to the ministry, exports rose by a third.", {{"ministry", "ORG"}}) ==
        V{"R ministry [according to] exports rose by a third"});
  CHECK(statements("Exports rose by a third, according to the ministry.", {{"ministry", "ORG"}}) ==
        V{"R ministry [according to] Exports rose by a third"});
  CHECK(statements("The plant will close next year, Smith said.", {{"Smith", "PERSON"}}) ==
        V{"R Smith [said] The plant will close next year"});
  CHECK(statements("Angela Merkel arrived. She said the talks had failed.", {{"Angela Merkel", "PERSON"}}) ==
        V{"R Angela Merkel [said] the talks had failed"});
  // not reported speech: a noun phrase object, "said to be", no speaker
  CHECK(statements("Gref confirmed the partnership with the bank.", {{"Gref", "PERSON"}}).empty());
  CHECK(statements("Gref is said to be leaving.", {{"Gref", "PERSON"}}).empty());
  // an unnamed speaker: a statement without a speaker
  CHECK(statements("Officials said the talks had failed.", {}) == V{"R  [said] the talks had failed"});
  CHECK(statements("The plant will close, a company spokesman said.", {}) == V{"R  [said] The plant will close"});
  CHECK(statements("Karin Lund, who runs a shelter, told the council that demand had doubled.",
                   {{"Karin Lund", "PERSON"}}) == V{"R Karin Lund [told] demand had doubled"});
  CHECK(statements("Output would rise 8 percent, said Yuri Belov, an economist at the bank.",
                   {{"Yuri Belov", "PERSON"}}) == V{"R Yuri Belov [said] Output would rise 8 percent"});
  CHECK(
      statements("Belov said output would rise, adding that the mine would open on schedule.", {{"Belov", "PERSON"}}) ==
      V{"R Belov [said] output would rise", "R Belov [adding] the mine would open on schedule"});
  // direct quotes stay direct; scare quotes and titles are not speech by default
  CHECK(statements("“We will win,” Smith said.", {{"Smith", "PERSON"}}) == V{"D Smith [said] We will win,"});
  CHECK(statements("Analysts call it the new “Great Game.” It is not.", {}).empty());
  byline::AnalyzerOptions all;
  all.speech_only = false;
  const byline::Analyzer every(all);
  auto doc = make_doc("Analysts call it the new “Great Game.” He read the book “War and Peace” twice.", {});
  auto a = every.analyze(doc);
  REQUIRE(a.quotes.size() == 2);
  CHECK(a.quotes[0].kind == "scare");
  CHECK(a.quotes[1].kind == "title");
}

TEST_CASE("analysis speech: a sentence ending 'X also said.' (an adverb before the cue)", "[analysis]") {
  const byline::Analyzer speech;
  auto doc = make_doc("The service will be available to more households in the test area, Tandem also said.",
                      {{"Tandem", "ORG"}});
  auto a = speech.analyze(doc);
  REQUIRE(a.quotes.size() == 1);
  CHECK(a.quotes[0].text == "The service will be available to more households in the test area");
  CHECK(speaker(a, a.quotes[0]) == "Tandem");
  auto none = make_doc("Tandem also said.", {{"Tandem", "ORG"}});
  CHECK(speech.analyze(none).quotes.empty());
}
