#include "internal/utf8.h"

#include <catch2/catch.hpp>
#include <string>

#include "byline/byline.h"

using byline::internal::find_invalid_utf8;
using byline::internal::replace_invalid_utf8;

TEST_CASE("utf8: validation", "[utf8]") {
  CHECK(find_invalid_utf8("") == std::string::npos);
  CHECK(find_invalid_utf8("plain ASCII text that is longer than eight bytes") == std::string::npos);
  CHECK(find_invalid_utf8("Путин 中国 😀 é") == std::string::npos);
  SECTION("each class of invalid sequence is found at its offset") {
    CHECK(find_invalid_utf8(std::string("ab\x80", 3)) == 2);             // lone continuation
    CHECK(find_invalid_utf8(std::string("abc\xC0\xAF", 5)) == 3);        // overlong '/'
    CHECK(find_invalid_utf8(std::string("\xE0\x80\xAF", 3)) == 0);       // overlong 3-byte
    CHECK(find_invalid_utf8(std::string("x\xED\xA0\x80", 4)) == 1);      // UTF-16 surrogate D800
    CHECK(find_invalid_utf8(std::string("\xF4\x90\x80\x80", 4)) == 0);   // > U+10FFFF
    CHECK(find_invalid_utf8(std::string("\xF5\x80\x80\x80", 4)) == 0);   // invalid lead
    CHECK(find_invalid_utf8(std::string("12345678\xE2\x82", 10)) == 8);  // truncated at end
    CHECK(find_invalid_utf8(std::string("\xFF", 1)) == 0);
  }
}

TEST_CASE("utf8: replacement of maximal subparts", "[utf8]") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(replace_invalid_utf8("ok") == "ok");
  CHECK(replace_invalid_utf8(std::string("a\x80"
                                         "b",
                                         3)) == "a" + fffd + "b");
  // A truncated 3-byte sequence is one maximal subpart -> one U+FFFD.
  CHECK(replace_invalid_utf8(std::string("a\xE2\x82"
                                         "b",
                                         4)) == "a" + fffd + "b");
  // Two lone continuation bytes -> two replacements.
  CHECK(replace_invalid_utf8(std::string("\x80\x80", 2)) == fffd + fffd);
  // Surrogate encodings: ED is valid lead but A0 is out of range -> ED, A0, 80 each replaced.
  CHECK(replace_invalid_utf8(std::string("\xED\xA0\x80", 3)) == fffd + fffd + fffd);
  CHECK(find_invalid_utf8(replace_invalid_utf8(std::string("\xC0\xFF\xF0\x9F\x98", 5))) == std::string::npos);
}

TEST_CASE("utf8: tokenizer policy", "[utf8][tokenizer]") {
  std::string bad("Putin\xFF said", 11);
  SECTION("strict raises EncodingError naming the byte") {
    byline::Tokenizer tok;
    try {
      tok.tokenize(bad);
      FAIL("expected EncodingError");
    } catch (const byline::EncodingError& e) {
      CHECK(e.byte_offset() == 5);
      CHECK(std::string(e.what()).find("byte 5") != std::string::npos);
    }
  }
  SECTION("replace substitutes U+FFFD and flags the doc") {
    byline::TokenizerOptions opts;
    opts.utf8 = byline::Utf8Policy::kReplace;
    byline::Doc doc = byline::Tokenizer(opts).tokenize(bad);
    CHECK(doc.utf8_replaced());
    CHECK(doc.text() == "Putin\xEF\xBF\xBD said");
    CHECK(doc.size() >= 2);
  }
  SECTION("valid input is not flagged") {
    CHECK_FALSE(byline::Tokenizer().tokenize(std::string("fine")).utf8_replaced());
  }
}

TEST_CASE("utf8: printable excerpts for error messages", "[utf8]") {
  using byline::internal::printable_excerpt;
  CHECK(printable_excerpt("plain") == "'plain'");
  CHECK(printable_excerpt("Путин\tsaid") == "'Путин\\tsaid'");
  CHECK(printable_excerpt(std::string("a\x00\x1b\xff\xc2\x85'\\", 8)) == "'a\\x00\\x1b\\xff\\xc2\\x85\\'\\\\'");
  CHECK(printable_excerpt("abcdef", 3) == "'abc'...");
  CHECK(printable_excerpt("ab\xD0\x9F", 3) == "'ab'...");  // never half a code point
}
