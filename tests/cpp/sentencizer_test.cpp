// Tests of sentence and paragraph splitting (docs/tokenization.md, "Sentences and
// paragraphs"), on real sentences from examples/articles/*.txt.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "byline/tokenizer.h"

namespace {

using Texts = std::vector<std::string>;

std::string span_text(const byline::Doc& doc, const byline::TokenRange& r) {
  std::uint32_t b = doc.token_begin()[r.begin], e = doc.token_end()[r.end - 1];
  return doc.text().substr(b, e - b);
}

Texts sentences_of(const std::string& text) {
  static const byline::Tokenizer tokenizer;
  byline::Doc doc = tokenizer.tokenize(text);
  Texts out;
  for (const auto& r : doc.sentences()) out.push_back(span_text(doc, r));
  return out;
}

Texts paragraphs_of(const std::string& text) {
  static const byline::Tokenizer tokenizer;
  byline::Doc doc = tokenizer.tokenize(text);
  Texts out;
  for (const auto& r : doc.paragraphs()) out.push_back(span_text(doc, r));
  return out;
}

}  // namespace

TEST_CASE("sentencizer: terminators", "[sentencizer]") {
  SECTION("period, question and exclamation marks") {
    CHECK(sentences_of("AI thrives on data. The synergy is real! Is it? Yes.") ==
          Texts{"AI thrives on data.", "The synergy is real!", "Is it?", "Yes."});
  }
  SECTION("a lower-case word after a terminator continues the sentence") {
    CHECK(sentences_of("He said wait... and left.") == Texts{"He said wait... and left."});
  }
  SECTION("decimal numbers and ordinals do not end sentences") {
    CHECK(sentences_of("With 1.4 billion people, it ranks 31st. Next.") ==
          Texts{"With 1.4 billion people, it ranks 31st.", "Next."});
  }
}

TEST_CASE("sentencizer: abbreviations", "[sentencizer]") {
  SECTION("titles and initials never end a sentence") {
    CHECK(sentences_of("Mr. Putin met Dr. Gref. J. R. R. Tolkien wrote.") ==
          Texts{"Mr. Putin met Dr. Gref.", "J. R. R. Tolkien wrote."});
  }
  SECTION("months before a number") {
    CHECK(sentences_of("Putin’s directive, published on Dec. 30, aims high.") ==
          Texts{"Putin’s directive, published on Dec. 30, aims high."});
  }
  SECTION("an abbreviation ends a sentence before a common sentence starter") {
    CHECK(sentences_of("It lags behind the U.S. The bank said so.") ==
          Texts{"It lags behind the U.S.", "The bank said so."});
    CHECK(sentences_of("the cost of U.S. rivals.") == Texts{"the cost of U.S. rivals."});
  }
}

TEST_CASE("sentencizer: quotes", "[sentencizer]") {
  SECTION("a closing quote after the terminator belongs to the sentence") {
    CHECK(sentences_of("“To be honest, these boundaries are being erased now.” By partnering, Russia aims.") ==
          Texts{"“To be honest, these boundaries are being erased now.”", "By partnering, Russia aims."});
  }
  SECTION("an opening quote after a terminator starts a sentence") {
    CHECK(sentences_of("“I would like to note ... beyond recognition,” he said. “To be honest, I thought.”") ==
          Texts{"“I would like to note ... beyond recognition,” he said.", "“To be honest, I thought.”"});
    CHECK(sentences_of("Vedyakhin said. \"DeepSeek has proven it.\"") ==
          Texts{"Vedyakhin said.", "\"DeepSeek has proven it.\""});
  }
  SECTION("a quoted question followed by a lower-case verb continues") {
    CHECK(sentences_of("\"Really?\" he asked.") == Texts{"\"Really?\" he asked."});
  }
  SECTION("closing bracket after the terminator") {
    CHECK(sentences_of("(See the report.) Then it ended.") == Texts{"(See the report.)", "Then it ended."});
  }
}

TEST_CASE("sentencizer: paragraphs and headlines", "[sentencizer]") {
  SECTION("a headline line followed by a blank line") {
    std::string text =
        "Sberbank 'ordered' to collaborate with China on AI\n\n"
        "Russian President Vladimir Putin has instructed the government. It said so.\n\n"
        "Sberbank’s chief executive, German Gref, highlighted it.";
    CHECK(sentences_of(text) == Texts{"Sberbank 'ordered' to collaborate with China on AI",
                                      "Russian President Vladimir Putin has instructed the government.", "It said so.",
                                      "Sberbank’s chief executive, German Gref, highlighted it."});
    CHECK(paragraphs_of(text) == Texts{"Sberbank 'ordered' to collaborate with China on AI",
                                       "Russian President Vladimir Putin has instructed the government. It said so.",
                                       "Sberbank’s chief executive, German Gref, highlighted it."});
  }
  SECTION("without blank lines, each line is a paragraph") {
    std::string text =
        "Image credit: The Byteline\n"
        "Russia’s Sberbank is moving forward. It said so.\n"
        "The Background and the Directives\n"
        "In Reuters’ coverage, it arrives.";
    CHECK(paragraphs_of(text) == Texts{"Image credit: The Byteline", "Russia’s Sberbank is moving forward. It said so.",
                                       "The Background and the Directives", "In Reuters’ coverage, it arrives."});
    CHECK(sentences_of(text).size() == 5);
  }
  SECTION("hard-wrapped lines inside a paragraph are joined") {
    std::string text =
        "Showers continued throughout the week in\n"
        "the Bahia cocoa zone, alleviating the drought since early\n"
        "January.\n\n"
        "The dry period means the temporao will be late.";
    CHECK(sentences_of(text) == Texts{"Showers continued throughout the week in\n"
                                      "the Bahia cocoa zone, alleviating the drought since early\n"
                                      "January.",
                                      "The dry period means the temporao will be late."});
    CHECK(paragraphs_of(text).size() == 2);
  }
  SECTION("list items on their own lines") {
    CHECK(sentences_of("Key points\n- Talent Exchanges\n- Data-Sharing Mechanisms") ==
          Texts{"Key points", "- Talent Exchanges", "- Data-Sharing Mechanisms"});
  }
  SECTION("CRLF, U+2029 and whitespace-only lines") {
    CHECK(paragraphs_of("One.\r\n\r\nTwo.").size() == 2);
    CHECK(paragraphs_of("One.\xE2\x80\xA9Two.").size() == 2);
    CHECK(paragraphs_of("One.\n  \t\nTwo.").size() == 2);
  }
  SECTION("empty input has no sentences") {
    CHECK(sentences_of("").empty());
    CHECK(paragraphs_of(" \n\n ").empty());
  }
  SECTION("splitting can be turned off") {
    byline::TokenizerOptions opts;
    opts.split_sentences = false;
    byline::Tokenizer t(opts);
    byline::Doc doc = t.tokenize(std::string("One. Two.\n\nThree."));
    CHECK(doc.sentences().size() == 1);
    CHECK(doc.paragraphs().size() == 1);
  }
}

TEST_CASE("sentencizer: sample articles", "[sentencizer]") {
  // Every sample article splits into sentences that partition its tokens, and known
  // sentences come out whole.
  const byline::Tokenizer t;
  std::ifstream f(std::string(BYLINE_SOURCE_DIR) + "/examples/articles/000_11915f40bc56dedd.txt", std::ios::binary);
  REQUIRE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  byline::Doc doc = t.tokenize(ss.str());
  Texts sents;
  for (const auto& r : doc.sentences()) sents.push_back(span_text(doc, r));
  REQUIRE(sents.size() >= 15);
  CHECK(sents[0] == "Sberbank 'ordered' to collaborate with China on AI");
  CHECK(std::find(sents.begin(), sents.end(), "This has severely limited Russia's AI ambitions.") != sents.end());
  CHECK(std::find(sents.begin(), sents.end(), "This places Russia behind the US, China, India, and Brazil.") !=
        sents.end());
  CHECK(doc.paragraphs().size() >= 10);
}
