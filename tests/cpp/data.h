// Open data for tests (../shared/data): present, or the test is skipped (never passed).
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <string>

namespace byline_test {

/// The path of a file under ../shared/data. When it is missing: with BYLINE_REQUIRE_DATA
/// set (make test, where the data exists) the test fails; under ctest (BYLINE_CTEST) the
/// process exits with 77, which ctest reports as skipped; run directly, the test warns
/// and ends without its checks.
inline bool shared_data(const std::string& rel, std::string& path) {
  path = std::string(BYLINE_SHARED_DIR) + "/data/" + rel;
  if (std::ifstream(path).good()) return true;
  if (std::getenv("BYLINE_REQUIRE_DATA") != nullptr) FAIL("required data file missing: " << path);
  if (std::getenv("BYLINE_CTEST") != nullptr) std::exit(77);
  WARN("data file missing, test skipped: " << path);
  return false;
}

}  // namespace byline_test
