// Inputs found by the libFuzzer targets in fuzz/, kept as regression tests: each must
// now end in a byline::Error (or a result), never another exception or a crash.
#include <catch2/catch.hpp>
#include <string>

#include "byline/errors.h"
#include "byline/rules.h"

TEST_CASE("fuzz regressions: pattern JSON with a number overflow is a ConfigError", "[rules][fuzz]") {
  // fuzz_patterns: nlohmann throws out_of_range (not parse_error) for 1e411, which escaped
  // TokenMatcher::from_json and terminated the process.
  const std::string crash = "10111e411\xF9:W)]";
  CHECK_THROWS_AS(byline::TokenMatcher::from_json(crash), byline::ConfigError);
  CHECK_THROWS_WITH(byline::TokenMatcher::from_json(R"([{"label": "X", "pattern": "x", "value": 1e999}])"),
                    Catch::Contains("patterns: invalid JSON") && Catch::Contains("number overflow"));
  byline::RulerOptions o;
  o.patterns_json = "[-1e400]";
  CHECK_THROWS_AS(byline::EntityRuler::create(o), byline::ConfigError);
}
