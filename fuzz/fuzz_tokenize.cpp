// Fuzzes the tokenizer with arbitrary bytes under both UTF-8 policies and checks
// the Doc invariants: lossless, ordered non-empty tokens on code-point boundaries,
// consistent byte/code-point offsets, sentences and paragraphs partitioning tokens.
#include <cstddef>
#include <cstdint>
#include <string>

#include "byline/byline.h"
#include "internal/utf8.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool is_separator_run(const byline::Doc& doc, std::size_t b, std::size_t e) {
  // Separator bytes: everything between tokens must re-tokenize to nothing.
  if (b == e) return true;
  byline::Doc gap = byline::Tokenizer().tokenize(std::string_view(doc.text()).substr(b, e - b));
  return gap.empty();
}

void check_doc(const byline::Doc& doc) {
  const std::string& t = doc.text();
  check(byline::internal::find_invalid_utf8(t) == std::string::npos);
  std::size_t prev = 0;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    std::uint32_t b = doc.token_begin()[i], e = doc.token_end()[i];
    check(b < e && e <= t.size() && b >= prev);
    check((static_cast<unsigned char>(t[b]) & 0xC0) != 0x80);
    check(e == t.size() || (static_cast<unsigned char>(t[e]) & 0xC0) != 0x80);
    check(doc.char_offset(b) == doc.token_char_begin()[i]);
    check(doc.char_offset(e) == doc.token_char_end()[i]);
    check(is_separator_run(doc, prev, b));
    check(doc.space_after(i) == (((i + 1 < doc.size()) ? doc.token_begin()[i + 1] : t.size()) > e));
    prev = e;
  }
  check(is_separator_run(doc, prev, t.size()));
  for (const auto* ranges : {&doc.sentences(), &doc.paragraphs()}) {
    std::uint32_t next = 0;
    for (const auto& r : *ranges) {
      check(r.begin == next && r.end > r.begin);
      next = r.end;
    }
    check(next == doc.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1u << 16)) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  static const byline::Tokenizer strict;
  static const byline::Tokenizer lenient([] {
    byline::TokenizerOptions o;
    o.utf8 = byline::Utf8Policy::kReplace;
    return o;
  }());
  try {
    byline::Doc doc = strict.tokenize(input);
    check(doc.text() == input);
    check_doc(doc);
  } catch (const byline::EncodingError& e) {
    check(e.byte_offset() < size);
  }
  byline::Doc doc = lenient.tokenize(input);
  check_doc(doc);
  byline::Doc back = byline::Doc::from_json(doc.to_json());
  check(back.token_begin() == doc.token_begin() && back.sentences() == doc.sentences());
  return 0;
}
