// Fuzzes the token-pattern loader (TokenMatcher::from_json, EntityRuler patterns_json)
// with arbitrary bytes as pattern JSON, then runs the matcher on a fixed short Doc.
// Bad patterns raise ConfigError (a byline::Error); any other exception, a crash,
// UB or a leak is a finding. Matches must be valid, non-overlapping token ranges.
#include <cstddef>
#include <cstdint>
#include <string>

#include "byline/byline.h"
#include "byline/rules.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

byline::Doc make_doc() {
  byline::Doc d = byline::Tokenizer().tokenize(
      std::string_view("Tortoise Media said GigaChat cost 5,000 roubles, up 15% on Article 12 of the U.S. law. "
                       "Anna Berg flew to Paris on Monday!"));
  byline::Entity e;
  e.tok_begin = 0;
  e.tok_end = 2;
  e.label = "ORG";
  d.add_entity(e);
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1u << 14)) return 0;
  std::string json(reinterpret_cast<const char*>(data), size);
  static const byline::Doc doc = make_doc();
  try {
    byline::TokenMatcher m = byline::TokenMatcher::from_json(json);
    std::uint32_t prev_end = 0;
    for (const auto& e : m.find(doc)) {
      check(e.tok_begin >= prev_end && e.tok_begin < e.tok_end && e.tok_end <= doc.size() && !e.label.empty());
      prev_end = e.tok_end;
    }
  } catch (const byline::Error&) {
    return 0;
  }
  // Valid patterns also go through the full rule stage (merge policy included).
  byline::RulerOptions o;
  o.numbers = false;
  o.dates = false;
  o.patterns_json = json;
  auto ruler = byline::EntityRuler::create(o);
  byline::Doc d = doc;
  ruler->annotate(d);
  std::uint32_t prev_end = 0;
  for (const auto& e : d.entities()) {
    check(e.tok_begin >= prev_end && e.tok_begin < e.tok_end && e.tok_end <= d.size());
    prev_end = e.tok_end;
  }
  return 0;
}
