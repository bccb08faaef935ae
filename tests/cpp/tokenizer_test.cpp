// Tests of the English news tokenizer. Every rule in docs/tokenization.md has a
// SECTION here, with real examples (many from examples/articles/*.txt).
#include "byline/tokenizer.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "byline/errors.h"
#include "internal/chars.h"
#include "internal/utf8.h"

namespace {

using Tokens = std::vector<std::string>;

Tokens tokens_of(const byline::Doc& doc) {
  Tokens out;
  for (std::size_t i = 0; i < doc.size(); ++i) out.emplace_back(doc.token_text(i));
  return out;
}

Tokens tok(const std::string& text) {
  static const byline::Tokenizer tokenizer;
  return tokens_of(tokenizer.tokenize(text));
}

byline::TokenKind kind_of(const std::string& text) {
  static const byline::Tokenizer tokenizer;
  byline::Doc doc = tokenizer.tokenize(text);
  REQUIRE(doc.size() == 1);
  return doc.kind(0);
}

// Checks every structural invariant of a Doc (see doc.h and tokenizer.h).
void check_invariants(const byline::Doc& doc) {
  const std::string& text = doc.text();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  REQUIRE(byline::internal::find_invalid_utf8(text) == std::string::npos);
  std::size_t prev_end = 0;
  std::string rebuilt;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    std::uint32_t b = doc.token_begin()[i], e = doc.token_end()[i];
    REQUIRE(b < e);          // never empty
    REQUIRE(b >= prev_end);  // ordered, never overlapping
    REQUIRE(e <= text.size());
    // On code-point boundaries.
    REQUIRE((s[b] & 0xC0) != 0x80);
    REQUIRE((e == text.size() || (s[e] & 0xC0) != 0x80));
    // The gap before the token holds separators only.
    for (std::size_t p = prev_end; p < b;) {
      int len;
      char32_t cp = byline::internal::decode(s, p, &len);
      REQUIRE(byline::internal::char_class(cp) == byline::internal::kSep);
      p += static_cast<std::size_t>(len);
    }
    // A combining mark never starts a token glued to the previous one.
    if (i > 0 && doc.token_end()[i - 1] == b) {
      int len;
      char32_t cp = byline::internal::decode(s, b, &len);
      REQUIRE(byline::internal::char_class(cp) != byline::internal::kMark);
    }
    // Code-point offsets agree with byte offsets.
    REQUIRE(doc.token_char_begin()[i] == byline::internal::count_code_points(text.data(), text.data() + b));
    REQUIRE(doc.token_char_end()[i] - doc.token_char_begin()[i] ==
            byline::internal::count_code_points(text.data() + b, text.data() + e));
    REQUIRE(doc.space_after(i) == !doc.whitespace_after(i).empty());
    rebuilt.append(text, prev_end, b - prev_end);
    rebuilt.append(text, b, e - b);
    prev_end = e;
  }
  for (std::size_t p = prev_end; p < text.size();) {
    int len;
    char32_t cp = byline::internal::decode(s, p, &len);
    REQUIRE(byline::internal::char_class(cp) == byline::internal::kSep);
    p += static_cast<std::size_t>(len);
  }
  rebuilt.append(text, prev_end, std::string::npos);
  REQUIRE(rebuilt == text);  // lossless
  REQUIRE(doc.char_length() == byline::internal::count_code_points(text.data(), text.data() + text.size()));

  // Sentences and paragraphs partition the tokens; paragraph ends are sentence ends.
  auto check_partition = [&](const std::vector<byline::TokenRange>& ranges) {
    std::uint32_t next = 0;
    for (const auto& r : ranges) {
      REQUIRE(r.begin == next);
      REQUIRE(r.end > r.begin);
      next = r.end;
    }
    REQUIRE(next == doc.size());
  };
  check_partition(doc.sentences());
  check_partition(doc.paragraphs());
  std::size_t k = 0;
  for (const auto& p : doc.paragraphs()) {
    while (k < doc.sentences().size() && doc.sentences()[k].end < p.end) ++k;
    REQUIRE(k < doc.sentences().size());
    REQUIRE(doc.sentences()[k].end == p.end);
  }
}

}  // namespace

TEST_CASE("tokenizer: quotes and apostrophes", "[tokenizer]") {
  SECTION("curly double quotes are separate tokens") {
    CHECK(tok("“To be honest,” he said.") == Tokens{"“", "To", "be", "honest", ",", "”", "he", "said", "."});
  }
  SECTION("straight double quotes") {
    CHECK(tok("\"China is a partner,\" Vedyakhin said.") ==
          Tokens{"\"", "China", "is", "a", "partner", ",", "\"", "Vedyakhin", "said", "."});
  }
  SECTION("single quotes around a word") {
    CHECK(tok("Sberbank 'ordered' to collaborate") == Tokens{"Sberbank", "'", "ordered", "'", "to", "collaborate"});
    CHECK(tok("‘maybe’") == Tokens{"‘", "maybe", "’"});
  }
  SECTION("doubled apostrophes and backticks as quotes") {
    CHECK(tok("''Yes''") == Tokens{"''", "Yes", "''"});
    CHECK(tok("``Yes''") == Tokens{"``", "Yes", "''"});
  }
  SECTION("guillemets") { CHECK(tok("«Da»") == Tokens{"«", "Da", "»"}); }
  SECTION("plural possessive keeps the apostrophe as a token") {
    CHECK(tok("In Reuters’ coverage") == Tokens{"In", "Reuters", "’", "coverage"});
  }
  SECTION("apostrophe inside a name stays") {
    CHECK(tok("O'Neill and D’Amato") == Tokens{"O'Neill", "and", "D’Amato"});
  }
}

TEST_CASE("tokenizer: possessives and contractions", "[tokenizer]") {
  SECTION("possessive 's, curly and straight") {
    CHECK(tok("Russia’s largest bank") == Tokens{"Russia", "’s", "largest", "bank"});
    CHECK(tok("Putin's directive") == Tokens{"Putin", "'s", "directive"});
    CHECK(tok("Sberbank’s chief executive, German Gref,") ==
          Tokens{"Sberbank", "’s", "chief", "executive", ",", "German", "Gref", ","});
  }
  SECTION("n't splits before the n") {
    CHECK(tok("don't") == Tokens{"do", "n't"});
    CHECK(tok("Don’t") == Tokens{"Do", "n’t"});
    CHECK(tok("isn't doesn't") == Tokens{"is", "n't", "does", "n't"});
    CHECK(tok("DIDN'T") == Tokens{"DID", "N'T"});
  }
  SECTION("irregular contractions follow the Penn Treebank") {
    CHECK(tok("can't won't ain't") == Tokens{"ca", "n't", "wo", "n't", "ai", "n't"});
    CHECK(tok("gonna") == Tokens{"gon", "na"});
    CHECK(tok("cannot") == Tokens{"cannot"});  // one token in CoNLL-2003
  }
  SECTION("other clitics") {
    CHECK(tok("it’s we'll I'm they're you've she'd") ==
          Tokens{"it", "’s", "we", "'ll", "I", "'m", "they", "'re", "you", "'ve", "she", "'d"});
    CHECK(tok("Let’s dive in") == Tokens{"Let", "’s", "dive", "in"});
  }
  SECTION("pre-tokenised clitics stay whole") {
    CHECK(tok("Men 's singles") == Tokens{"Men", "'s", "singles"});
    CHECK(tok("is n't") == Tokens{"is", "n't"});
  }
  SECTION("non-contractions") { CHECK(tok("o'clock rock 'n' roll") == Tokens{"o'clock", "rock", "'n'", "roll"}); }
}

TEST_CASE("tokenizer: dashes, ellipses and brackets", "[tokenizer]") {
  SECTION("em dash between words") {
    CHECK(tok("units (GPUs)—the microchips crucial for AI development—were") ==
          Tokens{"units", "(", "GPUs", ")", "—", "the", "microchips", "crucial", "for", "AI", "development", "—",
                 "were"});
  }
  SECTION("en dash in a range") { CHECK(tok("1990–1995") == Tokens{"1990", "–", "1995"}); }
  SECTION("double hyphen is a dash") {
    CHECK(tok("word--word") == Tokens{"word", "--", "word"});
    CHECK(tok("-- Reuters") == Tokens{"--", "Reuters"});
  }
  SECTION("ellipses") {
    CHECK(tok("Wait... what…") == Tokens{"Wait", "...", "what", "…"});
    CHECK(tok("...and") == Tokens{"...", "and"});
  }
  SECTION("brackets") {
    CHECK(tok("(AI),") == Tokens{"(", "AI", ")", ","});
    CHECK(tok("[1]{x}") == Tokens{"[", "1", "]", "{", "x", "}"});
  }
}

TEST_CASE("tokenizer: abbreviations and initials", "[tokenizer]") {
  SECTION("country abbreviations") {
    CHECK(tok("the cost of U.S. rivals") == Tokens{"the", "cost", "of", "U.S.", "rivals"});
    CHECK(tok("U.K. and U.N. officials") == Tokens{"U.K.", "and", "U.N.", "officials"});
  }
  SECTION("titles, months, companies") {
    CHECK(tok("Mr. Putin met Dr. Gref on Jan. 5 at Apple Inc. headquarters") ==
          Tokens{"Mr.", "Putin", "met", "Dr.", "Gref", "on", "Jan.", "5", "at", "Apple", "Inc.", "headquarters"});
    CHECK(tok("MR. PUTIN") == Tokens{"MR.", "PUTIN"});
  }
  SECTION("initials") {
    CHECK(tok("J. R. R. Tolkien") == Tokens{"J.", "R.", "R.", "Tolkien"});
    CHECK(tok("J.R.R. Tolkien") == Tokens{"J.R.R.", "Tolkien"});
    CHECK(tok("e.g. this") == Tokens{"e.g.", "this"});
  }
  SECTION("a sentence-final period after an ordinary word splits") {
    CHECK(tok("the U.S. said no.") == Tokens{"the", "U.S.", "said", "no", "."});
  }
  SECTION("period glued to the next sentence") {
    CHECK(tok("the end.The next") == Tokens{"the", "end", ".", "The", "next"});
  }
}

TEST_CASE("tokenizer: hyphens split off names, other compounds stay whole", "[tokenizer]") {
  SECTION("a capitalised part before the hyphen is split off (OntoNotes)") {
    CHECK(tok("Russia-China") == Tokens{"Russia", "-", "China"});
    CHECK(tok("UK-based Soviet-era") == Tokens{"UK", "-", "based", "Soviet", "-", "era"});
    CHECK(tok("Hangzhou-based Jean-Pierre") == Tokens{"Hangzhou", "-", "based", "Jean", "-", "Pierre"});
    CHECK(tok("Russia-China-India") == Tokens{"Russia", "-", "China", "-", "India"});
    CHECK(tok("AI-focused") == Tokens{"AI", "-", "focused"});
  }
  SECTION("anti/pro/non/ex before a capital") {
    CHECK(tok("anti-Western non-EU ex-Soviet") ==
          Tokens{"anti", "-", "Western", "non", "-", "EU", "ex", "-", "Soviet"});
  }
  SECTION("an abbreviation of capitals with dots before the hyphen") {
    CHECK(tok("U.S.-led U.N.-backed U.S.-China") ==
          Tokens{"U.S.", "-", "led", "U.N.", "-", "backed", "U.S.", "-", "China"});
    CHECK(tok("Mo.-based A.-based U.S.") == Tokens{"Mo.-based", "A.-based", "U.S."});
  }
  SECTION("combining forms, lower-case compounds, single letters and numbers stay whole") {
    CHECK(tok("Sino-Russian Anglo-Saxon") == Tokens{"Sino-Russian", "Anglo-Saxon"});
    CHECK(tok("six-to-nine-month state-of-the-art") == Tokens{"six-to-nine-month", "state-of-the-art"});
    CHECK(tok("X-ray F-16 COVID-19 5G-enabled mid-December") ==
          Tokens{"X-ray", "F-16", "COVID-19", "5G-enabled", "mid-December"});
  }
  SECTION("offsets of the split parts") {
    byline::Doc d = byline::Tokenizer().tokenize(std::string("a UK-based firm"));
    REQUIRE(d.size() == 5);
    CHECK(d.token_begin()[1] == 2);
    CHECK(d.token_end()[1] == 4);
    CHECK(d.token_begin()[2] == 4);
    CHECK(d.token_end()[3] == 10);
  }
  SECTION("suspended hyphen") { CHECK(tok("pre- and post-war") == Tokens{"pre-", "and", "post-war"}); }
}

TEST_CASE("tokenizer: numbers, ordinals, money and percentages", "[tokenizer]") {
  SECTION("numbers") {
    CHECK(tok("1,000.50 1.4 -3.5 +2 .5") == Tokens{"1,000.50", "1.4", "-3.5", "+2", ".5"});
    CHECK(tok("1.4 billion people") == Tokens{"1.4", "billion", "people"});
  }
  SECTION("ordinals") {
    CHECK(tok("31st out of 83") == Tokens{"31st", "out", "of", "83"});
    CHECK(tok("the 21st century.") == Tokens{"the", "21st", "century", "."});
  }
  SECTION("money") {
    CHECK(tok("$5bn") == Tokens{"$", "5bn"});
    CHECK(tok("€20") == Tokens{"€", "20"});
    CHECK(tok("£1.5m") == Tokens{"£", "1.5m"});
    CHECK(tok("US$5 HK$10") == Tokens{"US$", "5", "HK$", "10"});
    CHECK(tok("fell C$ 0.45 to A$ 101.15") == Tokens{"fell", "C$", "0.45", "to", "A$", "101.15"});
  }
  SECTION("percentages") {
    CHECK(tok("5%") == Tokens{"5", "%"});
    CHECK(tok("(5.5%).") == Tokens{"(", "5.5", "%", ")", "."});
  }
  SECTION("decades") { CHECK(tok("the '90s and ’67") == Tokens{"the", "'90s", "and", "’67"}); }
  SECTION("list and rank numbers at the start of a line") {
    CHECK(tok("1. Jan Ullrich\n2. Bjarne Riis") == Tokens{"1.", "Jan", "Ullrich", "2.", "Bjarne", "Riis"});
    CHECK(tok("1= Igor Trandenkov") == Tokens{"1=", "Igor", "Trandenkov"});
    CHECK(tok("finished 1.") == Tokens{"finished", "1", "."});
  }
  SECTION("scores") { CHECK(tok("beat him 6-4 6- 4") == Tokens{"beat", "him", "6-4", "6-", "4"}); }
}

TEST_CASE("tokenizer: times and dates", "[tokenizer]") {
  CHECK(tok("10:30") == Tokens{"10:30"});
  CHECK(tok("at 10:30, on 2025-01-01 or 1/1/2025.") ==
        Tokens{"at", "10:30", ",", "on", "2025-01-01", "or", "1/1/2025", "."});
  CHECK(tok("on January 1, 2025,") == Tokens{"on", "January", "1", ",", "2025", ","});
  CHECK(tok("10 a.m. EST") == Tokens{"10", "a.m.", "EST"});
  CHECK(tok("1996/97 1/2") == Tokens{"1996/97", "1/2"});
}

TEST_CASE("tokenizer: URLs, e-mails, handles and hashtags", "[tokenizer]") {
  SECTION("URLs with a scheme keep their punctuation, not the sentence's") {
    CHECK(tok("See https://example.com/a?b=c&d=(1).") == Tokens{"See", "https://example.com/a?b=c&d=(1)", "."});
    CHECK(tok("(http://www.kremlin.ru/events)") == Tokens{"(", "http://www.kremlin.ru/events", ")"});
  }
  SECTION("www and bare domains") {
    CHECK(tok("www.kremlin.ru, kremlin.ru and reuters.com/world") ==
          Tokens{"www.kremlin.ru", ",", "kremlin.ru", "and", "reuters.com/world"});
  }
  SECTION("e-mail") { CHECK(tok("e-mail press@example.com.") == Tokens{"e-mail", "press@example.com", "."}); }
  SECTION("handles and hashtags") { CHECK(tok("@Reuters: #AI #ИИ") == Tokens{"@Reuters", ":", "#AI", "#ИИ"}); }
  SECTION("word/word splits, numbers do not") {
    CHECK(tok("and/or US/UK") == Tokens{"and", "/", "or", "US", "/", "UK"});
  }
  SECTION("kinds") {
    CHECK(kind_of("https://example.com") == byline::TokenKind::kUrl);
    CHECK(kind_of("kremlin.ru") == byline::TokenKind::kUrl);
    CHECK(kind_of("press@example.com") == byline::TokenKind::kEmail);
    CHECK(kind_of("@Reuters") == byline::TokenKind::kHandle);
    CHECK(kind_of("#AI") == byline::TokenKind::kHashtag);
  }
}

TEST_CASE("tokenizer: emoji", "[tokenizer]") {
  SECTION("each emoji is a token, also when glued") { CHECK(tok("great😀😀") == Tokens{"great", "😀", "😀"}); }
  SECTION("skin tones, ZWJ sequences, variation selectors, flags, keycaps") {
    CHECK(tok("👍🏽 👨‍👩‍👧 ❤️ 🇷🇺🇨🇳 1️⃣") ==
          Tokens{"👍🏽", "👨‍👩‍👧", "❤️", "🇷🇺", "🇨🇳", "1️⃣"});
    CHECK(tok("🏳️‍🌈") == Tokens{"🏳️‍🌈"});
  }
  SECTION("kind") {
    CHECK(kind_of("👨‍👩‍👧") == byline::TokenKind::kEmoji);
    CHECK(kind_of("🇷🇺") == byline::TokenKind::kEmoji);
  }
  SECTION("emoticons") { CHECK(tok("info :) ok :-(") == Tokens{"info", ":)", "ok", ":-("}); }
}

TEST_CASE("tokenizer: any script", "[tokenizer]") {
  SECTION("Cyrillic and Greek words are tokens like Latin ones") {
    CHECK(tok("Москва и Пекин.") == Tokens{"Москва", "и", "Пекин", "."});
    CHECK(tok("Αθήνα, Ελλάδα") == Tokens{"Αθήνα", ",", "Ελλάδα"});
    CHECK(tok("«Сбербанк»") == Tokens{"«", "Сбербанк", "»"});
  }
  SECTION("CJK ideographs are one token each; kana and hangul runs are words") {
    CHECK(tok("北京欢迎你。") == Tokens{"北", "京", "欢", "迎", "你", "。"});
    CHECK(tok("東京タワー") == Tokens{"東", "京", "タワー"});
    CHECK(tok("서울 시") == Tokens{"서울", "시"});
  }
  SECTION("combining marks stay with their base") {
    CHECK(tok("cafe\xCC\x81 ok") == Tokens{"cafe\xCC\x81", "ok"});         // e + U+0301
    CHECK(tok("\xE5\x8C\x97\xCC\x81") == Tokens{"\xE5\x8C\x97\xCC\x81"});  // ideograph + mark
    CHECK(tok("\"\xCC\x81x") == Tokens{"\"\xCC\x81", "x"});                // quote + mark
    CHECK(tok("!!\xCC\x81") == Tokens{"!", "!\xCC\x81"});
  }
  SECTION("Arabic and Hebrew words") {
    CHECK(tok("موسكو، بكين") == Tokens{"موسكو", "،", "بكين"});
    CHECK(tok("שלום.") == Tokens{"שלום", "."});
  }
}

TEST_CASE("tokenizer: repeated punctuation", "[tokenizer]") {
  CHECK(tok("over!!! Really?! Yes.") == Tokens{"over", "!!!", "Really", "?!", "Yes", "."});
  CHECK(tok("**** ====") == Tokens{"****", "===="});
}

TEST_CASE("tokenizer: separators and control characters", "[tokenizer]") {
  SECTION("empty and blank input") {
    CHECK(tok("").empty());
    CHECK(tok(" \t\r\n\xC2\xA0\xE2\x80\x83").empty());
  }
  SECTION("NUL bytes and other controls separate tokens and are never inside one") {
    std::string text(
        "a\0b\x01"
        "c",
        5);
    CHECK(tok(text) == Tokens{"a", "b", "c"});
  }
  SECTION("no-break space, zero-width space and BOM are separators") {
    CHECK(tok("\xEF\xBB\xBFRussia\xC2\xA0"
              "China\xE2\x80\x8B"
              "AI") == Tokens{"Russia", "China", "AI"});
  }
}

TEST_CASE("tokenizer: invalid UTF-8", "[tokenizer]") {
  const byline::Tokenizer strict;
  byline::TokenizerOptions opts;
  opts.utf8 = byline::Utf8Policy::kReplace;
  const byline::Tokenizer lenient(opts);

  struct Case {
    std::string bytes;
    std::size_t bad_offset;
    const char* what;
  };
  const Case cases[] = {
      {std::string("ok \x80 x"), 3, "lone continuation byte"},
      {std::string("ab\xC0\xAF"), 2, "overlong '/'"},
      {std::string("\xE0\x80\xAF"), 0, "overlong 3-byte"},
      {std::string("x\xED\xA0\x80y"), 1, "UTF-16 surrogate encoded in UTF-8"},
      {std::string("abc\xE2\x80"), 3, "truncated sequence at the end"},
      {std::string("\xFF\xFE"), 0, "bytes that never occur in UTF-8"},
      {std::string("\xF4\x90\x80\x80"), 0, "code point above U+10FFFF"},
  };
  for (const Case& c : cases) {
    SECTION(c.what) {
      try {
        (void)strict.tokenize(c.bytes);
        FAIL("expected EncodingError");
      } catch (const byline::EncodingError& e) {
        CHECK(e.byte_offset() == c.bad_offset);
      }
      byline::Doc doc = lenient.tokenize(c.bytes);
      CHECK(doc.utf8_replaced());
      CHECK(doc.text().find("\xEF\xBF\xBD") != std::string::npos);
      check_invariants(doc);
    }
  }
  SECTION("valid input is not flagged") {
    byline::Doc doc = lenient.tokenize(std::string("Москва"));
    CHECK_FALSE(doc.utf8_replaced());
  }
  SECTION("maximal subparts: one U+FFFD per invalid subsequence") {
    byline::Doc doc =
        lenient.tokenize(std::string("a\xE2\x80"
                                     "b\x80\x80"));
    CHECK(doc.text() ==
          "a\xEF\xBF\xBD"
          "b\xEF\xBF\xBD\xEF\xBF\xBD");
  }
  SECTION("the replacement character is a token of kind other") {
    byline::Doc doc = lenient.tokenize(std::string("\xFF"));
    REQUIRE(doc.size() == 1);
    CHECK(doc.kind(0) == byline::TokenKind::kOther);
  }
}

TEST_CASE("tokenizer: token kinds", "[tokenizer]") {
  CHECK(kind_of("Sino-Russian") == byline::TokenKind::kWord);
  CHECK(kind_of("U.S.") == byline::TokenKind::kWord);
  CHECK(kind_of("n't") == byline::TokenKind::kWord);
  CHECK(kind_of("1,000.50") == byline::TokenKind::kNumber);
  CHECK(kind_of("31st") == byline::TokenKind::kNumber);
  CHECK(kind_of("2025-01-01") == byline::TokenKind::kNumber);
  CHECK(kind_of("—") == byline::TokenKind::kPunct);
  CHECK(kind_of("$") == byline::TokenKind::kSymbol);
  CHECK(kind_of("%") == byline::TokenKind::kPunct);  // Unicode Po
  CHECK(kind_of("C$") == byline::TokenKind::kSymbol);
}

TEST_CASE("tokenizer: explain reports the rule of each token", "[tokenizer]") {
  const byline::Tokenizer t;
  auto steps = t.explain("Mr. Putin's \"AI\" https://x.com 😀");
  std::vector<std::string> texts, rules;
  for (const auto& s : steps) {
    texts.push_back(s.text);
    rules.push_back(s.rule);
  }
  CHECK(texts == Tokens{"Mr.", "Putin", "'s", "\"", "AI", "\"", "https://x.com", "😀"});
  CHECK(rules == Tokens{"SPECIAL", "TOKEN", "SUFFIX", "PUNCT", "TOKEN", "PUNCT", "URL", "EMOJI"});
}

TEST_CASE("tokenizer: sample article sentences", "[tokenizer]") {
  CHECK(tok("Sberbank 'ordered' to collaborate with China on AI") ==
        Tokens{"Sberbank", "'", "ordered", "'", "to", "collaborate", "with", "China", "on", "AI"});
  CHECK(tok("“...recognition,” he said. “To be honest, I thought") ==
        Tokens{"“", "...", "recognition", ",", "”", "he", "said", ".", "“", "To", "be", "honest", ",", "I", "thought"});
  CHECK(tok("lags six to nine months behind") == Tokens{"lags", "six", "to", "nine", "months", "behind"});
  CHECK(tok("It’s a clear sign—and it has the potential") ==
        Tokens{"It", "’s", "a", "clear", "sign", "—", "and", "it", "has", "the", "potential"});
  CHECK(tok("Russia currently ranks 31st out of 83 countries") ==
        Tokens{"Russia", "currently", "ranks", "31st", "out", "of", "83", "countries"});
}

TEST_CASE("tokenizer: large and pathological input", "[tokenizer]") {
  const byline::Tokenizer t;
  SECTION("a 100 MB single line is one token, without recursion") {
    std::string big(100u << 20, 'a');
    byline::Doc doc = t.tokenize(std::move(big));
    REQUIRE(doc.size() == 1);
    CHECK(doc.token_end()[0] == (100u << 20));
    CHECK(doc.sentences().size() == 1);
  }
  SECTION("long chunks that strip one affix per step stay linear") {
    std::string s = "x";
    for (int i = 0; i < 200000; ++i) s += (i % 2) ? "%" : "&";
    byline::Doc doc = t.tokenize(s);
    CHECK(doc.size() == 200001);
    check_invariants(doc);
    std::string p;
    for (int i = 0; i < 200000; ++i) p += (i % 2) ? "(" : "'";
    p += "a@b.co";
    check_invariants(t.tokenize(p));
  }
  SECTION("a long run of combining marks stays with its base") {
    std::string s = "a";
    for (int i = 0; i < 100000; ++i) s += "\xCC\x81";
    byline::Doc doc = t.tokenize(s);
    CHECK(doc.size() == 1);
  }
  SECTION("a long dotted chain") {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "a.";
    s += "%";
    check_invariants(t.tokenize(s));
  }
}

TEST_CASE("tokenizer: properties over random text", "[tokenizer][property]") {
  byline::TokenizerOptions opts;
  opts.utf8 = byline::Utf8Policy::kReplace;
  const byline::Tokenizer t(opts);
  // Pieces mixing ASCII, punctuation, combining marks, emoji, CJK, separators and
  // invalid bytes; concatenated at random.
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "word",
                                           "U.S.",
                                           "Mr.",
                                           "'s",
                                           "n't",
                                           "’",
                                           "‘",
                                           "“",
                                           "”",
                                           "\"",
                                           "'",
                                           "-",
                                           "--",
                                           "—",
                                           "–",
                                           "…",
                                           ".",
                                           "..",
                                           ",",
                                           ";",
                                           ":",
                                           "!",
                                           "?",
                                           "(",
                                           ")",
                                           "[",
                                           "]",
                                           "$",
                                           "€",
                                           "%",
                                           "@",
                                           "#",
                                           "/",
                                           "&",
                                           "0",
                                           "42",
                                           "1,000.5",
                                           "10:30",
                                           "http://",
                                           "www.",
                                           ".com",
                                           "x@y.io",
                                           " ",
                                           " ",
                                           " ",
                                           "\n",
                                           "\n\n",
                                           "\t",
                                           "\r\n",
                                           "\xC2\xA0",
                                           "\xE2\x80\x8B",
                                           "\xE2\x80\xA9",
                                           std::string(1, '\0'),
                                           "\x01",
                                           "\xCC\x81",
                                           "\xE2\x80\x8D",
                                           "\xEF\xB8\x8F",
                                           "😀",
                                           "👍",
                                           "🏽",
                                           "🇷",
                                           "🇺",
                                           "北",
                                           "京",
                                           "。",
                                           "Москва",
                                           "Αθήνα",
                                           "שלום",
                                           "\x80",
                                           "\xC3",
                                           "\xE2\x82",
                                           "\xED\xA0\x80",
                                           "\xF0\x9F",
                                           "\xFF",
                                           ":)",
                                           "1.",
                                           "C$",
                                           "e.g.",
                                           "J.",
                                           "cannot",
                                           "don't",
                                           "''",
                                           "``"};
  std::mt19937 rng(20250101u);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text;
    int n = length(rng);
    for (int k = 0; k < n; ++k) text += pieces[pick(rng)];
    INFO("iteration " << iter);
    byline::Doc doc = t.tokenize(text);
    check_invariants(doc);
    // Re-tokenizing the repaired text gives the same tokens (idempotent, and valid
    // UTF-8 now passes the strict policy).
    const byline::Tokenizer strict;
    byline::Doc again = strict.tokenize(doc.text());
    REQUIRE(again.token_begin() == doc.token_begin());
    REQUIRE(again.token_end() == doc.token_end());
  }
}
