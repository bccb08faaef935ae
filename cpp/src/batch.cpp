#include "internal/batch.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "byline/tokenizer.h"
#include "internal/log.h"
#include "internal/thread_pool.h"

namespace byline {

namespace internal {
void warn_threads_not_started(std::size_t started, std::size_t wanted, const char* why) noexcept {
  try {
    logger().warn("could start only {} of {} threads ({}); continuing with {}", started, wanted, why, started);
  } catch (...) {
  }
}
}  // namespace internal

int resolve_num_threads(int requested) {
  if (requested < 0) throw std::invalid_argument("number of threads must be >= 0 (0 = all cores)");
  if (requested > kMaxThreads) return kMaxThreads;
  if (requested > 0) return requested;
  if (const char* env = std::getenv("BYLINE_PARALLELISM")) {
    std::string v(env);
    if (v == "0" || v == "false" || v == "FALSE" || v == "False" || v == "off") return 1;
  }
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(std::min<unsigned>(hw, static_cast<unsigned>(kMaxThreads)));
}

std::vector<Doc> tokenize_batch(const Tokenizer& tokenizer, const std::vector<std::string_view>& texts,
                                int num_threads) {
  int threads = resolve_num_threads(num_threads);
  std::vector<Doc> docs(texts.size());
  internal::parallel_for(texts.size(), threads,
                         [&](std::size_t i) { docs[i] = internal::tokenize_numbered(tokenizer, texts[i], i); });
  return docs;
}

}  // namespace byline
